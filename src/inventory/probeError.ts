/**
 * A probe's failure as it travels up the probe's calls: a named kind, one line
 * for people, and the HTTP status when there was one. `probeErrorOf` names what
 * the network, TLS, the outbound guard or the deadline threw. Messages name the
 * host only, never a header, path or query, so credentials and session ids stay out.
 */
import { OutboundError, tlsFailure } from '../outbound/index.js';
import type { ProbeFailure, ProbeFailureKind } from './snapshot.js';

export class ProbeError extends Error {
  constructor(
    readonly kind: ProbeFailureKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }

  toFailure(): ProbeFailure {
    return { kind: this.kind, message: this.message, ...(this.status !== undefined ? { status: this.status } : {}) };
  }
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA', 'ENODATA']);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

function codesOf(err: unknown): string[] {
  const codes: string[] = [];
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && typeof e === 'object' && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') codes.push(e.code);
  }
  return codes;
}

/** The named failure behind anything a probe's I/O threw. `signal` is the probe's: once it fired, its reason is the failure. */
export function probeErrorOf(err: unknown, url: URL, signal?: AbortSignal): ProbeError {
  if (err instanceof ProbeError) return err;
  if (signal?.aborted && signal.reason instanceof ProbeError) return signal.reason;
  if (err instanceof OutboundError) {
    const kind: ProbeFailureKind = err.reason === 'tls' ? 'tls' : err.reason === 'timeout' ? 'timeout' : err.reason === 'too-large' ? 'too-large' : err.reason === 'redirect' ? 'http' : 'refused';
    return new ProbeError(kind, err.message);
  }
  const codes = codesOf(err);
  const name = (err as { name?: string } | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError' || codes.some((c) => TIMEOUT_CODES.has(c))) return new ProbeError('timeout', `${url.host} did not answer in time`);
  if (codes.includes('EBLOCKED')) return new ProbeError('refused', `${url.hostname} resolves only to private, loopback or otherwise blocked addresses`);
  if (codes.some((c) => DNS_CODES.has(c))) return new ProbeError('dns', `${url.hostname} does not resolve (${codes.find((c) => DNS_CODES.has(c))})`);
  const tls = tlsFailure(err, url.host);
  if (tls) return new ProbeError('tls', `TLS failure: ${tls}`);
  return new ProbeError('refused', `could not reach ${url.host} (${codes[0] ?? 'connection closed'})`);
}
