/**
 * One HTTP request of a probe through the outbound guard's dispatcher (the
 * address it checked is the address it connects to), with the probe's signal so
 * the deadline or a failure cancels the socket, and the body left as a stream so
 * callers read only as much as the limits allow.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'undici';
import type { ProbeContext } from './probeContext.js';
import { ProbeError, probeErrorOf } from './probeError.js';

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: AsyncIterable<Buffer> & { destroy(err?: Error): unknown };
}

export interface HttpInit {
  method: 'GET' | 'POST' | 'DELETE';
  headers: Record<string, string>;
  body?: string;
  /** Another signal than the probe's (the session's DELETE, sent after a failure too). */
  signal?: AbortSignal;
}

export async function openHttp(ctx: ProbeContext, url: URL, init: HttpInit): Promise<HttpAnswer> {
  const own = new Set(Object.keys(init.headers).map((name) => name.toLowerCase()));
  // The target's headers cannot replace the protocol's own (accept, content type, session, version).
  const target = Object.fromEntries(Object.entries(ctx.headers).filter(([name]) => !own.has(name.toLowerCase())));
  const signal = init.signal ?? ctx.signal;
  try {
    const res = await request(url, {
      method: init.method,
      headers: { 'user-agent': 'Toolshed/0.1 (probe)', ...target, ...init.headers },
      ...(init.body !== undefined ? { body: init.body } : {}),
      dispatcher: ctx.outbound.dispatcher,
      signal,
    });
    // Readers see a failed body through iteration; a body dropped unread must not crash the process with its 'error'.
    res.body.on('error', () => {});
    return { status: res.statusCode, headers: res.headers as IncomingHttpHeaders, body: res.body };
  } catch (err) {
    throw probeErrorOf(err, url, signal);
  }
}

/** The whole body as text, or `too-large` (and the socket cancelled) past `maxBytes`. */
export async function readCapped(ctx: ProbeContext, url: URL, answer: HttpAnswer, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of answer.body) {
      size += chunk.length;
      if (size > maxBytes) throw new ProbeError('too-large', `a response from ${url.host} is larger than ${maxBytes} bytes`);
      chunks.push(chunk);
    }
  } catch (err) {
    answer.body.destroy();
    throw probeErrorOf(err, url, ctx.signal);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Drops a body the probe does not need, closing the connection rather than reading an endless one. */
export function discard(answer: HttpAnswer): void {
  answer.body.destroy();
}

export function contentTypeOf(answer: HttpAnswer): string {
  const value = answer.headers['content-type'];
  return (Array.isArray(value) ? value[0] : (value ?? '')).split(';')[0]!.trim().toLowerCase();
}

/** 401/403 are `auth`, a redirect or any other non-2xx is `http`: thrown for statuses a step does not handle itself. */
export function statusFailure(url: URL, status: number, what: string): ProbeError {
  if (status === 401 || status === 403) return new ProbeError('auth', `${url.host} answered ${what} with ${status}: credentials are needed or were refused`, status);
  if (status >= 300 && status < 400) return new ProbeError('http', `${url.host} answered ${what} with a redirect (${status}); probes do not follow redirects`, status);
  return new ProbeError('http', `${url.host} answered ${what} with HTTP ${status}`, status);
}
