/**
 * The little of JSON-RPC 2.0 the relay needs: telling requests, notifications
 * and responses apart, keying ids (1 and "1" are different ids), and building
 * error responses.
 */
export type JsonRpcId = string | number;

export interface JsonRpcRequest {
  jsonrpc: '2.0';
  id: JsonRpcId;
  method: string;
  params?: Record<string, unknown>;
}

export interface JsonRpcError {
  code: number;
  message: string;
  data?: unknown;
}

export interface JsonRpcErrorResponse {
  jsonrpc: '2.0';
  id: JsonRpcId | null;
  error: JsonRpcError;
}

export type JsonObject = Record<string, unknown>;

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;
/** 2026-07-28: a mirrored header disagrees with the body (HTTP 400). */
export const HEADER_MISMATCH = -32020;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string or an integer JSON can carry exactly (a larger one would not come back as the same id). */
const isId = (id: unknown): id is JsonRpcId => typeof id === 'string' || Number.isSafeInteger(id);

export function isRequest(message: unknown): message is JsonRpcRequest {
  return isObject(message) && typeof message.method === 'string' && isId(message.id);
}

export function isResponse(message: unknown): message is JsonObject & { id: JsonRpcId } {
  return isObject(message) && message.method === undefined && isId(message.id) && ('result' in message || 'error' in message);
}

/**
 * Why a client's message is not one the gateway can decide, or undefined when
 * it is: a request (a string `method` and a string or integer `id`), a
 * notification (no id, a `notifications/` method) or a response (no method, a
 * `result` or an `error`). Anything else could reach an upstream undecided:
 * an upstream may well run a `tools/call` whose id is null.
 */
export function messageProblem(message: unknown): string | undefined {
  if (!isObject(message)) return 'each message must be a JSON-RPC object';
  const { method, id } = message;
  if (method === undefined) {
    if (!('result' in message || 'error' in message)) return 'a message needs a method (a request or notification) or a result or error (a response)';
    return id === null || isId(id) ? undefined : 'a response id must be a string, an integer or null';
  }
  if (typeof method !== 'string') return 'method must be a string';
  if (id === undefined) return method.startsWith('notifications/') ? undefined : `${method.slice(0, 100)} is a request and needs an id (only notifications/… methods may omit it)`;
  return isId(id) ? undefined : 'id must be a string or an integer';
}

/** A map key for an id: 1 and "1" stay apart. */
export function idKey(id: JsonRpcId): string {
  return typeof id === 'number' ? `n:${id}` : `s:${id}`;
}

export function errorResponse(id: JsonRpcId | null, code: number, message: string, data?: unknown): JsonRpcErrorResponse {
  return { jsonrpc: '2.0', id, error: data === undefined ? { code, message } : { code, message, data } };
}
