/**
 * The relay's plumbing, shared by both transports: one upstream request through
 * the guarded pool, bounded reads of JSON bodies, event-by-event SSE forwarding
 * with backpressure, and the JSON-RPC-shaped errors the gateway itself answers.
 */
import { once } from 'node:events';
import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Dispatcher } from 'undici';
import { ERROR_CODES, type ErrorCode } from '../errorCodes.js';
import { tlsFailure } from '../outbound/index.js';
import { errorResponse, INTERNAL_ERROR, type JsonRpcId } from './jsonRpc.js';
import type { AbortState, Lifetime } from './relayLifetime.js';
import { SseSplitter, type SseEvent } from './sseEvents.js';
import { DispatchedBody, readableBody, type UpstreamBody } from './upstreamBody.js';
import { UpstreamFailure } from './upstreamFailure.js';

export { UpstreamFailure } from './upstreamFailure.js';

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Decompressed when the upstream compressed it anyway. */
  body: UpstreamBody;
}

export interface UpstreamCall {
  url: Readonly<URL>;
  method: 'GET' | 'POST' | 'DELETE';
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Ends the upstream request when the exchange is aborted (client gone, timeout). */
  life: Lifetime;
  dispatcher: Dispatcher;
  maxHeaders: number;
}

/**
 * One upstream request through the guarded pool, on undici's dispatch API: no
 * stream is built for a body read whole, and an abort goes straight to the
 * request (an AbortSignal per call costs more than the rest of the client).
 * Resolves with the status and headers; the body follows through `body`.
 */
export function callUpstream(call: UpstreamCall): Promise<UpstreamResponse> {
  return new Promise((resolve, reject) => {
    let body: DispatchedBody | undefined;
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(controller) {
        call.life.bind((reason) => controller.abort(reason));
      },
      onResponseStart(controller, status, headers) {
        if (status < 200) return; // informational: the answer follows
        if (Object.keys(headers).length > call.maxHeaders) {
          controller.abort(new UpstreamFailure(502, `The upstream server sent more than ${call.maxHeaders} response headers`));
          return;
        }
        body = new DispatchedBody(controller);
        const encoding = String(headers['content-encoding'] ?? 'identity').toLowerCase();
        if (encoding === 'identity') return resolve({ status, headers, body });
        const decoder = encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : null;
        if (!decoder) {
          controller.abort(new UpstreamFailure(502, `The upstream server used an unsupported content encoding (${encoding})`));
          return;
        }
        const raw = body.stream();
        raw.on('error', (err) => decoder.destroy(err));
        resolve({ status, headers, body: readableBody(raw.pipe(decoder)) });
      },
      onResponseData(_controller, chunk) {
        body?.push(chunk);
      },
      onResponseEnd() {
        body?.end();
      },
      onResponseError(_controller, err) {
        if (body) body.fail(failureOf(err, call.life, call.url.host));
        else reject(failureOf(err, call.life, call.url.host));
      },
    };
    try {
      call.dispatcher.dispatch(
        { origin: call.url.origin, path: call.url.pathname + call.url.search, method: call.method, headers: call.headers, ...(call.body !== undefined ? { body: call.body } : {}) },
        handler,
      );
    } catch (err) {
      reject(failureOf(err, call.life, call.url.host));
    }
  });
}

/**
 * What went wrong talking to the upstream, in words fit for the client (no
 * addresses, no stacks). A TLS failure names the upstream's host (the client
 * and the administrator need it to know which certificate to fix).
 */
export function failureOf(err: unknown, signal: AbortState, host?: string): UpstreamFailure {
  if (err instanceof UpstreamFailure) return err;
  if (signal.aborted && signal.reason instanceof UpstreamFailure) return signal.reason;
  const e = err as { code?: string; cause?: { code?: string } };
  if (e?.code === 'EBLOCKED' || e?.cause?.code === 'EBLOCKED') {
    return new UpstreamFailure(502, 'The upstream server resolves to an address the gateway may not connect to');
  }
  if (e?.code === 'UND_ERR_HEADERS_TIMEOUT' || e?.code === 'UND_ERR_BODY_TIMEOUT') return new UpstreamFailure(504, 'The upstream server did not answer in time');
  const tls = host !== undefined ? tlsFailure(err, host) : undefined;
  if (tls) return new UpstreamFailure(502, `The gateway refused the upstream server's TLS certificate: ${tls}`);
  return new UpstreamFailure(502, 'The upstream server could not be reached or broke off the connection');
}

/** The body, up to `max` bytes; a larger one is refused without reading the rest. */
export function readBounded(body: UpstreamBody, max: number): Promise<Buffer> {
  return body.readAll(max, () => new UpstreamFailure(502, `The upstream server's response is larger than ${max} bytes`));
}

/** The only answers relayed to a client: a browser renders neither, whatever they hold. */
const RELAYED_TYPES = new Set(['application/json', 'text/event-stream']);
const MEDIA_TYPE = /^[\w!#$&^.+-]{1,60}\/[\w!#$&^.+-]{1,60}$/;

/**
 * Why a body may not be relayed as the upstream sent it: any type but JSON or an
 * event stream (HTML with a script would run on Toolshed's origin); undefined when
 * it may, or when there is no body.
 */
export function unrelayableBody(headers: Record<string, string | string[] | undefined>, body: Buffer): string | undefined {
  if (body.length === 0) return undefined;
  const value = headers['content-type'];
  const type = (Array.isArray(value) ? value[0] : value)?.split(';', 1)[0]!.trim().toLowerCase() ?? '';
  if (RELAYED_TYPES.has(type)) return undefined;
  const named = type === '' ? 'no content type' : MEDIA_TYPE.test(type) ? `content type ${type}` : 'an unreadable content type';
  return `The upstream server answered with ${named}; the gateway relays only application/json and text/event-stream`;
}

export function isEventStream(headers: Record<string, string | string[] | undefined>): boolean {
  return String(headers['content-type'] ?? '')
    .toLowerCase()
    .startsWith('text/event-stream');
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
 * as its blank line arrives, as received unless `rewrite` returns (or resolves to)
 * a replacement.
 * Resolves when the upstream ends; rejects when it breaks off or an event is too large.
 */
export async function relayEvents(source: Readable, res: ServerResponse, maxEventChars: number, rewrite: (event: SseEvent) => string | null | Promise<string | null>): Promise<void> {
  const splitter = new SseSplitter(maxEventChars);
  for await (const chunk of source) {
    const events = splitter.push(chunk as Buffer);
    for (const event of events) {
      let replaced = rewrite(event);
      // Most events are relayed as they are, without a turn of the event loop.
      if (replaced instanceof Promise) replaced = await replaced;
      const out = replaced ?? event.raw;
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

/** An RFC 9457 problem (`application/problem+json`) carrying its catalogue `code`, as the API's problems do. */
export function sendProblem(res: ServerResponse, code: ErrorCode, detail: string): void {
  noteReason(res, detail);
  if (res.headersSent) {
    res.end();
    return;
  }
  const status = ERROR_CODES[code].status;
  const text = JSON.stringify({ title: STATUS_CODES[status] ?? 'Error', status, detail, code });
  res.writeHead(status, { 'content-type': 'application/problem+json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

/** Why the gateway refused or failed an exchange, kept for the request's log line (see reasonOf). */
const reasons = new WeakMap<ServerResponse, string>();

/** Records why the exchange was refused or failed; a later note replaces an earlier one. */
export function noteReason(res: ServerResponse, reason: string): void {
  reasons.set(res, reason);
}

/** Why the exchange was refused or failed, when it was. */
export function reasonOf(res: ServerResponse): string | undefined {
  return reasons.get(res);
}

/** An HTTP-level refusal or failure with a JSON-RPC error body (what MCP clients read). */
export function sendRpcError(res: ServerResponse, status: number, message: string, id: JsonRpcId | null = null, code = INTERNAL_ERROR): void {
  noteReason(res, message);
  sendJson(res, status, errorResponse(id, code, message));
}
