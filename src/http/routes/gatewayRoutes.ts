/**
 * The gateway's HTTP front while connections are not built yet: a server's MCP
 * traffic at `/gateway/{server}/mcp` (streamable HTTP) and `/gateway/{server}/sse`
 * + `/messages` (legacy HTTP+SSE), for any signed-in caller, relayed to the
 * remote of the server's latest catalog version. Bodies are taken raw and the
 * exchange is handed to the gateway plane on Node's request and response.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Gateway, UpstreamTransport } from '../../gateway/index.js';
import { resolveUpstream } from '../../gateway/index.js';
import { requireCaller } from '../callerOf.js';

export interface GatewayRouteOptions {
  gateway: Gateway;
  /** The server.json of a server's latest version; throws NotFoundError when there is none. */
  latestDocument(name: string): Promise<{ name: string; remotes?: Array<{ type?: unknown; url?: unknown }> }>;
  /** Headers the gateway sends a server's upstream (its credentials). */
  upstreamHeaders?(server: string): Record<string, string>;
  /** Largest request body, in bytes. */
  bodyLimit?: number;
}

type Params = { Params: { server: string }; Querystring: { session?: string } };

export async function gatewayRoutes(app: FastifyInstance, options: GatewayRouteOptions): Promise<void> {
  const bodyLimit = options.bodyLimit ?? 4 * 1024 * 1024;
  // The relay parses (and re-serialises) what it must; everything else travels as the client sent it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));

  const prepare = async (request: FastifyRequest<Params>, reply: FastifyReply, transport: UpstreamTransport) => {
    const caller = await requireCaller(request);
    const doc = await options.latestDocument(request.params.server);
    const resolved = resolveUpstream(doc, transport, options.upstreamHeaders?.(doc.name) ?? {});
    if (!resolved.ok) {
      await reply.code(404).header('content-type', 'application/json').send({ jsonrpc: '2.0', id: null, error: { code: -32600, message: resolved.reason } });
      return null;
    }
    // Headers hooks already set (CORS) go out with the relayed answer; the session id must be readable by browsers.
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) reply.raw.setHeader(name, value as string);
    reply.raw.setHeader('access-control-expose-headers', 'mcp-session-id, mcp-protocol-version');
    reply.hijack();
    return {
      req: request.raw,
      res: reply.raw,
      upstream: resolved.upstream,
      caller,
      ...(Buffer.isBuffer(request.body) ? { body: request.body } : {}),
    };
  };

  const guarded = (request: FastifyRequest, reply: FastifyReply, run: Promise<void>) =>
    run.catch((err: unknown) => {
      request.log.error({ err }, 'gateway relay failed');
      if (!reply.raw.headersSent) {
        reply.raw.writeHead(502, { 'content-type': 'application/json' });
        reply.raw.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32603, message: 'The gateway could not relay this request' } }));
      } else reply.raw.end();
    });

  app.route<Params>({
    method: ['GET', 'POST', 'DELETE'],
    url: '/gateway/:server/mcp',
    config: { signedIn: true },
    schema: { hide: true },
    async handler(request, reply) {
      const call = await prepare(request, reply, 'streamable-http');
      if (call) await guarded(request, reply, options.gateway.streamableHttp(call));
    },
  });

  app.get<Params>('/gateway/:server/sse', { config: { signedIn: true }, schema: { hide: true } }, async (request, reply) => {
    const call = await prepare(request, reply, 'sse');
    if (call) await guarded(request, reply, options.gateway.sseStream({ ...call, messagePath: `/gateway/${encodeURIComponent(request.params.server)}/messages` }));
  });

  app.post<Params>('/gateway/:server/messages', { config: { signedIn: true }, schema: { hide: true } }, async (request, reply) => {
    const call = await prepare(request, reply, 'sse');
    if (call) await guarded(request, reply, options.gateway.sseMessage({ ...call, session: request.query.session ?? '' }));
  });
}
