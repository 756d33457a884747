/**
 * The one guarded HTTP client for every outbound fetch. It resolves the host
 * itself, refuses addresses the policy blocks, and connects to the address it
 * checked (so DNS rebinding cannot swap in another). TLS certificates are always
 * verified. Responses are bounded in time and size, and redirects are not
 * followed unless the caller allows same-origin ones.
 */
import { isIP } from 'node:net';
import { Agent, request, type Dispatcher } from 'undici';
import { createAddressPolicy, type AddressPolicy, type AddressPolicyOptions } from './addressPolicy.js';
import { createGuardedLookup } from './guardedLookup.js';
import { tlsFailure } from './tlsFailure.js';

export class OutboundError extends Error {
  constructor(
    readonly reason: 'blocked' | 'scheme' | 'timeout' | 'too-large' | 'redirect' | 'network' | 'tls' | 'url',
    message: string,
  ) {
    super(message);
  }
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface FetchOptions {
  method?: 'GET' | 'HEAD' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  maxBytes?: number;
  /** `none` (the default): a 3xx is returned as is. `same-origin`: follow up to 5 within the origin. */
  redirects?: 'none' | 'same-origin';
}

export interface Outbound {
  readonly policy: AddressPolicy;
  readonly dispatcher: Dispatcher;
  /** Throws OutboundError when the URL may not be fetched at all (scheme, blocked IP literal). */
  checkUrl(url: string | URL, schemes?: string[]): URL;
  fetch(url: string | URL, options?: FetchOptions): Promise<OutboundResponse>;
  close(): Promise<void>;
}

export interface OutboundOptions extends AddressPolicyOptions {
  /** Allow plain http:// (tests and intranets); https is always allowed. */
  allowHttp?: boolean;
  connections?: number;
  /** The certificate authorities TLS connections trust (loadCaBundle); Node's bundled roots when absent. */
  ca?: string[];
}

export function createOutbound(options: OutboundOptions = {}): Outbound {
  const policy = createAddressPolicy(options);
  const guardedLookup = createGuardedLookup(policy);
  const dispatcher = new Agent({
    connections: options.connections ?? 64,
    connect: { lookup: guardedLookup, rejectUnauthorized: true, ...(options.ca ? { ca: options.ca } : {}) },
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });

  function checkUrl(input: string | URL, schemes = options.allowHttp ? ['https:', 'http:'] : ['https:']): URL {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      throw new OutboundError('url', `not a valid URL: ${String(input).slice(0, 200)}`);
    }
    if (!schemes.includes(url.protocol)) {
      throw new OutboundError('scheme', `${url.protocol.replace(':', '')} URLs are not allowed here (use ${schemes.join(' or ').replace(/:/g, '')})`);
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && !policy.permits(host)) {
      throw new OutboundError('blocked', `${host} is a private, loopback or otherwise blocked address`);
    }
    return url;
  }

  async function fetchOnce(url: URL, o: FetchOptions): Promise<OutboundResponse> {
    const maxBytes = o.maxBytes ?? 1024 * 1024;
    const signal = AbortSignal.timeout(o.timeoutMs ?? 10_000);
    let res: Dispatcher.ResponseData;
    try {
      res = await request(url, {
        method: o.method ?? 'GET',
        headers: { 'user-agent': 'Toolshed/0.1', ...o.headers },
        ...(o.body !== undefined ? { body: o.body } : {}),
        dispatcher,
        signal,
        maxRedirections: 0,
      } as never);
    } catch (err) {
      throw toOutboundError(err, url);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > maxBytes) {
          res.body.destroy();
          throw new OutboundError('too-large', `response from ${url.host} is larger than ${maxBytes} bytes`);
        }
        chunks.push(chunk as Buffer);
      }
    } catch (err) {
      if (err instanceof OutboundError) throw err;
      throw toOutboundError(err, url);
    }
    return { status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') };
  }

  return {
    policy,
    dispatcher,
    checkUrl,
    async fetch(input, o = {}) {
      let url = checkUrl(input);
      for (let hop = 0; ; hop++) {
        const res = await fetchOnce(url, o);
        const location = res.headers.location;
        if (o.redirects !== 'same-origin' || res.status < 300 || res.status >= 400 || typeof location !== 'string') return res;
        if (hop >= 5) throw new OutboundError('redirect', `too many redirects from ${url.host}`);
        const next = checkUrl(new URL(location, url));
        if (next.origin !== url.origin) {
          throw new OutboundError('redirect', `${url.host} redirected to another host (${next.host}); redirects must stay on the same origin`);
        }
        url = next;
      }
    },
    async close() {
      await dispatcher.close();
    },
  };
}

function toOutboundError(err: unknown, url: URL): OutboundError {
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.code === 'UND_ERR_HEADERS_TIMEOUT' || e?.code === 'UND_ERR_BODY_TIMEOUT') {
    return new OutboundError('timeout', `${url.host} did not answer in time`);
  }
  if (e?.code === 'EBLOCKED' || e?.cause?.code === 'EBLOCKED') {
    return new OutboundError('blocked', `${url.hostname} resolves only to private, loopback or otherwise blocked addresses`);
  }
  const tls = tlsFailure(err, url.host);
  if (tls) return new OutboundError('tls', `TLS failure: ${tls}`);
  return new OutboundError('network', `could not reach ${url.host} (${e?.code ?? e?.cause?.code ?? 'network error'})`);
}
