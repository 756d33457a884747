/**
 * The relay's plumbing, shared by both transports: one upstream request through
 * the guarded pool, bounded reads of JSON bodies, event-by-event SSE forwarding
 * with backpressure, and the JSON-RPC-shaped errors the gateway itself answers.
 */
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { request, type Dispatcher } from 'undici';
import { errorResponse, INTERNAL_ERROR, type JsonRpcId } from './jsonRpc.js';
import { SseSplitter, type SseEvent } from './sseEvents.js';

export class UpstreamFailure extends Error {
  constructor(
    readonly status: 502 | 504,
    message: string,
  ) {
    super(message);
  }
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Decompressed when the upstream compressed it anyway. */
  body: Readable;
}

export interface UpstreamCall {
  url: URL;
  method: 'GET' | 'POST' | 'DELETE';
  headers: Record<string, string>;
  body?: string | Buffer;
  signal: AbortSignal;
  dispatcher: Dispatcher;
  maxHeaders: number;
}

export async function callUpstream(call: UpstreamCall): Promise<UpstreamResponse> {
  let res: Dispatcher.ResponseData;
  try {
    res = await request(call.url, {
      method: call.method,
      headers: call.headers,
      ...(call.body !== undefined ? { body: call.body } : {}),
      dispatcher: call.dispatcher,
      signal: call.signal,
    });
  } catch (err) {
    throw failureOf(err, call.signal);
  }
  if (Object.keys(res.headers).length > call.maxHeaders) {
    res.body.destroy();
    throw new UpstreamFailure(502, `The upstream server sent more than ${call.maxHeaders} response headers`);
  }
  const encoding = String(res.headers['content-encoding'] ?? 'identity').toLowerCase();
  const decoder = encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : null;
  if (encoding !== 'identity' && !decoder) {
    res.body.destroy();
    throw new UpstreamFailure(502, `The upstream server used an unsupported content encoding (${encoding})`);
  }
  let body: Readable = res.body;
  if (decoder) {
    res.body.on('error', (err) => decoder.destroy(err));
    body = res.body.pipe(decoder);
  }
  return { status: res.statusCode, headers: res.headers, body };
}

/** What went wrong talking to the upstream, in words fit for the client (no addresses, no stacks). */
export function failureOf(err: unknown, signal: AbortSignal): UpstreamFailure {
  if (err instanceof UpstreamFailure) return err;
  if (signal.aborted && signal.reason instanceof UpstreamFailure) return signal.reason;
  const e = err as { code?: string; cause?: { code?: string } };
  if (e?.code === 'EBLOCKED' || e?.cause?.code === 'EBLOCKED') {
    return new UpstreamFailure(502, 'The upstream server resolves to an address the gateway may not connect to');
  }
  if (e?.code === 'UND_ERR_HEADERS_TIMEOUT' || e?.code === 'UND_ERR_BODY_TIMEOUT') return new UpstreamFailure(504, 'The upstream server did not answer in time');
  return new UpstreamFailure(502, 'The upstream server could not be reached or broke off the connection');
}

/** The body, up to `max` bytes; a larger one is refused without reading the rest. */
export async function readBounded(body: Readable, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > max) {
      body.destroy();
      throw new UpstreamFailure(502, `The upstream server's response is larger than ${max} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function isEventStream(headers: Record<string, string | string[] | undefined>): boolean {
  return String(headers['content-type'] ?? '').toLowerCase().startsWith('text/event-stream');
}

export function isJson(headers: Record<string, string | string[] | undefined>): boolean {
  return /^application\/(?:[\w.+-]+\+)?json\b/i.test(String(headers['content-type'] ?? ''));
}

/** Writes and waits for the socket to drain when its buffer is full; false when the client is gone. */
export async function write(res: ServerResponse, text: string): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return false;
  if (res.write(text)) return true;
  await Promise.race([once(res, 'drain'), once(res, 'close')]);
  return !res.destroyed;
}

/**
 * Forwards an upstream event stream event by event: each event goes out as soon
 * as its blank line arrives, as received unless `rewrite` returns a replacement.
 * Resolves when the upstream ends; rejects when it breaks off or an event is too large.
 */
export async function relayEvents(
  source: Readable,
  res: ServerResponse,
  maxEventChars: number,
  rewrite: (event: SseEvent) => string | null,
): Promise<void> {
  const splitter = new SseSplitter(maxEventChars);
  for await (const chunk of source) {
    const events = splitter.push(chunk as Buffer);
    for (const event of events) {
      const out = rewrite(event) ?? event.raw;
      if (!(await write(res, out))) {
        source.destroy();
        return;
      }
    }
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** An HTTP-level refusal or failure with a JSON-RPC error body (what MCP clients read). */
export function sendRpcError(res: ServerResponse, status: number, message: string, id: JsonRpcId | null = null, code = INTERNAL_ERROR): void {
  sendJson(res, status, errorResponse(id, code, message));
}
