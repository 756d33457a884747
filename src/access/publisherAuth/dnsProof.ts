/**
 * `dns`: the publisher signs the current timestamp with a key published as a TXT
 * record at the domain's apex. Grants `publish <rev>/*` and `<rev>.*`: whoever
 * controls a zone controls its subdomains (as with ACME DNS-01).
 */
import { Resolver } from 'node:dns/promises';
import { createReplayGuard, exchangeDomainSignature, SIGNATURE_BODY_SCHEMA, type ReplayGuard } from './domainSignature.js';
import type { ProofMethod } from './proofMethod.js';

export interface DnsProofOptions {
  /** `host[:port]` of the DNS servers to ask; the system's resolvers when empty. */
  servers?: string[];
  timeoutMs?: number;
  /** Per lookup of the two misplaced-record selectors (run in parallel). */
  probeTimeoutMs?: number;
  /** Signatures already exchanged; share one between `dns` and `http` (see replayGuardFor). */
  replay?: ReplayGuard;
  now?: () => number;
}

/** Where people often put the record by analogy with DKIM; the official registry names them in its error. */
const WRONG_SELECTORS = ['_mcp-auth', '_mcp-registry'];

type Lookup = { ok: true; records: string[] } | { ok: false; code: string };

export function dnsProof(options: DnsProofOptions = {}): ProofMethod {
  const { servers = [], timeoutMs = 5_000, probeTimeoutMs = 2_000, replay = createReplayGuard(), now = Date.now } = options;

  async function lookupTxt(name: string, ms: number): Promise<Lookup> {
    // A resolver per lookup, so cancelling one on timeout leaves the others running.
    const resolver = new Resolver({ timeout: ms, tries: 1 });
    if (servers.length > 0) resolver.setServers(servers);
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<Lookup>((resolve) => {
      timer = setTimeout(() => {
        resolver.cancel();
        resolve({ ok: false, code: 'ETIMEOUT' });
      }, ms);
    });
    try {
      const answer = resolver.resolveTxt(name).then(
        // A TXT record may be split into several strings; they form one value (as Go's LookupTXT joins them).
        (rows): Lookup => ({ ok: true, records: rows.map((chunks) => chunks.join('')) }),
        (err: { code?: string }): Lookup => ({ ok: false, code: err.code ?? 'EUNKNOWN' }),
      );
      return await Promise.race([answer, expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The first wrong selector holding an MCPv1 record, if any. */
  async function misplacedRecord(domain: string): Promise<string | undefined> {
    const names = WRONG_SELECTORS.map((s) => `${s}.${domain}`);
    const found = await Promise.all(names.map(async (name) => hasMcpRecord(await lookupTxt(name, probeTimeoutMs))));
    return names.find((_, i) => found[i]);
  }

  async function fetchKeys(domain: string): Promise<string[] | { error: string }> {
    const apex = await lookupTxt(domain, timeoutMs);
    // Upstream probes only when the apex has TXT records but no MCPv1 one; a record put only under a
    // selector usually leaves the apex with none at all, so an empty apex is probed too.
    const absent = apex.ok ? !hasMcpRecord(apex) : apex.code === 'ENOTFOUND' || apex.code === 'ENODATA';
    if (absent) {
      const selector = await misplacedRecord(domain);
      if (selector) {
        return {
          error: `no MCPv1 TXT record at "${domain}", but one was found at "${selector}" — ` + 'MCP DNS auth requires the record at the apex domain, not under a selector',
        };
      }
    }
    if (!apex.ok) return { error: `failed to lookup DNS TXT records: lookup ${domain}: ${describeDnsError(apex.code)}` };
    return apex.records;
  }

  return {
    name: 'dns',
    failureDetail: 'DNS authentication failed',
    bodySchema: SIGNATURE_BODY_SCHEMA,
    exchange: (body) => exchangeDomainSignature({ method: 'dns', body, fetchKeys, includeSubdomains: true, replay, now }),
  };
}

function hasMcpRecord(lookup: Lookup): boolean {
  return lookup.ok && lookup.records.some((r) => r.includes('v=MCPv1'));
}

/** Go's resolver wording, which publishers will find in the official documentation and issues. */
function describeDnsError(code: string): string {
  switch (code) {
    case 'ENOTFOUND':
    case 'ENODATA':
      return 'no such host';
    case 'ETIMEOUT':
    case 'ECANCELLED':
      return 'i/o timeout';
    case 'ESERVFAIL':
      return 'server misbehaving';
    case 'EREFUSED':
      return 'connection refused';
    default:
      return `lookup failed (${code})`;
  }
}
