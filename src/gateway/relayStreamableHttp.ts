/**
 * The streamable HTTP relay (both eras). POST bodies are inspected for policy
 * (denied calls are answered here and never sent on), and list results coming
 * back are filtered; GET listen streams and DELETE pass through. Protocol
 * versions and Last-Event-ID travel end to end, and so does the session id,
 * sealed to the connection on the client's side (sessionBinding.ts): the
 * upstream's own session is the session and no replica keeps any state about it.
 * Only JSON and event-stream answers reach the client.
 */
import type { ServerResponse } from 'node:http';
import { listKindsByShape } from './filterListResult.js';
import { guardListResponse, type ListPage } from './guardListResult.js';
import { inspectMessages, type Inspection } from './inspectMessages.js';
import { HEADER_MISMATCH, idKey, INTERNAL_ERROR, INVALID_REQUEST, isObject, isRequest, isResponse, type JsonObject, type JsonRpcId } from './jsonRpc.js';
import { readMessages } from './readMessages.js';
import { claimedVersion, isModernVersion, modernHeaderProblem } from './modernHeaders.js';
import { clientResponseHeaders, headerValue, JSON_BODY, SSE_HEADERS, upstreamRequestHeaders } from './proxyHeaders.js';
import type { RelayCall, RelaySettings } from './relayContext.js';
import {
  failureOf,
  isEventStream,
  isJson,
  noteReason,
  readBounded,
  relayEvents,
  sendJson,
  sendProblem,
  sendRpcError,
  unrelayableBody,
  UpstreamFailure,
  write,
  type UpstreamResponse,
} from './relayIo.js';
import { relayLifetime, type AbortState } from './relayLifetime.js';
import { reachUpstream } from './reachUpstream.js';
import { keepStreamAlive } from './streamKeepAlive.js';
import { guardTasks, settleTaskAnswer, type TaskTracking } from './guardTasks.js';
import { formatEvent, type SseEvent } from './sseEvents.js';
import { openClientSession, sealUpstreamSession, sessionNamed } from './sessionBinding.js';
import type { Caller } from '../access/index.js';
import { applyRateLimits, limitStream, RATE_LIMITED } from './applyRateLimits.js';
import { auditExchange, failureOutcome, refusedForAudit, type ExchangeAudit } from './callAudit.js';
import { blockedInspection, isSessionMessage, refuseBlockedExchange } from './refuseBlocked.js';

const BOTH = 'application/json, text/event-stream';
/** What an answer holding an error or a tool failure contains, as bytes (a string argument would be encoded on every search). */
const ERROR_KEY = Buffer.from('"error"');
const IS_ERROR_KEY = Buffer.from('"isError"');

/** Refuses the exchange when the caller may not use this server or its address; the URL otherwise. */
export function admit(s: RelaySettings, call: RelayCall, x?: ExchangeAudit): Readonly<URL> | null {
  const decision = s.policy(call.caller, 'connect', { server: call.upstream.server });
  if (!decision.allowed) {
    x?.whole('connect', 'denied', { errorCode: INVALID_REQUEST, errorMessage: decision.reason });
    sendRpcError(call.res, 403, `You may not connect to ${call.upstream.server} through this gateway`, null, INVALID_REQUEST);
    noteReason(call.res, `connect denied: ${decision.reason}`);
    return null;
  }
  const block = s.blocks.blocked(call.upstream.server);
  // A POST may be a live session's message: the relay answers its requests with JSON-RPC errors.
  if (block && call.req.method !== 'POST') {
    refuseBlockedExchange(call, x, block.reason);
    return null;
  }
  const verdict = s.guard.verdict(call.upstream.server);
  if (verdict.action === 'block') {
    x?.whole('connect', 'denied', { errorCode: INVALID_REQUEST, errorMessage: `capability_drift: ${verdict.reason}` });
    sendProblem(call.res, 'GATEWAY_SERVER_DRIFT_BLOCKED', `${call.upstream.server} changed its tools since an administrator pinned them, and is refused until it is re-pinned`);
    return null;
  }
  try {
    return s.checkUrl(call.upstream.url);
  } catch (err) {
    x?.whole('connect', 'error', { errorCode: INTERNAL_ERROR, errorMessage: 'the outbound guard refused the upstream address' });
    sendRpcError(call.res, 502, `The gateway may not connect to the address registered for ${call.upstream.server}`);
    noteReason(call.res, `the outbound guard refused the upstream address: ${(err as Error).message}`);
    return null;
  }
}

export async function relayStreamableHttp(s: RelaySettings, call: RelayCall): Promise<void> {
  if (!openClientSession(s.sessionKey, call)) return unknownSession(s, call);
  if (refusedForAudit(s, call.res)) return;
  const x = auditExchange(s, call);
  const url = admit(s, call, x);
  if (!url) return;
  const method = call.req.method;
  if (method === 'POST') return relayPost(s, call, url, x);
  if (method === 'GET' || method === 'DELETE') return relayGetOrDelete(s, call, url, method, x);
  call.res.setHeader('allow', 'GET, POST, DELETE');
  sendRpcError(call.res, 405, 'Method not allowed: use POST, GET or DELETE', null, INVALID_REQUEST);
}

/**
 * A session this connection was not given (another person's, or made up): as
 * unknown to the client as an expired one, and audited, as a theft attempt may
 * be, under the hash of the session it named.
 */
export function unknownSession(s: RelaySettings, call: RelayCall, message = 'Session not found: start a new session (initialize) on this connection'): void {
  if (refusedForAudit(s, call.res)) return;
  const named = call.req.headers['mcp-session-id'];
  if (typeof named === 'string') call.req.headers['mcp-session-id'] = sessionNamed(named);
  auditExchange(s, call)?.whole('session/refused', 'denied', { errorCode: INVALID_REQUEST, errorMessage: 'the session was not opened on this connection' });
  sendRpcError(call.res, 404, message, null, INVALID_REQUEST);
}

function idOf(message: unknown): JsonRpcId | null {
  return isObject(message) && (typeof message.id === 'string' || typeof message.id === 'number') ? message.id : null;
}

/** The reasons of the requests the gateway answered itself (denied, rate limited), for the request's log line. */
export function noteRefusals(res: ServerResponse, inspection: Inspection): void {
  if (inspection.refused.length) noteReason(res, inspection.refused.map((r) => `${r.request.method} ${r.outcome}: ${r.reason}`).join('; '));
}

/** Reports what the inspection and the limits decided, and starts tracking the requests that go upstream. */
export function auditInspection(x: ExchangeAudit, inspection: Inspection, batch: boolean, body: Buffer | undefined): void {
  const bytes = (m: unknown) => (batch ? Buffer.byteLength(JSON.stringify(m)) : (body?.length ?? 0));
  inspection.refused.forEach((r, i) => x.refused(r.request, bytes(r.request), r.outcome, inspection.denied[i]!, r.reason));
  for (const m of inspection.forward) if (isRequest(m)) x.track(m, bytes(m));
}

/** Ends the requests still waiting when the exchange ends without their answers. */
export function auditLeftovers(x: ExchangeAudit | undefined, signal: AbortState): void {
  if (!x?.waiting) return;
  if (signal.aborted && !(signal.reason instanceof UpstreamFailure)) x.endRest('disconnected', 'the client went away');
  else x.endRest('error', 'no answer was relayed');
}

async function relayPost(s: RelaySettings, call: RelayCall, url: Readonly<URL>, x: ExchangeAudit | undefined): Promise<void> {
  const { req, res, upstream, caller } = call;
  const read = readMessages(call.body, s.maxBatch);
  if (read.problem !== undefined) return sendRpcError(res, 400, read.problem, null, read.code);
  const { parsed, messages, batch } = read;
  if (isModernVersion(headerValue(req.headers, 'mcp-protocol-version')) || isModernVersion(claimedVersion(parsed))) {
    const problem = modernHeaderProblem(req.headers, parsed);
    if (problem) return sendRpcError(res, 400, `Header mismatch: ${problem}`, idOf(parsed), HEADER_MISMATCH);
  }

  const block = s.blocks.blocked(upstream.server);
  if (block && !isSessionMessage(messages)) return refuseBlockedExchange(call, x, block.reason);
  const inspection = block
    ? blockedInspection(messages, upstream.server, block.reason)
    : inspectMessages(messages, caller, upstream.server, s.policy, s.guard.verdict(upstream.server, personalScope(call).scope));
  // Both answer at once in the common case (no task requests, an in-memory limiter): nothing to wait on then.
  const guarding = guardTasks(s, call, inspection, 'streamable-http');
  const tasks = guarding && (await guarding);
  const limiting = applyRateLimits(s, call, inspection);
  const retryAfter = typeof limiting === 'number' ? limiting : await limiting;
  if (retryAfter) res.setHeader('retry-after', String(retryAfter));
  if (x) auditInspection(x, inspection, batch, call.body);
  noteRefusals(res, inspection);
  if (inspection.forward.length === 0) return sendJson(res, 200, batch ? inspection.denied : inspection.denied[0]);
  const body = inspection.denied.length ? JSON.stringify(batch ? inspection.forward : inspection.forward[0]) : call.body!;
  const single = batch ? null : idOf(parsed);

  const life = relayLifetime(res, s.callTimeoutMs);
  try {
    // The client opened the session's listen stream first: the upstream must have it before this request.
    if (call.after) await call.after;
    const up = await reachUpstream(s, res, life, { url, method: 'POST', headers: upstreamRequestHeaders(req.headers, upstream.headers, BOTH, JSON_BODY), body }, x, undefined, single);
    if (!up) return;
    x?.upstreamSession(up.headers);
    if (refusedUpstream(s, call, up, single, x)) return;
    const headers = sealUpstreamSession(s.sessionKey, call, clientResponseHeaders(up.headers));
    if (up.status >= 200 && up.status < 300 && isEventStream(up.headers)) {
      return await streamPostResponse(s, call, up, headers, inspection, life, x, tasks);
    }
    let payload: Buffer;
    try {
      payload = await readBounded(up.body, s.maxResponseBytes);
    } catch (err) {
      const failure = failureOf(err, life);
      x?.endRest(failureOutcome(failure, life, res), failure.message);
      return sendRpcError(res, failure.status, failure.message, single);
    }
    const ok = up.status >= 200 && up.status < 300;
    if (ok && (up.status === 202 || up.status === 204 || payload.length === 0)) {
      x?.endRest('ok', undefined, undefined);
      if (inspection.denied.length) return sendJson(res, 200, batch ? inspection.denied : inspection.denied[0], headers);
      // An accepted message has no answer: whatever body came with it is not relayed.
      res.writeHead(up.status, headers);
      return void res.end();
    }
    const unrelayable = unrelayableBody(up.headers, payload);
    if (unrelayable) {
      s.log.warn({ server: upstream.server, status: up.status }, 'upstream answered with a content type the gateway does not relay');
      x?.endRest('error', unrelayable);
      return sendProblem(res, 'GATEWAY_UNRELAYABLE_ANSWER', unrelayable);
    }
    if (!ok) x?.endRest('error', `The upstream server refused the request (HTTP ${up.status})`);
    // Audited answers are read only when they may hold an error or a tool failure (or a payload is captured); a plain result is counted as it is.
    const auditNeedsParse = x?.waiting === true && (batch || s.auditPayloads || payload.includes(ERROR_KEY) || payload.includes(IS_ERROR_KEY));
    if (ok && isJson(up.headers) && (inspection.lists.size || inspection.denied.length || auditNeedsParse || tasks)) {
      let answer: unknown;
      try {
        answer = JSON.parse(payload.toString('utf8'));
      } catch {
        x?.endRest('error', 'The upstream server answered with invalid JSON');
        return sendRpcError(res, 502, 'The upstream server answered with invalid JSON', single);
      }
      if (tasks) answer = Array.isArray(answer) ? await Promise.all(answer.map((m) => settleTaskAnswer(s, call, tasks, m))) : await settleTaskAnswer(s, call, tasks, answer);
      if (x) for (const m of Array.isArray(answer) ? answer : [answer]) if (isResponse(m)) x.answered(m, Array.isArray(answer) ? Buffer.byteLength(JSON.stringify(m)) : payload.length);
      const filter = (m: unknown) => filterResponse(m, inspection, call, s);
      const out = Array.isArray(answer) ? [...inspection.denied, ...answer.map(filter)] : inspection.denied.length ? [...inspection.denied, filter(answer)] : filter(answer);
      return sendJson(res, up.status, out, headers);
    }
    x?.answeredUnread(payload.length);
    res.writeHead(up.status, { ...headers, 'content-length': String(payload.length) });
    res.end(payload);
  } finally {
    life.end();
    auditLeftovers(x, life);
  }
}

function filterResponse(message: unknown, inspection: Inspection, call: RelayCall, s: RelaySettings): unknown {
  if (!isResponse(message)) return message;
  const key = idKey(message.id);
  const kind = inspection.lists.get(key);
  return kind ? guardListResponse(s, call.upstream, call.caller, kind, message, inspection.firstPages.has(key), listing(call, inspection, key)) : message;
}

/**
 * Which list walk a page belongs to: the person, the connection and the MCP
 * session it came through, with the cursor its request carried, so the guard
 * can put the pages of one walk together.
 */
export function listing(call: RelayCall, inspection: Inspection, key: string): ListPage {
  const session = headerValue(call.req.headers, 'mcp-session-id') ?? '';
  const cursor = inspection.cursors.get(key);
  return { walk: `${call.caller.id}\u0000${call.connection?.id ?? ''}\u0000${session}`, ...(cursor !== undefined ? { cursor } : {}), ...personalScope(call) };
}

/** For a connection relayed with the person's own upstream values: the person and connection its drift is held for. */
export function personalScope(call: RelayCall): { scope?: string } {
  return call.upstream.personal ? { scope: `${call.caller.id}\u0000${call.connection?.id ?? ''}` } : {};
}

/**
 * Upstream answers the client must not see as they are: server errors (their
 * bodies may hold the upstream's internals) and auth challenges (they concern
 * the gateway's credentials for the upstream, not the client's for the gateway).
 */
export function refusedUpstream(s: RelaySettings, call: RelayCall, up: UpstreamResponse, id: JsonRpcId | null, x?: ExchangeAudit, whole?: string): boolean {
  if (up.status < 500 && up.status !== 401 && up.status !== 403 && !(up.status >= 300 && up.status < 400)) return false;
  up.body.discard();
  s.log.warn({ server: call.upstream.server, status: up.status }, 'upstream refused or failed a relayed request');
  const why =
    up.status >= 500
      ? `The upstream server failed (HTTP ${up.status})`
      : up.status >= 400
        ? `The upstream server refused the gateway's credentials for it (HTTP ${up.status})`
        : `The upstream server answered with a redirect (HTTP ${up.status}), which the gateway does not follow`;
  if (whole) x?.whole(whole, 'error', { errorCode: INTERNAL_ERROR, errorMessage: why });
  else x?.endRest('error', why);
  sendRpcError(call.res, 502, why, id);
  return true;
}

export function openEventStream(res: ServerResponse, status: number, headers: Record<string, string>, s?: RelaySettings, server?: string, kind: 'post' | 'listen' | 'sse' = 'post'): void {
  const closed = server !== undefined ? s?.audit?.streamOpened?.(server, kind) : undefined;
  if (closed) res.once('close', closed);
  res.socket?.setNoDelay(true);
  res.writeHead(status, { ...headers, ...SSE_HEADERS });
  res.flushHeaders();
  if (s) keepStreamAlive(res, s.keepAliveMs);
}

async function streamPostResponse(
  s: RelaySettings,
  call: RelayCall,
  up: UpstreamResponse,
  headers: Record<string, string>,
  inspection: Inspection,
  signal: AbortState,
  x: ExchangeAudit | undefined,
  tasks?: TaskTracking,
): Promise<void> {
  const { res, caller, upstream } = call;
  openEventStream(res, up.status, headers, s, upstream.server, 'post');
  for (const denied of inspection.denied) await write(res, formatEvent(JSON.stringify(denied), { event: 'message' }));
  const pending = new Map(inspection.pending);
  try {
    await relayEvents(up.body.stream(), res, s.maxResponseBytes, (event) => {
      if (event.data === undefined || pending.size === 0) return null;
      const parsed = parseData(event);
      // Answers may come as a batch in one event: each is guarded as a single one would be.
      const batch = Array.isArray(parsed);
      const messages: unknown[] = batch ? parsed : [parsed];
      let changed = false;
      let waiting = false;
      const out = messages.map((message): unknown => {
        if (!isResponse(message)) return message;
        const key = idKey(message.id);
        if (!pending.delete(key)) return message;
        x?.answered(message, batch ? Buffer.byteLength(JSON.stringify(message)) : Buffer.byteLength(event.data!));
        if (tasks && (tasks.creating.has(key) || tasks.listing.has(key))) {
          waiting = true;
          return settleTaskAnswer(s, call, tasks, message).then((settled) => {
            if (settled !== message) changed = true;
            return settled;
          });
        }
        const kind = inspection.lists.get(key);
        if (!kind) return message;
        const filtered = guardListResponse(s, upstream, caller, kind, message, inspection.firstPages.has(key), listing(call, inspection, key));
        if (filtered !== message) changed = true;
        return filtered;
      });
      const format = (settled: unknown[]) => (changed ? formatEvent(JSON.stringify(batch ? settled : settled[0]), { event: event.event, id: event.id }) : null);
      return waiting ? Promise.all(out).then(format) : format(out);
    });
  } catch (err) {
    if (!res.destroyed) {
      const failure = failureOf(err, signal);
      x?.endRest(failureOutcome(failure, signal, res), failure.message);
      s.log.warn({ server: upstream.server, reason: failure.message }, 'upstream event stream broke off');
      // The client is told, per request still unanswered, instead of waiting for an answer that will not come.
      for (const id of pending.values()) {
        await write(res, formatEvent(JSON.stringify({ jsonrpc: '2.0', id, error: { code: -32603, message: failure.message } }), { event: 'message' }));
      }
    } else x?.endRest('disconnected', 'the client went away');
  }
  if (x?.waiting) x.endRest(res.destroyed ? 'disconnected' : 'error', res.destroyed ? 'the client went away' : 'the upstream ended its event stream without answering');
  res.end();
}

function parseData(event: SseEvent): unknown {
  try {
    return JSON.parse(event.data!);
  } catch {
    return undefined;
  }
}

/** A list result seen on a stream whose requests are not known here (GET listen and resume streams): not known to be a first page. */
export function filterByShape(event: SseEvent, caller: Caller, upstream: RelayCall['upstream'], s: RelaySettings, scope?: string): string | null {
  // A `\\u` escape can spell the key too: only text with neither is passed on unparsed.
  if (event.data === undefined || (!event.data.includes('"result"') && !event.data.includes('\\u'))) return null;
  const parsed = parseData(event);
  // Answers may come as a batch in one event.
  const messages = Array.isArray(parsed) ? parsed : [parsed];
  let changed = false;
  const out = messages.map((message) => {
    if (!isResponse(message)) return message;
    let filtered: JsonObject = message;
    for (const kind of listKindsByShape(message)) if (isObject(filtered.result)) filtered = guardListResponse(s, upstream, caller, kind, filtered, false, scope !== undefined ? { scope } : undefined);
    if (filtered !== message) changed = true;
    return filtered;
  });
  return changed ? formatEvent(JSON.stringify(Array.isArray(parsed) ? out : out[0]), { event: event.event, id: event.id }) : null;
}

async function relayGetOrDelete(s: RelaySettings, call: RelayCall, url: Readonly<URL>, method: 'GET' | 'DELETE', x: ExchangeAudit | undefined): Promise<void> {
  const { req, res, upstream, caller } = call;
  const label = method === 'GET' ? 'stream/listen' : 'session/delete';
  if (method === 'GET') {
    const limited = await limitStream(s, call);
    if (limited) return x?.whole(label, 'rate_limited', { errorCode: RATE_LIMITED, errorMessage: `rate limit (${limited.scope}); retry after ${limited.retryAfterSeconds} s` });
  }
  // A listen stream lives as long as the client keeps it; a DELETE is bounded like a call.
  const life = relayLifetime(res, method === 'GET' ? 0 : s.callTimeoutMs);
  try {
    const up = await reachUpstream(s, res, life, { url, method, headers: upstreamRequestHeaders(req.headers, upstream.headers, method === 'GET' ? 'text/event-stream' : BOTH) }, x, label);
    if (!up) return;
    call.listenOpened?.();
    if (refusedUpstream(s, call, up, null, x, label)) return;
    const headers = sealUpstreamSession(s.sessionKey, call, clientResponseHeaders(up.headers));
    if (method === 'GET' && up.status >= 200 && up.status < 300 && isEventStream(up.headers)) {
      openEventStream(res, up.status, headers, s, upstream.server, 'listen');
      let bytes = 0;
      let broke: string | undefined;
      try {
        await relayEvents(up.body.stream(), res, s.maxResponseBytes, (event) => {
          if (x) bytes += event.raw.length;
          return filterByShape(event, caller, upstream, s, personalScope(call).scope);
        });
      } catch (err) {
        if (!res.destroyed) {
          broke = failureOf(err, life).message;
          s.log.warn({ server: upstream.server, reason: broke }, 'upstream listen stream broke off');
        }
      }
      // A listen stream ends normally when either side closes it.
      x?.whole(label, broke ? 'error' : 'ok', { responseBytes: bytes, ...(broke ? { errorCode: INTERNAL_ERROR, errorMessage: broke } : {}) });
      return void res.end();
    }
    const relayed = await relayPlain(s, res, up, headers);
    x?.whole(label, relayed.ok ? 'ok' : 'error', { responseBytes: relayed.bytes, ...(relayed.ok ? {} : { errorMessage: relayed.why }) });
  } finally {
    life.end();
  }
}

/** A non-stream answer passed through as it is, bounded in size. */
export async function relayPlain(s: RelaySettings, res: ServerResponse, up: UpstreamResponse, headers: Record<string, string>): Promise<{ ok: boolean; bytes: number; why?: string }> {
  let payload: Buffer;
  try {
    payload = await readBounded(up.body, s.maxResponseBytes);
  } catch (err) {
    const failure = err instanceof UpstreamFailure ? err : new UpstreamFailure(502, 'The upstream server broke off its answer');
    sendRpcError(res, failure.status, failure.message);
    return { ok: false, bytes: 0, why: failure.message };
  }
  const unrelayable = unrelayableBody(up.headers, payload);
  if (unrelayable) {
    s.log.warn({ status: up.status }, 'upstream answered with a content type the gateway does not relay');
    sendProblem(res, 'GATEWAY_UNRELAYABLE_ANSWER', unrelayable);
    return { ok: false, bytes: 0, why: unrelayable };
  }
  res.writeHead(up.status, { ...headers, 'content-length': String(payload.length) });
  res.end(payload);
  return up.status < 400 ? { ok: true, bytes: payload.length } : { ok: false, bytes: payload.length, why: `The upstream server answered HTTP ${up.status}` };
}
