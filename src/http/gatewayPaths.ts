/**
 * The gateway's paths, matched without a router: `/mcp/{connection}[/{secret}]`
 * followed by nothing (streamable HTTP), `/sse` or `/messages` (legacy SSE), and
 * `/gateway/{server}/{mcp|sse|messages}` when server routes are on. A literal
 * `sse` or `messages` segment is always the endpoint, never a secret (as a
 * router's static segments win over parameters). Anything else, including a
 * trailing slash, an empty segment or a NUL byte, is not a gateway path.
 */
export type GatewayEndpoint = 'mcp' | 'sse' | 'messages';

export type GatewayPath =
  | { kind: 'connection'; connection: string; secret?: string; endpoint: GatewayEndpoint; base: string; session?: string }
  | { kind: 'server'; server: string; endpoint: GatewayEndpoint; base: string; session?: string };

const MAX_SEGMENT = 1024;

function decode(segment: string): string | null {
  if (segment.length === 0 || segment.length > MAX_SEGMENT) return null;
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** The session parameter of a legacy SSE message URL. */
function sessionOf(query: string): string | undefined {
  if (query === '') return undefined;
  return new URLSearchParams(query).get('session') ?? undefined;
}

/** The gateway path of a request target, `'bad-encoding'` when a segment cannot be decoded, or null. */
export function matchGatewayPath(url: string, serverRoutes: boolean): GatewayPath | 'bad-encoding' | null {
  const mcp = url.startsWith('/mcp/');
  if (!mcp && !(serverRoutes && url.startsWith('/gateway/'))) return null;
  const q = url.indexOf('?');
  const pathname = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  if (url.includes('\0') || (url.includes('%') && /%00/i.test(url))) return null;
  const raw = pathname.split('/').slice(2);
  if (raw.some((s) => s.length === 0)) return null;
  // decode() uses a segment with nothing encoded (the common case) as it is.
  const decoded = raw.map(decode);
  if (decoded.some((s) => s === null)) return 'bad-encoding';
  const parts = decoded as string[];
  const last = parts[parts.length - 1];
  const endpoint: GatewayEndpoint = last === 'sse' ? 'sse' : last === 'messages' ? 'messages' : 'mcp';
  if (mcp) {
    const ids = endpoint === 'mcp' ? parts : parts.slice(0, -1);
    if (ids.length < 1 || ids.length > 2) return null;
    const base = `/mcp/${raw.slice(0, ids.length).join('/')}`;
    const session = endpoint === 'messages' ? sessionOf(query) : undefined;
    return { kind: 'connection', connection: ids[0]!, ...(ids[1] !== undefined ? { secret: ids[1] } : {}), endpoint, base, ...(session !== undefined ? { session } : {}) };
  }
  if (parts.length !== 2 || (last !== 'mcp' && last !== 'sse' && last !== 'messages')) return null;
  const session = endpoint === 'messages' ? sessionOf(query) : undefined;
  return { kind: 'server', server: parts[0]!, endpoint, base: `/gateway/${raw[0]}`, ...(session !== undefined ? { session } : {}) };
}
