/**
 * Which headers cross the gateway. Towards the upstream: only what MCP needs
 * (an allow list), exactly one of each, then the upstream's own configured
 * headers; the client's Authorization, Cookie and everything else stay behind.
 * A body goes as `application/json`, whatever type the client named: the
 * gateway decided it as UTF-8, and an upstream decoding a declared
 * `charset=utf-7` would read `+AHM-ecret` as `secret`.
 * Towards the client: content type, session and retry information only; the
 * upstream's cookies, auth challenges and hop-by-hop headers never pass.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** Forwarded from the client when present (names lower-case). */
const FROM_CLIENT = new Set(['mcp-session-id', 'mcp-protocol-version', 'last-event-id', 'mcp-method', 'mcp-name', 'traceparent', 'tracestate', 'baggage']);

/** Passed back to the client when the upstream sends them. */
const FROM_UPSTREAM = new Set(['content-type', 'mcp-session-id', 'mcp-protocol-version', 'allow', 'retry-after']);

export const SSE_HEADERS: Record<string, string> = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The type of every body the gateway forwards. */
export const JSON_BODY = 'application/json';

export function upstreamRequestHeaders(client: IncomingHttpHeaders, inject: Record<string, string>, accept: string, contentType?: typeof JSON_BODY): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(client)) {
    const lower = name.toLowerCase();
    if (!FROM_CLIENT.has(lower) && !lower.startsWith('mcp-param-')) continue;
    const v = first(value);
    if (v !== undefined) out[lower] = v;
  }
  out.accept = accept;
  if (contentType) out['content-type'] = contentType;
  // Compressed event streams cannot be relayed event by event, so none are asked for.
  out['accept-encoding'] = 'identity';
  out['user-agent'] = 'Toolshed-Gateway/0.1';
  for (const [name, value] of Object.entries(inject)) out[name.toLowerCase()] = value;
  return out;
}

export function clientResponseHeaders(upstream: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(upstream)) {
    const lower = name.toLowerCase();
    if (!FROM_UPSTREAM.has(lower)) continue;
    const v = first(value);
    if (v !== undefined) out[lower] = v;
  }
  return out;
}

/** The one value of a request header (the first, when a client repeated it). */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  return first(headers[name]);
}
