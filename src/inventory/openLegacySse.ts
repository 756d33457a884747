/**
 * Legacy HTTP+SSE (2024-11-05): GET the URL for an event stream whose first
 * event is `endpoint` (a URL on the same origin), POST each message there, and
 * read the answers off the stream. Each event is capped at the response byte
 * limit; the stream is cancelled when the session closes or the probe fails.
 */
import type { EventSourceMessage } from 'eventsource-parser';
import { contentTypeOf, discard, openHttp, readCapped, statusFailure } from './openHttp.js';
import type { ProbeContext } from './probeContext.js';
import { ProbeError, probeErrorOf } from './probeError.js';
import type { ProbeSession } from './probeSession.js';
import { handshakeFields } from './probeSession.js';
import { answerOf, parseRpcMessage, type RpcAnswer } from './rpcMessage.js';
import { initializeParams, negotiatedVersion } from './legacyVersions.js';
import { sseMessages } from './sseMessages.js';

interface Pending {
  method: string;
  resolve(answer: RpcAnswer): void;
  reject(err: unknown): void;
}

export async function openLegacySse(ctx: ProbeContext, url: URL): Promise<ProbeSession> {
  const stream = await openHttp(ctx, url, { method: 'GET', headers: { accept: 'text/event-stream' } });
  if (stream.status < 200 || stream.status >= 300) {
    discard(stream);
    throw statusFailure(url, stream.status, 'the HTTP+SSE stream request (GET)');
  }
  if (contentTypeOf(stream) !== 'text/event-stream') {
    discard(stream);
    throw new ProbeError('protocol', `${url.host} answered GET with ${JSON.stringify(contentTypeOf(stream).slice(0, 60) || 'no content type')}, not an event stream`);
  }
  const limit = ctx.limits.maxResponseBytes;
  const events = sseMessages(stream.body, { maxEventBytes: limit, maxTotalBytes: Number.POSITIVE_INFINITY }, url.host);
  const next = async (): Promise<EventSourceMessage | undefined> => {
    try {
      const { value, done } = await events.next();
      return done ? undefined : value;
    } catch (err) {
      discard(stream);
      throw probeErrorOf(err, url, ctx.signal);
    }
  };

  let first = await next();
  while (first && first.event === undefined && first.data === '') first = await next();
  if (!first || first.event !== 'endpoint') {
    discard(stream);
    throw new ProbeError('protocol', `${url.host} opened an event stream whose first event is not \`endpoint\``);
  }
  let endpoint: URL;
  try {
    endpoint = new URL(first.data.trim(), url);
  } catch {
    endpoint = new URL('invalid:');
  }
  if (endpoint.origin !== url.origin) {
    discard(stream);
    throw new ProbeError('protocol', `${url.host} named an endpoint that is not on its own origin`);
  }

  const pending = new Map<number, Pending>();
  let ended: ProbeError | undefined;
  const fail = (err: ProbeError) => {
    ended ??= err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const post = async (message: Record<string, unknown>, method: string) => {
    const answer = await openHttp(ctx, endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', ...message }) });
    if (answer.status < 200 || answer.status >= 300) {
      discard(answer);
      throw statusFailure(url, answer.status, method);
    }
    await readCapped(ctx, endpoint, answer, 64 * 1024);
  };
  // Reads the stream for as long as the session lives, handing each response to the request waiting for it.
  void (async () => {
    try {
      for (let event = await next(); event; event = await next()) {
        if ((event.event ?? 'message') !== 'message' || event.data === '') continue;
        const message = parseRpcMessage(event.data, url.host);
        if (message.method !== undefined) {
          // A server request (ping) is answered so the server does not wait; notifications need nothing.
          if (message.id !== undefined && message.method === 'ping') void post({ id: message.id, result: {} }, 'ping').catch(() => {});
          continue;
        }
        const waiting = typeof message.id === 'number' ? pending.get(message.id) : undefined;
        if (!waiting || typeof message.id !== 'number') continue;
        pending.delete(message.id);
        try {
          waiting.resolve(answerOf(message, url.host, waiting.method));
        } catch (err) {
          waiting.reject(err);
        }
      }
      fail(new ProbeError('protocol', `${url.host} closed the HTTP+SSE stream before answering`));
    } catch (err) {
      fail(probeErrorOf(err, url, ctx.signal));
    }
  })();

  const request = async (method: string, params: Record<string, unknown> = {}): Promise<RpcAnswer> => {
    if (ended) throw ended;
    const id = ctx.nextId();
    const answer = new Promise<RpcAnswer>((resolve, reject) => pending.set(id, { method, resolve, reject }));
    // The stream may fail while the POST is out; the rejection is awaited below, not lost.
    answer.catch(() => {});
    try {
      await post({ id, method, params }, method);
    } catch (err) {
      pending.delete(id);
      throw probeErrorOf(err, url, ctx.signal);
    }
    return answer;
  };
  const close = async () => {
    fail(new ProbeError('protocol', 'the HTTP+SSE session is closed'));
    discard(stream);
  };

  try {
    const { version, result } = negotiatedVersion(await request('initialize', initializeParams(ctx)), url.host);
    await post({ method: 'notifications/initialized' }, 'notifications/initialized');
    return { era: 'legacy-sse', protocolVersion: version, ...handshakeFields(result, url.host), request, close };
  } catch (err) {
    await close();
    throw err;
  }
}
