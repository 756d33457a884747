/**
 * The 2026-07-28 era: stateless, no handshake. `server/discover` first, each
 * request carrying the `_meta` envelope (version, client capabilities, client
 * info) and the `MCP-Protocol-Version`/`Mcp-Method` headers. Following the
 * spec's backward-compatibility probe, a 400, 404 or 405 or a JSON-RPC error
 * answering discovery means the server is not modern (null: try the session era).
 */
import { postJsonRpc } from './postJsonRpc.js';
import type { ProbeContext } from './probeContext.js';
import { answerOfPost, handshakeFields, type ProbeSession } from './probeSession.js';
import { statusFailure } from './openHttp.js';
import { answerOf } from './rpcMessage.js';

export const MODERN_PROTOCOL_VERSION = '2026-07-28';

const FALLBACK_STATUSES = new Set([400, 404, 405]);

export async function openModern(ctx: ProbeContext, url: URL): Promise<ProbeSession | null> {
  const meta = {
    'io.modelcontextprotocol/protocolVersion': MODERN_PROTOCOL_VERSION,
    'io.modelcontextprotocol/clientCapabilities': {},
    'io.modelcontextprotocol/clientInfo': ctx.clientInfo,
  };
  const send = (method: string, params: Record<string, unknown> = {}) =>
    postJsonRpc(ctx, url, { id: ctx.nextId(), method, params: { ...params, _meta: meta } }, { 'mcp-protocol-version': MODERN_PROTOCOL_VERSION, 'mcp-method': method });

  const discovery = await send('server/discover');
  if (FALLBACK_STATUSES.has(discovery.status)) return null;
  if (discovery.status < 200 || discovery.status >= 300) throw statusFailure(url, discovery.status, 'server/discover');
  if (!discovery.message) return null;
  const answer = answerOf(discovery.message, url.host, 'server/discover');
  if (answer.error) return null;
  const supported = answer.result.supportedVersions;
  if (!Array.isArray(supported) || !supported.includes(MODERN_PROTOCOL_VERSION)) return null;
  return {
    era: 'modern',
    protocolVersion: MODERN_PROTOCOL_VERSION,
    ...handshakeFields(answer.result, url.host),
    async request(method, params) {
      return answerOfPost(url, method, await send(method, params));
    },
    async close() {},
  };
}
