/**
 * One JSON-RPC message POSTed over streamable HTTP, and its answer read as the
 * server chose to send it: one JSON object, or an SSE stream that is read only
 * until the response to this request (notifications and server requests on the
 * way are skipped), each within the response byte cap.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { contentTypeOf, discard, openHttp, readCapped, statusFailure } from './openHttp.js';
import type { ProbeContext } from './probeContext.js';
import { ProbeError, probeErrorOf } from './probeError.js';
import { isResponseTo, parseRpcMessage, type RpcMessage } from './rpcMessage.js';
import { sseMessages } from './sseMessages.js';

export interface PostAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** For a request: the response to it (2xx), or the JSON-RPC error a 4xx/5xx body carried, if any. */
  message?: RpcMessage;
}

/** Error bodies are read only this far: enough for a JSON-RPC error, never a page. */
const ERROR_BODY_BYTES = 64 * 1024;

export interface OutgoingMessage {
  id?: number;
  method: string;
  params?: Record<string, unknown>;
}

/**
 * Statuses other than 2xx are returned (with the JSON-RPC error in the body, if any) for the
 * caller to judge, except 401/403 (`auth`) and redirects (`http`), which no step handles.
 */
export async function postJsonRpc(ctx: ProbeContext, url: URL, message: OutgoingMessage, headers: Record<string, string>): Promise<PostAnswer> {
  const answer = await openHttp(ctx, url, {
    method: 'POST',
    headers: { accept: 'application/json, text/event-stream', 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ jsonrpc: '2.0', ...message }),
  });
  const { status } = answer;
  if (status === 401 || status === 403 || (status >= 300 && status < 400)) {
    discard(answer);
    throw statusFailure(url, status, message.method);
  }
  if (status < 200 || status >= 300) {
    let error: RpcMessage | undefined;
    try {
      const parsed = parseRpcMessage(await readCapped(ctx, url, answer, ERROR_BODY_BYTES), url.host);
      if (parsed.error) error = parsed;
    } catch (err) {
      if (ctx.signal.aborted) throw probeErrorOf(err, url, ctx.signal);
    }
    return { status, headers: answer.headers, ...(error ? { message: error } : {}) };
  }
  if (message.id === undefined) {
    discard(answer);
    return { status, headers: answer.headers };
  }
  const type = contentTypeOf(answer);
  if (type === 'application/json') {
    const response = parseRpcMessage(await readCapped(ctx, url, answer, ctx.limits.maxResponseBytes), url.host);
    if (!isResponseTo(response, message.id)) throw new ProbeError('protocol', `${url.host} answered ${message.method} with a message that is not its response`);
    return { status, headers: answer.headers, message: response };
  }
  if (type === 'text/event-stream') {
    const limit = ctx.limits.maxResponseBytes;
    try {
      for await (const event of sseMessages(answer.body, { maxEventBytes: limit, maxTotalBytes: limit }, url.host)) {
        if (event.data === '') continue;
        const response = parseRpcMessage(event.data, url.host);
        if (isResponseTo(response, message.id)) {
          discard(answer);
          return { status, headers: answer.headers, message: response };
        }
      }
    } catch (err) {
      discard(answer);
      throw probeErrorOf(err, url, ctx.signal);
    }
    throw new ProbeError('protocol', `${url.host} ended the event stream without answering ${message.method}`);
  }
  discard(answer);
  throw new ProbeError('protocol', `${url.host} answered ${message.method} with content type ${JSON.stringify(type.slice(0, 60) || 'none')}, not JSON or an event stream`);
}
