/**
 * 2026-07-28 request-metadata headers (SEP-2243): `Mcp-Method` mirrors the
 * body's method and `Mcp-Name` its `params.name` / `params.uri` / `params.taskId`;
 * `MCP-Protocol-Version` must agree with the `_meta` envelope. An intermediary
 * must refuse a disagreement with HTTP 400, so a load balancer routing on the
 * headers and the gateway deciding on the body can never see different calls.
 */
import { isObject, type JsonObject } from './jsonRpc.js';

export const MODERN_PROTOCOL_VERSION = '2026-07-28';
const VERSION_META_KEY = 'io.modelcontextprotocol/protocolVersion';

const NAME_SOURCE: Record<string, string> = {
  'tools/call': 'name',
  'prompts/get': 'name',
  'resources/read': 'uri',
  'tasks/get': 'taskId',
  'tasks/update': 'taskId',
  'tasks/cancel': 'taskId',
};

const SENTINEL = /^=\?base64\?((?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?)\?=$/;

/** True for revisions of the stateless era (dates compare as strings). */
export function isModernVersion(version: string | undefined): boolean {
  return version !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(version) && version >= MODERN_PROTOCOL_VERSION;
}

/** A header value with the `=?base64?…?=` encoding undone; undefined when the encoding is broken. */
export function decodeHeaderValue(value: string): string | undefined {
  if (!value.startsWith('=?base64?')) return value;
  const m = SENTINEL.exec(value);
  if (!m) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(m[1]!, 'base64'));
  } catch {
    return undefined;
  }
}

type Headers = Record<string, string | string[] | undefined>;

function single(headers: Headers, name: string): string | undefined | null {
  const v = headers[name];
  if (Array.isArray(v)) return null;
  return v;
}

/** The body's claimed protocol version (`params._meta`), if any. */
export function claimedVersion(message: unknown): string | undefined {
  if (!isObject(message) || !isObject(message.params) || !isObject(message.params._meta)) return undefined;
  const v = message.params._meta[VERSION_META_KEY];
  return typeof v === 'string' ? v : undefined;
}

/**
 * Why the headers and the body of a modern-era POST disagree, or null when they
 * agree. Only called when the header or the body claims a modern revision.
 */
export function modernHeaderProblem(headers: Headers, body: unknown): string | null {
  if (Array.isArray(body)) return 'JSON-RPC batches are not allowed in protocol version 2026-07-28';
  if (!isObject(body)) return 'the body must be one JSON-RPC request or notification';
  const version = single(headers, 'mcp-protocol-version');
  const method = single(headers, 'mcp-method');
  const name = single(headers, 'mcp-name');
  if (version === null || method === null || name === null) return 'MCP-Protocol-Version, Mcp-Method and Mcp-Name may each be sent only once';
  const claimed = claimedVersion(body);
  if (version === undefined) return 'the MCP-Protocol-Version header is required';
  if (claimed !== undefined && claimed !== version) {
    return `the MCP-Protocol-Version header (${version}) does not match _meta["${VERSION_META_KEY}"] (${claimed})`;
  }
  if (typeof body.method !== 'string') return null; // a response: the upstream refuses it in this era
  const isRequest = body.id !== undefined;
  if (method === undefined) return isRequest ? 'the Mcp-Method header is required' : null;
  if (method !== body.method) return `the Mcp-Method header (${method}) does not match the body's method (${body.method})`;
  const source = NAME_SOURCE[body.method];
  if (!source) return null;
  const params: JsonObject = isObject(body.params) ? body.params : {};
  const expected = params[source];
  if (name === undefined) return isRequest ? `the Mcp-Name header is required for ${body.method}` : null;
  const decoded = decodeHeaderValue(name);
  if (decoded === undefined) return 'the Mcp-Name header has a malformed =?base64?…?= value';
  if (decoded !== String(expected)) return `the Mcp-Name header does not match params.${source} of the body`;
  return null;
}
