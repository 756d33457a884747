/** A server reached in one era: what its handshake (or discovery) said, and a way to send it requests. */
import type { PostAnswer } from './postJsonRpc.js';
import { statusFailure } from './openHttp.js';
import { answerOf, isPlainObject, METHOD_NOT_FOUND, type RpcAnswer } from './rpcMessage.js';
import { ProbeError } from './probeError.js';
import type { ProbeEra } from './snapshot.js';

export interface ProbeSession {
  era: ProbeEra;
  protocolVersion: string;
  serverInfo: Record<string, unknown> | null;
  capabilities: Record<string, unknown> | null;
  instructions: string | null;
  request(method: string, params?: Record<string, unknown>): Promise<RpcAnswer>;
  /** Ends the session on the server (DELETE, or the SSE stream), best effort. */
  close(): Promise<void>;
}

/** The answer in a streamable-HTTP reply: a result or JSON-RPC error on 2xx; a method-not-found also on a 4xx (modern servers send 404). */
export function answerOfPost(url: URL, method: string, post: PostAnswer): RpcAnswer {
  if (post.status >= 200 && post.status < 300) {
    if (!post.message) throw new ProbeError('protocol', `${url.host} answered ${method} with no response`);
    return answerOf(post.message, url.host, method);
  }
  if (post.message?.error?.code === METHOD_NOT_FOUND) return { error: post.message.error };
  throw statusFailure(url, post.status, method);
}

/** The handshake's fields, checked: an object where one is expected, a string for instructions. */
export function handshakeFields(result: Record<string, unknown>, host: string): Pick<ProbeSession, 'serverInfo' | 'capabilities' | 'instructions'> {
  const meta = isPlainObject(result._meta) ? result._meta : {};
  const serverInfo = result.serverInfo ?? meta['io.modelcontextprotocol/serverInfo'] ?? null;
  const capabilities = result.capabilities ?? null;
  const instructions = result.instructions ?? null;
  if (serverInfo !== null && !isPlainObject(serverInfo)) throw new ProbeError('protocol', `${host} sent a serverInfo that is not an object`);
  if (capabilities !== null && !isPlainObject(capabilities)) throw new ProbeError('protocol', `${host} sent capabilities that are not an object`);
  if (instructions !== null && typeof instructions !== 'string') throw new ProbeError('protocol', `${host} sent instructions that are not text`);
  return { serverInfo, capabilities, instructions };
}
