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

const isId = (id: unknown): id is JsonRpcId => typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id));

export function isRequest(message: unknown): message is JsonRpcRequest {
  return isObject(message) && typeof message.method === 'string' && isId(message.id);
}

export function isResponse(message: unknown): message is JsonObject & { id: JsonRpcId } {
  return isObject(message) && message.method === undefined && isId(message.id) && ('result' in message || 'error' in message);
}

/** A map key for an id: 1 and "1" stay apart. */
export function idKey(id: JsonRpcId): string {
  return typeof id === 'number' ? `n:${id}` : `s:${id}`;
}

export function errorResponse(id: JsonRpcId | null, code: number, message: string, data?: unknown): JsonRpcErrorResponse {
  return { jsonrpc: '2.0', id, error: data === undefined ? { code, message } : { code, message, data } };
}
