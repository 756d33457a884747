/**
 * The legacy HTTP+SSE transport (2024-11-05). The client's GET opens the
 * upstream's event stream through the gateway; its `endpoint` event is replaced
 * by the gateway's message URL with a sealed session token (sseSessionToken),
 * and the client's POSTs to that URL are inspected and relayed to the upstream's
 * endpoint. Answers arrive on the stream, so a call the gateway denies is
 * answered there too, through the session bus.
 */
import { blockedInspection, isSessionMessage, refuseBlockedExchange } from './refuseBlocked.js';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { applyRateLimits, limitStream, RATE_LIMITED } from './applyRateLimits.js';
import { auditExchange, refusedForAudit } from './callAudit.js';
import { inspectMessages, type Inspection, type ListKind } from './inspectMessages.js';
import { guardListResponse } from './guardListResult.js';
import { idKey, INTERNAL_ERROR, isResponse } from './jsonRpc.js';
import { readMessages } from './readMessages.js';
import { clientResponseHeaders, JSON_BODY, upstreamRequestHeaders } from './proxyHeaders.js';
import type { RelayCall, RelaySettings } from './relayContext.js';
import { failureOf, isEventStream, relayEvents, sendJson, sendRpcError, UpstreamFailure, write } from './relayIo.js';
import { reachUpstream } from './reachUpstream.js';
import { relayLifetime } from './relayLifetime.js';
import { admit, auditInspection, auditLeftovers, noteRefusals, filterByShape, openEventStream, personalScope, refusedUpstream, relayPlain, unknownSession } from './relayStreamableHttp.js';
import { openClientSession, sealUpstreamSession } from './sessionBinding.js';
import { signSseSession, verifySseSession } from './sseSessionToken.js';
import { formatEvent, type SseEvent } from './sseEvents.js';
import { guardTasks } from './guardTasks.js';

/** A list request POSTed on a legacy session, awaiting its answer on the session's event stream. */
interface PendingList {
  kind: ListKind;
  firstPage: boolean;
  cursor?: string;
}

/**
 * The list requests of each legacy session whose event stream this process holds,
 * by stream: the answer comes on the stream, so this is how its page is known to
 * be a first page or to carry a cursor (a walk's pages put together). A POST that
 * reaches another replica than the stream's is not known here, and its answer is
 * held to the pin by shape only. Bounded per stream; dropped with the stream.
 */
const streamLists = new Map<string, Map<string, PendingList>>();
const MAX_LISTS_PER_STREAM = 64;

function rememberLists(stream: string, inspection: Inspection): void {
  const lists = streamLists.get(stream);
  if (!lists) return;
  for (const [key, kind] of inspection.lists) {
    lists.delete(key);
    const cursor = inspection.cursors.get(key);
    lists.set(key, { kind, firstPage: inspection.firstPages.has(key), ...(cursor !== undefined ? { cursor } : {}) });
    while (lists.size > MAX_LISTS_PER_STREAM) lists.delete(lists.keys().next().value!);
  }
}

/** The event with each known list answer guarded as its request asked; null when nothing in it is a known list answer. */
function guardKnownLists(s: RelaySettings, call: RelayCall, stream: string, event: SseEvent): string | null {
  const lists = streamLists.get(stream);
  if (!lists?.size || event.data === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(event.data);
  } catch {
    return null;
  }
  const messages: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
  const known = messages.map((m) => (isResponse(m) ? lists.get(idKey(m.id)) : undefined));
  // Every answer in the event must be known; otherwise all of it is held to the pin by shape.
  if (known.some((k, i) => !k && isResponse(messages[i]))) return null;
  if (!known.some(Boolean)) return null;
  const walk = `${call.caller.id}\u0000${call.connection?.id ?? ''}\u0000${stream}`;
  const out = messages.map((m, i) => {
    const list = known[i];
    if (!list || !isResponse(m)) return m;
    lists.delete(idKey(m.id));
    return guardListResponse(s, call.upstream, call.caller, list.kind, m, list.firstPage, { walk, ...(list.cursor !== undefined ? { cursor: list.cursor } : {}), ...personalScope(call) });
  });
  return formatEvent(JSON.stringify(Array.isArray(parsed) ? out : out[0]), { event: event.event, id: event.id });
}

function accepted(res: ServerResponse): void {
  res.writeHead(202, { 'content-type': 'text/plain' });
  res.end('Accepted');
}

/** GET: the event stream. `messagePath` is the gateway's message URL (path only) for this server. */
export async function relaySseStream(s: RelaySettings, call: RelayCall & { messagePath: string }): Promise<void> {
  if (!openClientSession(s.sessionKey, call)) return unknownSession(s, call);
  if (refusedForAudit(s, call.res)) return;
  const x = auditExchange(s, call);
  const url = admit(s, call, x);
  if (!url) return;
  const { req, res, upstream, caller } = call;
  const limited = await limitStream(s, call);
  if (limited) return x?.whole('stream/sse', 'rate_limited', { errorCode: RATE_LIMITED, errorMessage: `rate limit (${limited.scope}); retry after ${limited.retryAfterSeconds} s` });
  const life = relayLifetime(res, 0);
  const up = await reachUpstream(s, res, life, { url, method: 'GET', headers: upstreamRequestHeaders(req.headers, upstream.headers, 'text/event-stream') }, x, 'stream/sse');
  if (!up) return;
  if (refusedUpstream(s, call, up, null, x, 'stream/sse')) return;
  const headers = sealUpstreamSession(s.sessionKey, call, clientResponseHeaders(up.headers));
  if (!(up.status >= 200 && up.status < 300 && isEventStream(up.headers))) {
    const relayed = await relayPlain(s, res, up, headers);
    return x?.whole('stream/sse', 'error', { responseBytes: relayed.bytes, errorMessage: relayed.why ?? `The upstream server answered HTTP ${up.status} without an event stream` });
  }

  openEventStream(res, up.status, headers, s, upstream.server, 'sse');
  let bytes = 0;
  let broke: string | undefined;
  const stream = randomUUID();
  streamLists.set(stream, new Map());
  const unsubscribe = s.bus.subscribe(stream, (message) => void write(res, formatEvent(JSON.stringify(message), { event: 'message' })));
  let announced = false;
  try {
    await relayEvents(up.body.stream(), res, s.maxResponseBytes, (event) => {
      if (x) bytes += event.raw.length;
      if (event.event === 'endpoint') {
        // Only the first announcement counts; a later one would hand the client the upstream's URL.
        if (announced) return '';
        announced = true;
        let target: Readonly<URL>;
        try {
          target = new URL(event.data ?? '', url);
        } catch {
          throw new UpstreamFailure(502, 'The upstream server announced an unreadable message endpoint');
        }
        if (target.origin !== url.origin) throw new UpstreamFailure(502, 'The upstream server announced a message endpoint on another origin');
        const token = signSseSession(s.sessionKey, {
          server: upstream.server,
          caller: caller.id,
          endpoint: target.pathname + target.search,
          stream,
          expires: Math.floor(Date.now() / 1000) + s.legacySessionSeconds,
          ...(call.connection ? { connection: call.connection.id } : {}),
        });
        return formatEvent(`${call.messagePath}?session=${token}`, { event: 'endpoint', id: event.id });
      }
      return guardKnownLists(s, call, stream, event) ?? filterByShape(event, caller, upstream, s, personalScope(call).scope);
    });
  } catch (err) {
    if (!res.destroyed) {
      broke = failureOf(err, life).message;
      s.log.warn({ server: upstream.server, reason: broke }, 'upstream SSE stream broke off');
    }
  } finally {
    streamLists.delete(stream);
    unsubscribe();
    life.end();
  }
  x?.whole('stream/sse', broke ? 'error' : 'ok', { responseBytes: bytes, ...(broke ? { errorCode: INTERNAL_ERROR, errorMessage: broke } : {}) });
  res.end();
}

/** POST: one message (or a batch) for the session the token names. */
export async function relaySseMessage(s: RelaySettings, call: RelayCall & { session: string }): Promise<void> {
  const { res, upstream, caller } = call;
  const session = verifySseSession(s.sessionKey, call.session);
  if (!session || session.server !== upstream.server || session.caller !== caller.id || session.connection !== call.connection?.id) {
    return unknownSession(s, call, 'Session not found: open the SSE stream again to get a new message URL');
  }
  if (refusedForAudit(s, res)) return;
  const x = auditExchange(s, call);
  const base = admit(s, call, x);
  if (!base) return;
  let target: Readonly<URL>;
  try {
    target = s.checkUrl(new URL(session.endpoint, base));
    if (target.origin !== base.origin) throw new Error('the endpoint left the upstream origin');
  } catch {
    return sendRpcError(res, 502, `The gateway may not connect to the address registered for ${upstream.server}`);
  }
  const read = readMessages(call.body, s.maxBatch);
  if (read.problem !== undefined) return sendRpcError(res, 400, read.problem, null, read.code);
  const { messages, batch } = read;
  const block = s.blocks.blocked(upstream.server);
  if (block && !isSessionMessage(messages)) return refuseBlockedExchange(call, x, block.reason);
  const inspection = block
    ? blockedInspection(messages, upstream.server, block.reason)
    : inspectMessages(messages, caller, upstream.server, s.policy, s.guard.verdict(upstream.server, personalScope(call).scope));
  await guardTasks(s, call, inspection, 'sse');
  const retryAfter = await applyRateLimits(s, call, inspection);
  if (retryAfter) res.setHeader('retry-after', String(retryAfter));
  rememberLists(session.stream, inspection);
  if (x) auditInspection(x, inspection, batch, call.body);
  noteRefusals(res, inspection);
  // Answers travel on the stream: a denied call's error goes there too.
  const delivered = await Promise.all(inspection.denied.map((denied) => s.bus.publish(session.stream, denied)));
  const undelivered = inspection.denied.filter((_, i) => !delivered[i]);
  if (inspection.forward.length === 0) {
    if (undelivered.length) return sendJson(res, 200, batch ? undelivered : undelivered[0]);
    return accepted(res);
  }
  const life = relayLifetime(res, s.callTimeoutMs);
  try {
    const up = await reachUpstream(
      s,
      res,
      life,
      {
        url: target,
        method: 'POST',
        headers: upstreamRequestHeaders({}, upstream.headers, 'application/json, text/event-stream', JSON_BODY),
        body: inspection.denied.length ? JSON.stringify(batch ? inspection.forward : inspection.forward[0]) : call.body!,
      },
      x,
    );
    if (!up) return;
    if (refusedUpstream(s, call, up, null, x)) return;
    // The answers travel on the event stream (perhaps held by another replica): an accepted request is recorded as ok.
    if (up.status < 300) x?.endRest('ok');
    else x?.endRest('error', `The upstream server refused the message (HTTP ${up.status})`);
    if (undelivered.length && up.status < 300) {
      // The stream is held elsewhere: the denied answers go back here rather than nowhere.
      up.body.discard();
      return sendJson(res, 200, batch ? undelivered : undelivered[0]);
    }
    if (isEventStream(up.headers)) {
      up.body.destroy();
      return sendRpcError(res, 502, 'The upstream server answered a legacy SSE message with an event stream');
    }
    if (up.status < 300) {
      // The answer comes on the stream; the upstream's own acceptance text is not relayed.
      up.body.discard();
      return accepted(res);
    }
    await relayPlain(s, res, up, sealUpstreamSession(s.sessionKey, call, clientResponseHeaders(up.headers)));
  } finally {
    life.end();
    auditLeftovers(x, life);
  }
}
