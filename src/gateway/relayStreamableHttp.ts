/**
 * The streamable HTTP relay (both eras). POST bodies are inspected for policy
 * (denied calls are answered here and never sent on), and list results coming
 * back are filtered; GET listen streams and DELETE pass through. Session ids,
 * protocol versions and Last-Event-ID travel end to end, so the upstream's own
 * session is the session and no replica keeps any state about it.
 */
import type { Readable } from 'node:stream';
import type { ServerResponse } from 'node:http';
import { filterListResponse, listKindByShape } from './filterListResult.js';
import { inspectMessages, type Inspection } from './inspectMessages.js';
import { HEADER_MISMATCH, idKey, INVALID_REQUEST, isObject, isResponse, PARSE_ERROR, type JsonObject, type JsonRpcId } from './jsonRpc.js';
import { claimedVersion, isModernVersion, modernHeaderProblem } from './modernHeaders.js';
import { clientResponseHeaders, headerValue, SSE_HEADERS, upstreamRequestHeaders } from './proxyHeaders.js';
import type { RelayCall, RelaySettings } from './relayContext.js';
import { callUpstream, failureOf, isEventStream, isJson, readBounded, relayEvents, sendJson, sendRpcError, UpstreamFailure, write, type UpstreamResponse } from './relayIo.js';
import { relayLifetime } from './relayLifetime.js';
import { formatEvent, type SseEvent } from './sseEvents.js';
import type { Caller } from '../access/caller.js';

const BOTH = 'application/json, text/event-stream';

/** Refuses the exchange when the caller may not use this server or its address; the URL otherwise. */
export function admit(s: RelaySettings, call: RelayCall): URL | null {
  const decision = s.policy(call.caller, 'connect', { server: call.upstream.server });
  if (!decision.allowed) {
    sendRpcError(call.res, 403, `You may not connect to ${call.upstream.server} through this gateway`, null, INVALID_REQUEST);
    return null;
  }
  try {
    return s.checkUrl(call.upstream.url);
  } catch {
    sendRpcError(call.res, 502, `The gateway may not connect to the address registered for ${call.upstream.server}`);
    return null;
  }
}

export async function relayStreamableHttp(s: RelaySettings, call: RelayCall): Promise<void> {
  const url = admit(s, call);
  if (!url) return;
  const method = call.req.method;
  if (method === 'POST') return relayPost(s, call, url);
  if (method === 'GET' || method === 'DELETE') return relayGetOrDelete(s, call, url, method);
  call.res.setHeader('allow', 'GET, POST, DELETE');
  sendRpcError(call.res, 405, 'Method not allowed: use POST, GET or DELETE', null, INVALID_REQUEST);
}

function idOf(message: unknown): JsonRpcId | null {
  return isObject(message) && (typeof message.id === 'string' || typeof message.id === 'number') ? message.id : null;
}

async function relayPost(s: RelaySettings, call: RelayCall, url: URL): Promise<void> {
  const { req, res, upstream, caller } = call;
  let parsed: unknown;
  try {
    parsed = JSON.parse(call.body?.toString('utf8') ?? '');
  } catch {
    return sendRpcError(res, 400, 'Parse error: the request body is not valid JSON', null, PARSE_ERROR);
  }
  if (isModernVersion(headerValue(req.headers, 'mcp-protocol-version')) || isModernVersion(claimedVersion(parsed))) {
    const problem = modernHeaderProblem(req.headers, parsed);
    if (problem) return sendRpcError(res, 400, `Header mismatch: ${problem}`, idOf(parsed), HEADER_MISMATCH);
  }
  const batch = Array.isArray(parsed);
  if (batch && (parsed as unknown[]).length === 0) return sendRpcError(res, 400, 'Invalid request: an empty batch', null, INVALID_REQUEST);
  const messages = batch ? (parsed as unknown[]) : [parsed];
  if (!messages.every(isObject)) return sendRpcError(res, 400, 'Invalid request: each message must be a JSON-RPC object', null, INVALID_REQUEST);

  const inspection = inspectMessages(messages, caller, upstream.server, s.policy);
  if (inspection.forward.length === 0) return sendJson(res, 200, batch ? inspection.denied : inspection.denied[0]);
  const body = inspection.denied.length ? JSON.stringify(batch ? inspection.forward : inspection.forward[0]) : call.body!;
  const single = batch ? null : idOf(parsed);

  const life = relayLifetime(res, s.callTimeoutMs);
  try {
    let up: UpstreamResponse;
    try {
      up = await callUpstream({
        url,
        method: 'POST',
        headers: upstreamRequestHeaders(req.headers, upstream.headers, BOTH),
        body,
        signal: life.signal,
        dispatcher: s.dispatcher,
        maxHeaders: s.maxResponseHeaders,
      });
    } catch (err) {
      const failure = failureOf(err, life.signal);
      return sendRpcError(res, failure.status, failure.message, single);
    }
    if (refusedUpstream(s, call, up, single)) return;
    const headers = clientResponseHeaders(up.headers);
    if (up.status >= 200 && up.status < 300 && isEventStream(up.headers)) {
      return await streamPostResponse(s, call, up, headers, inspection, life.signal);
    }
    let payload: Buffer;
    try {
      payload = await readBounded(up.body, s.maxResponseBytes);
    } catch (err) {
      const failure = failureOf(err, life.signal);
      return sendRpcError(res, failure.status, failure.message, single);
    }
    if (up.status >= 200 && up.status < 300 && (up.status === 202 || up.status === 204 || payload.length === 0)) {
      if (inspection.denied.length) return sendJson(res, 200, batch ? inspection.denied : inspection.denied[0], headers);
      res.writeHead(up.status, headers);
      return void res.end(payload);
    }
    if (up.status >= 200 && up.status < 300 && isJson(up.headers) && (inspection.lists.size || inspection.denied.length)) {
      let answer: unknown;
      try {
        answer = JSON.parse(payload.toString('utf8'));
      } catch {
        return sendRpcError(res, 502, 'The upstream server answered with invalid JSON', single);
      }
      const filter = (m: unknown) => filterResponse(m, inspection, caller, upstream.server, s);
      const out = Array.isArray(answer) ? [...inspection.denied, ...answer.map(filter)] : inspection.denied.length ? [...inspection.denied, filter(answer)] : filter(answer);
      return sendJson(res, up.status, out, headers);
    }
    res.writeHead(up.status, { ...headers, 'content-length': String(payload.length) });
    res.end(payload);
  } finally {
    life.end();
  }
}

function filterResponse(message: unknown, inspection: Inspection, caller: Caller, server: string, s: RelaySettings): unknown {
  if (!isResponse(message)) return message;
  const kind = inspection.lists.get(idKey(message.id));
  return kind ? filterListResponse(message, kind, caller, server, s.policy) : message;
}

/**
 * Upstream answers the client must not see as they are: server errors (their
 * bodies may hold the upstream's internals) and auth challenges (they concern
 * the gateway's credentials for the upstream, not the client's for the gateway).
 */
export function refusedUpstream(s: RelaySettings, call: RelayCall, up: UpstreamResponse, id: JsonRpcId | null): boolean {
  if (up.status < 500 && up.status !== 401 && up.status !== 403 && !(up.status >= 300 && up.status < 400)) return false;
  up.body.resume();
  s.log.warn({ server: call.upstream.server, status: up.status }, 'upstream refused or failed a relayed request');
  const why =
    up.status >= 500
      ? `The upstream server failed (HTTP ${up.status})`
      : up.status >= 400
        ? `The upstream server refused the gateway's credentials for it (HTTP ${up.status})`
        : `The upstream server answered with a redirect (HTTP ${up.status}), which the gateway does not follow`;
  sendRpcError(call.res, 502, why, id);
  return true;
}

export function openEventStream(res: ServerResponse, status: number, headers: Record<string, string>): void {
  res.socket?.setNoDelay(true);
  res.writeHead(status, { ...headers, ...SSE_HEADERS });
  res.flushHeaders();
}

async function streamPostResponse(
  s: RelaySettings,
  call: RelayCall,
  up: UpstreamResponse,
  headers: Record<string, string>,
  inspection: Inspection,
  signal: AbortSignal,
): Promise<void> {
  const { res, caller, upstream } = call;
  openEventStream(res, up.status, headers);
  for (const denied of inspection.denied) await write(res, formatEvent(JSON.stringify(denied), { event: 'message' }));
  const pending = new Map(inspection.pending);
  try {
    await relayEvents(up.body, res, s.maxResponseBytes, (event) => {
      if (event.data === undefined || pending.size === 0) return null;
      const message = parseData(event);
      if (!isResponse(message)) return null;
      const key = idKey(message.id);
      if (!pending.delete(key)) return null;
      const kind = inspection.lists.get(key);
      if (!kind) return null;
      const filtered = filterListResponse(message, kind, caller, upstream.server, s.policy);
      return filtered === message ? null : formatEvent(JSON.stringify(filtered), { event: event.event, id: event.id });
    });
  } catch (err) {
    if (!res.destroyed) {
      const failure = failureOf(err, signal);
      s.log.warn({ server: upstream.server, reason: failure.message }, 'upstream event stream broke off');
      // The client is told, per request still unanswered, instead of waiting for an answer that will not come.
      for (const id of pending.values()) {
        await write(res, formatEvent(JSON.stringify({ jsonrpc: '2.0', id, error: { code: -32603, message: failure.message } }), { event: 'message' }));
      }
    }
  }
  res.end();
}

function parseData(event: SseEvent): unknown {
  try {
    return JSON.parse(event.data!);
  } catch {
    return undefined;
  }
}

/** A list result seen on a stream whose requests are not known here (GET listen and resume streams). */
export function filterByShape(event: SseEvent, caller: Caller, server: string, s: RelaySettings): string | null {
  if (event.data === undefined || !event.data.includes('"result"')) return null;
  const message = parseData(event);
  if (!isResponse(message)) return null;
  const kind = listKindByShape(message);
  if (!kind) return null;
  const filtered = filterListResponse(message as JsonObject, kind, caller, server, s.policy);
  return filtered === message ? null : formatEvent(JSON.stringify(filtered), { event: event.event, id: event.id });
}

async function relayGetOrDelete(s: RelaySettings, call: RelayCall, url: URL, method: 'GET' | 'DELETE'): Promise<void> {
  const { req, res, upstream, caller } = call;
  // A listen stream lives as long as the client keeps it; a DELETE is bounded like a call.
  const life = relayLifetime(res, method === 'GET' ? 0 : s.callTimeoutMs);
  try {
    let up: UpstreamResponse;
    try {
      up = await callUpstream({
        url,
        method,
        headers: upstreamRequestHeaders(req.headers, upstream.headers, method === 'GET' ? 'text/event-stream' : BOTH),
        signal: life.signal,
        dispatcher: s.dispatcher,
        maxHeaders: s.maxResponseHeaders,
      });
    } catch (err) {
      const failure = failureOf(err, life.signal);
      return sendRpcError(res, failure.status, failure.message);
    }
    if (refusedUpstream(s, call, up, null)) return;
    const headers = clientResponseHeaders(up.headers);
    if (method === 'GET' && up.status >= 200 && up.status < 300 && isEventStream(up.headers)) {
      openEventStream(res, up.status, headers);
      try {
        await relayEvents(up.body, res, s.maxResponseBytes, (event) => filterByShape(event, caller, upstream.server, s));
      } catch (err) {
        if (!res.destroyed) s.log.warn({ server: upstream.server, reason: failureOf(err, life.signal).message }, 'upstream listen stream broke off');
      }
      return void res.end();
    }
    await relayPlain(s, res, up, headers);
  } finally {
    life.end();
  }
}

/** A non-stream answer passed through as it is, bounded in size. */
export async function relayPlain(s: RelaySettings, res: ServerResponse, up: UpstreamResponse, headers: Record<string, string>): Promise<void> {
  let payload: Buffer;
  try {
    payload = await readBounded(up.body as Readable, s.maxResponseBytes);
  } catch (err) {
    const failure = err instanceof UpstreamFailure ? err : new UpstreamFailure(502, 'The upstream server broke off its answer');
    return sendRpcError(res, failure.status, failure.message);
  }
  res.writeHead(up.status, { ...headers, 'content-length': String(payload.length) });
  res.end(payload);
}
