/** JSON-RPC messages as the probe reads them off the wire: checked for shape, never trusted further. */
import { ProbeError } from './probeError.js';

export interface RpcError {
  code: number;
  message: string;
  data?: unknown;
}

export interface RpcMessage {
  id?: string | number | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: RpcError;
}

/** What one request got back: a result object or a JSON-RPC error. */
export type RpcAnswer = { result: Record<string, unknown>; error?: undefined } | { error: RpcError; result?: undefined };

export const METHOD_NOT_FOUND = -32601;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses one JSON-RPC message; anything else is `protocol`. */
export function parseRpcMessage(text: string, host: string): RpcMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ProbeError('protocol', `${host} sent something that is not JSON`);
  }
  if (!isPlainObject(value)) throw new ProbeError('protocol', `${host} sent JSON that is not a JSON-RPC message`);
  if (value.error !== undefined && !(isPlainObject(value.error) && typeof value.error.code === 'number')) {
    throw new ProbeError('protocol', `${host} sent a JSON-RPC error without a numeric code`);
  }
  return value as RpcMessage;
}

/** The answer in a response to request `id`, or `protocol` when it is neither a result object nor an error. */
export function answerOf(message: RpcMessage, host: string, method: string): RpcAnswer {
  if (message.error) return { error: { code: message.error.code, message: String(message.error.message ?? '').slice(0, 300), data: message.error.data } };
  if (!isPlainObject(message.result)) throw new ProbeError('protocol', `${host} answered ${method} with a result that is not an object`);
  return { result: message.result };
}

export function isResponseTo(message: RpcMessage, id: number): boolean {
  return message.method === undefined && message.id === id && ('result' in message || 'error' in message);
}
