/**
 * The gateway's HTTP front. Connections: `/mcp/{connection}` (streamable HTTP)
 * and `/mcp/{connection}/sse` + `/messages` (legacy HTTP+SSE), authenticated by
 * the owner's bearer token (or session), or, for a capability connection, by
 * the secret in the URL (`/mcp/{connection}/{secret}[/sse|/messages]`). The
 * connection, the caller and the credentials are resolved again on every
 * request, so a revocation or a rule change applies to the next message. With
 * `serverRoutes`, also `/gateway/{server}/…` for any signed-in caller (tests and
 * administrators' diagnostics; off in `toolshed serve`). Bodies are taken raw
 * and the exchange is handed to the gateway plane on Node's request and response.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Directory } from '../../access/directory.js';
import type { Caller } from '../../access/caller.js';
import type { Permission } from '../../access/roles.js';
import type { Gateway, RelayCall, UpstreamTransport } from '../../gateway/index.js';
import { resolveUpstream } from '../../gateway/index.js';
import type { FindCatalogServer } from '../../gateway/catalogServer.js';
import { connectionUpstream } from '../../gateway/connectionUpstream.js';
import type { GatewayConnections } from '../../gateway/gatewayConnections.js';
import { identityHeaders } from '../../gateway/identityHeaders.js';
import type { UpstreamSecrets } from '../../gateway/upstreamSecrets.js';
import { AuthError } from '../../errors.js';
import { callerOf, requireCaller } from '../callerOf.js';

export interface GatewayRouteOptions {
  gateway: Gateway;
  findServer: FindCatalogServer;
  connections: GatewayConnections;
  secrets: UpstreamSecrets;
  directory: Pick<Directory, 'callerForUser'>;
  /** Signed identity headers for the servers this matches. */
  identity?: { key: Buffer; appliesTo(server: string): boolean };
  /** Also serve `/gateway/{server}/…` for any signed-in caller, with these upstream headers. */
  serverRoutes?: { upstreamHeaders?(server: string): Record<string, string> };
  /** Largest request body, in bytes. */
  bodyLimit?: number;
}

type ConnectionParams = { Params: { connection: string; secret?: string }; Querystring: { session?: string } };
type ServerParams = { Params: { server: string }; Querystring: { session?: string } };

const CHALLENGE = 'Bearer realm="toolshed-gateway"';

function rpcError(reply: FastifyReply, status: number, message: string, headers: Record<string, string> = {}) {
  return reply
    .code(status)
    .headers({ 'content-type': 'application/json', 'cache-control': 'no-store', ...headers })
    .send(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: status >= 500 ? -32603 : -32600, message } }));
}

/** A capability URL's caller: the owner, allowed to connect and nothing else. */
function capabilityCaller(owner: Caller): Caller {
  const permissions = new Set<Permission>(owner.permissions.has('gateway.connect') ? ['gateway.connect'] : []);
  return { ...owner, permissions };
}

export async function gatewayRoutes(app: FastifyInstance, options: GatewayRouteOptions): Promise<void> {
  const bodyLimit = options.bodyLimit ?? 4 * 1024 * 1024;
  const { connections, secrets, findServer } = options;
  // The relay parses (and re-serialises) what it must; everything else travels as the client sent it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));

  /** Hands the exchange over: headers hooks already set (CORS) go out with the relayed answer. */
  const handOver = (request: FastifyRequest, reply: FastifyReply, call: Omit<RelayCall, 'req' | 'res' | 'body'>): RelayCall => {
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) reply.raw.setHeader(name, value as string);
    reply.raw.setHeader('access-control-expose-headers', 'mcp-session-id, mcp-protocol-version');
    reply.hijack();
    return { ...call, req: request.raw, res: reply.raw, ...(Buffer.isBuffer(request.body) ? { body: request.body } : {}) };
  };

  const prepareConnection = async (request: FastifyRequest<ConnectionParams>, reply: FastifyReply, transport: UpstreamTransport): Promise<RelayCall | null> => {
    const { connection: id, secret } = request.params;
    const notFound = () => rpcError(reply, 404, 'Connection not found: it does not exist or was revoked. Create one at /api/me/connections');
    const connection = await connections.active(id);
    if (!connection) {
      await notFound();
      return null;
    }
    let caller: Caller;
    if (secret !== undefined) {
      if (!connections.capabilityMatches(connection, secret)) {
        await notFound();
        return null;
      }
      const owner = await options.directory.callerForUser(connection.userId, 'capability-url');
      if (!owner) {
        await rpcError(reply, 403, 'The owner of this connection is disabled or no longer exists');
        return null;
      }
      caller = capabilityCaller(owner);
    } else {
      let found: Caller | null;
      try {
        found = await callerOf(request);
      } catch (err) {
        if (!(err instanceof AuthError)) throw err;
        await rpcError(reply, 401, `${err.message}`, { 'www-authenticate': `${CHALLENGE}, error="invalid_token"` });
        return null;
      }
      if (!found) {
        await rpcError(reply, 401, 'Authentication required: send Authorization: Bearer <personal access token with the gateway scope>', { 'www-authenticate': CHALLENGE });
        return null;
      }
      if (found.id !== connection.userId) {
        await rpcError(reply, 403, 'This connection belongs to someone else: create your own at /api/me/connections');
        return null;
      }
      caller = found;
    }
    if (!caller.permissions.has('gateway.connect')) {
      await rpcError(reply, 403, 'This needs the permission "gateway.connect": use a token with the gateway scope', { 'www-authenticate': `${CHALLENGE}, error="insufficient_scope", scope="gateway"` });
      return null;
    }
    const server = await findServer(connection.server);
    if (!server) {
      await rpcError(reply, 404, `${connection.server} is no longer in the catalog`);
      return null;
    }
    let values;
    try {
      values = await secrets.valuesFor(connection.server, connection.userId);
    } catch (err) {
      request.log.error({ err, server: connection.server }, 'the upstream secrets of a connection cannot be opened');
      await rpcError(reply, 502, `The gateway cannot read its stored credentials for ${connection.server}; an administrator must set them again`);
      return null;
    }
    const extra = options.identity?.appliesTo(server.name) ? identityHeaders(options.identity.key, { server: server.name, user: caller.id, groups: caller.groups }) : {};
    const resolved = connectionUpstream(server.doc, transport, values, extra);
    if (!resolved.ok) {
      await rpcError(reply, 404, resolved.reason);
      return null;
    }
    connections.recordUse(connection, request.ip).catch((err: unknown) => request.log.warn({ err }, 'recording a connection use failed'));
    return handOver(request, reply, { upstream: resolved.upstream, caller, connection: { id: connection.id, label: connection.label } });
  };

  const guarded = (request: FastifyRequest, reply: FastifyReply, run: Promise<void>) =>
    run.catch((err: unknown) => {
      request.log.error({ err }, 'gateway relay failed');
      if (!reply.raw.headersSent) {
        reply.raw.writeHead(502, { 'content-type': 'application/json' });
        reply.raw.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32603, message: 'The gateway could not relay this request' } }));
      } else reply.raw.end();
    });

  const base = (params: ConnectionParams['Params']) =>
    params.secret === undefined ? `/mcp/${encodeURIComponent(params.connection)}` : `/mcp/${encodeURIComponent(params.connection)}/${encodeURIComponent(params.secret)}`;
  // Anonymous at the route table: each request is authenticated here, by token or by capability secret.
  const open = { config: { anonymous: true }, schema: { hide: true } } as const;

  for (const prefix of ['/mcp/:connection', '/mcp/:connection/:secret']) {
    app.route<ConnectionParams>({
      method: ['GET', 'POST', 'DELETE'],
      url: prefix,
      ...open,
      async handler(request, reply) {
        const call = await prepareConnection(request, reply, 'streamable-http');
        if (call) await guarded(request, reply, options.gateway.streamableHttp(call));
      },
    });
    app.get<ConnectionParams>(`${prefix}/sse`, open, async (request, reply) => {
      const call = await prepareConnection(request, reply, 'sse');
      if (call) await guarded(request, reply, options.gateway.sseStream({ ...call, messagePath: `${base(request.params)}/messages` }));
    });
    app.post<ConnectionParams>(`${prefix}/messages`, open, async (request, reply) => {
      const call = await prepareConnection(request, reply, 'sse');
      if (call) await guarded(request, reply, options.gateway.sseMessage({ ...call, session: request.query.session ?? '' }));
    });
  }

  if (!options.serverRoutes) return;
  const upstreamHeaders = options.serverRoutes.upstreamHeaders;

  const prepareServer = async (request: FastifyRequest<ServerParams>, reply: FastifyReply, transport: UpstreamTransport): Promise<RelayCall | null> => {
    const caller = await requireCaller(request);
    const server = await findServer(request.params.server);
    if (!server) {
      await rpcError(reply, 404, `No server named '${request.params.server}' in the catalog`);
      return null;
    }
    const resolved = resolveUpstream(server.doc, transport, upstreamHeaders?.(server.name) ?? {});
    if (!resolved.ok) {
      await rpcError(reply, 404, resolved.reason);
      return null;
    }
    return handOver(request, reply, { upstream: resolved.upstream, caller });
  };

  app.route<ServerParams>({
    method: ['GET', 'POST', 'DELETE'],
    url: '/gateway/:server/mcp',
    config: { signedIn: true },
    schema: { hide: true },
    async handler(request, reply) {
      const call = await prepareServer(request, reply, 'streamable-http');
      if (call) await guarded(request, reply, options.gateway.streamableHttp(call));
    },
  });

  app.get<ServerParams>('/gateway/:server/sse', { config: { signedIn: true }, schema: { hide: true } }, async (request, reply) => {
    const call = await prepareServer(request, reply, 'sse');
    if (call) await guarded(request, reply, options.gateway.sseStream({ ...call, messagePath: `/gateway/${encodeURIComponent(request.params.server)}/messages` }));
  });

  app.post<ServerParams>('/gateway/:server/messages', { config: { signedIn: true }, schema: { hide: true } }, async (request, reply) => {
    const call = await prepareServer(request, reply, 'sse');
    if (call) await guarded(request, reply, options.gateway.sseMessage({ ...call, session: request.query.session ?? '' }));
  });
}
