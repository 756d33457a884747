/**
 * `http`: the publisher signs the current timestamp with the key served at
 * `https://<domain>/.well-known/mcp-registry-auth`. Grants `publish <rev>/*` only:
 * serving one host's files says nothing about its subdomains.
 */
import { OutboundError, type Outbound } from '../../outbound/index.js';
import { createReplayGuard, exchangeDomainSignature, SIGNATURE_BODY_SCHEMA, type ReplayGuard } from './domainSignature.js';
import type { ProofMethod } from './proofMethod.js';

/** The official limit on the well-known file. */
export const MAX_KEY_FILE_BYTES = 4096;
/** Read this much so that a large error page still reports its status rather than its size. */
const READ_LIMIT_BYTES = 64 * 1024;

export interface HttpProofOptions {
  outbound: Outbound;
  /** Where a domain's key file is fetched; tests point it at a loopback server (the Host header stays the domain). */
  wellKnownUrl?: (domain: string) => string;
  timeoutMs?: number;
  /** Signatures already exchanged; share one between `dns` and `http` (see replayGuardFor). */
  replay?: ReplayGuard;
  now?: () => number;
}

export const wellKnownUrl = (domain: string): string => `https://${domain}/.well-known/mcp-registry-auth`;

export function httpProof(options: HttpProofOptions): ProofMethod {
  const { outbound, timeoutMs = 10_000, replay = createReplayGuard(), now = Date.now } = options;
  const urlFor = options.wellKnownUrl ?? wellKnownUrl;

  async function fetchKey(domain: string): Promise<string | { error: string }> {
    const url = urlFor(domain);
    const headers: Record<string, string> = { accept: 'text/plain', 'user-agent': 'mcp-registry/1.0' };
    if (new URL(url).hostname !== domain.toLowerCase()) headers.host = domain;
    let res;
    try {
      res = await outbound.fetch(url, { timeoutMs, maxBytes: READ_LIMIT_BYTES, headers, redirects: 'none' });
    } catch (err) {
      if (!(err instanceof OutboundError)) throw err;
      if (err.reason === 'too-large') return { error: 'HTTP auth key response too large' };
      return { error: `failed to fetch key: ${err.message}` };
    }
    if (res.status >= 300 && res.status < 400) {
      // Following a redirect would let the domain send us anywhere (another host, an internal path).
      const to = typeof res.headers.location === 'string' ? ` to ${res.headers.location}` : '';
      return {
        error: `HTTP ${res.status}: failed to fetch key from ${url} (it redirects${to}; redirects are not followed, so serve the file at this URL directly)`,
      };
    }
    if (res.status !== 200) return { error: `HTTP ${res.status}: failed to fetch key from ${url}` };
    if (Buffer.byteLength(res.body, 'utf8') > MAX_KEY_FILE_BYTES) return { error: 'HTTP auth key response too large' };
    return res.body.trim();
  }

  async function fetchKeys(domain: string): Promise<string[] | { error: string }> {
    const body = await fetchKey(domain);
    // The whole file is one string, so only its first record is read: one key per file, as upstream.
    return typeof body === 'string' ? [body] : { error: `failed to fetch public key: ${body.error}` };
  }

  return {
    name: 'http',
    failureDetail: 'HTTP authentication failed',
    bodySchema: SIGNATURE_BODY_SCHEMA,
    exchange: (body) => exchangeDomainSignature({ method: 'http', body, fetchKeys, includeSubdomains: false, replay, now }),
  };
}
