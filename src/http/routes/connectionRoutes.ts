/**
 * Gateway connections over HTTP: a person's own at `/api/me/connections`
 * (create, list, rename, revoke), the servers they are connected to at
 * `/api/me/servers` (official ServerResponse items with `remotes` pointing at
 * their connection URLs), whether Toolshed hosts a server's package at
 * `/api/me/servers/{name}/hosting`, and every connection for administrators at
 * `/api/admin/connections`. A capability URL's secret is in the creation
 * response only.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { Caller } from '../../access/index.js';
import { type CatalogServer, type ConnectionRecord, type GatewayConnections, type FindCatalogServer, type ToolMarks, remoteOf } from '../../gateway/index.js';
import { NotFoundError } from '../../errors.js';
import { formatTimestamp } from '../../store/index.js';
import { guardedCaller } from '../routePermissions.js';

export interface ConnectionRoutesOptions {
  connections: GatewayConnections;
  findServer: FindCatalogServer;
  /** The server as the caller may know it (undefined when the access rules hide it from them). */
  discoverableServer(caller: Caller, name: string): Promise<CatalogServer | undefined>;
  /** TOOLSHED_PUBLIC_URL; the request's own origin when unset. */
  publicUrl?: string | undefined;
  /** Each tool of the server's current snapshot, marked callable or denied for the caller (`createToolMarks`). */
  toolMarks?: (caller: Caller, server: CatalogServer) => Promise<ToolMarks>;
  /** Whether Toolshed hosts this server's package (absent: hosting is off), as the gateway decides it. */
  hosts?: ((doc: object) => boolean) | undefined;
}

const toolMarksSchema = {
  type: 'object',
  properties: {
    server: { type: 'string' },
    version: { type: 'string', description: 'The latest version, whose current capability snapshot lists the tools' },
    snapshotHash: { type: ['string', 'null'], description: 'null when no snapshot of that version is known yet (tools is then empty)' },
    tools: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          allowed: { type: 'boolean', description: 'Whether a tools/call of it through the gateway would be allowed for the caller' },
          rule: { type: 'object', properties: { id: { type: 'string' }, description: { type: 'string' } }, description: 'The access rule that decided; absent when the default did' },
          reason: { type: 'string' },
          held: { type: 'boolean', description: "Present (true) when the access rules allow the tool but a drift from the server's pin holds it back (drift action hide or block)" },
        },
      },
    },
  },
};

/** The metadata key of a connection in `/api/me/servers` items. */
export const CONNECTION_META_KEY = 'io.toolshed/connection';

const me = { tags: ['me'], security: [{ bearerAuth: [] }] };
const admin = { tags: ['access'], security: [{ bearerAuth: [] }] };
const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');
const stamp = (micros: number | null) => (micros === null ? null : formatTimestamp(micros));
const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 100, description: 'A connection id (`con_…`)' } } } as const;

const connectionSchema = {
  type: 'object',
  // sseUrl is sent only when the server has an sse remote.
  required: ['id', 'server', 'label', 'userId', 'url', 'capabilityUrl', 'createdAt', 'lastUsedAt', 'lastUsedFrom', 'revokedAt', 'revokedBy', 'state'],
  properties: {
    id: { type: 'string' },
    server: { type: 'string' },
    label: { type: 'string' },
    userId: { type: 'string' },
    url: { type: 'string', description: 'The streamable HTTP endpoint for MCP clients' },
    sseUrl: { type: 'string', description: 'The legacy HTTP+SSE endpoint, when the server has an sse remote' },
    capabilityUrl: { type: 'boolean', description: 'Whether a capability URL (secret in the path) works for it' },
    createdAt: { type: 'string' },
    lastUsedAt: { type: ['string', 'null'] },
    lastUsedFrom: { type: ['string', 'null'] },
    revokedAt: { type: ['string', 'null'] },
    revokedBy: { type: ['string', 'null'] },
    state: { type: 'string', enum: ['active', 'revoked'] },
  },
} as const;
const connectionListSchema = { type: 'object', required: ['connections'], properties: { connections: { type: 'array', items: connectionSchema } } } as const;
const createdSchema = {
  type: 'object',
  required: ['connection'],
  properties: {
    connection: connectionSchema,
    capability: {
      type: 'object',
      description: 'Only with capabilityUrl: the URLs with the secret in them. Shown once; keep them like a password.',
      required: ['secret', 'url'],
      properties: { secret: { type: 'string' }, url: { type: 'string' }, sseUrl: { type: 'string' } },
    },
  },
} as const;

export function originOf(request: FastifyRequest, publicUrl: string | undefined): string {
  return (publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
}

export function connectionRoutes(fastify: FastifyInstance, options: ConnectionRoutesOptions, done: () => void): void {
  /** A server is hosted when it has no remote the gateway relays to and Toolshed hosts its package. */
  const hostedHere = (doc: CatalogServer['doc']) => !remoteOf(doc, 'streamable-http') && !remoteOf(doc, 'sse') && options.hosts?.(doc) === true;
  // Params, querystrings and bodies are typed from the JSON Schemas the routes declare.
  const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();
  const { connections, findServer } = options;

  /** Which transports a connection's server offers now (for its URLs). */
  async function transportsOf(server: string): Promise<{ http: boolean; sse: boolean }> {
    const found = await findServer(server);
    return { http: found ? remoteOf(found.doc, 'streamable-http') !== undefined : false, sse: found ? remoteOf(found.doc, 'sse') !== undefined : false };
  }

  async function render(request: FastifyRequest, c: ConnectionRecord, cache = new Map<string, Promise<{ http: boolean; sse: boolean }>>()) {
    if (!cache.has(c.server)) cache.set(c.server, transportsOf(c.server));
    const offered = await cache.get(c.server)!;
    const base = `${originOf(request, options.publicUrl)}/mcp/${c.id}`;
    return {
      id: c.id,
      server: c.server,
      label: c.label,
      userId: c.userId,
      url: base,
      ...(offered.sse ? { sseUrl: `${base}/sse` } : {}),
      capabilityUrl: c.capabilityUrl,
      createdAt: formatTimestamp(c.createdAt),
      lastUsedAt: stamp(c.lastUsedAt),
      lastUsedFrom: c.lastUsedFrom,
      revokedAt: stamp(c.revokedAt),
      revokedBy: c.revokedBy,
      state: c.state,
    };
  }
  const renderAll = async (request: FastifyRequest, list: ConnectionRecord[]) => {
    const cache = new Map<string, Promise<{ http: boolean; sse: boolean }>>();
    return Promise.all(list.map((c) => render(request, c, cache)));
  };

  app.post(
    '/api/me/connections',
    {
      config: { permission: 'gateway.connect' },
      schema: {
        ...me,
        operationId: 'create-my-connection',
        summary: 'Connect to a server through the gateway: a URL for one MCP client',
        body: {
          type: 'object',
          required: ['server', 'label'],
          additionalProperties: false,
          properties: {
            server: { type: 'string', minLength: 1, maxLength: 200, description: 'The catalog name of the server' },
            label: { type: 'string', minLength: 1, maxLength: 100, description: 'The client it is for, e.g. "laptop / Claude Desktop"' },
            capabilityUrl: { type: 'boolean', default: false, description: 'Also give a URL that authenticates by itself, for clients that cannot send headers' },
          },
        },
        response: { 201: createdSchema },
      },
    },
    async (request, reply) => {
      const caller = await guardedCaller(request);
      const created = await connections.create(caller, request.body);
      const rendered = await render(request, created.connection);
      const capability = created.secret
        ? { secret: created.secret, url: `${rendered.url}/${created.secret}`, ...(rendered.sseUrl ? { sseUrl: `${rendered.url}/${created.secret}/sse` } : {}) }
        : undefined;
      return noStore(reply)
        .code(201)
        .send({ connection: rendered, ...(capability ? { capability } : {}) });
    },
  );

  app.get(
    '/api/me/connections',
    { config: { signedIn: true }, schema: { ...me, operationId: 'list-my-connections', summary: 'My active gateway connections', response: { 200: connectionListSchema } } },
    async (request, reply) => {
      const caller = await guardedCaller(request);
      return noStore(reply).send({ connections: await renderAll(request, await connections.list({ userId: caller.id })) });
    },
  );

  app.patch(
    '/api/me/connections/:id',
    {
      config: { signedIn: true },
      schema: {
        ...me,
        operationId: 'rename-my-connection',
        summary: 'Change the label of one of my connections',
        params: idParam,
        body: { type: 'object', required: ['label'], additionalProperties: false, properties: { label: { type: 'string', minLength: 1, maxLength: 100 } } },
        response: { 200: connectionSchema },
      },
    },
    async (request, reply) => {
      const caller = await guardedCaller(request);
      return noStore(reply).send(await render(request, await connections.rename(request.params.id, request.body.label, caller.id, caller.id)));
    },
  );

  app.delete(
    '/api/me/connections/:id',
    {
      config: { signedIn: true },
      schema: {
        ...me,
        operationId: 'revoke-my-connection',
        summary: 'Revoke one of my connections (its next message fails)',
        params: idParam,
        response: { 204: { type: 'null', description: 'Revoked' } },
      },
    },
    async (request, reply) => {
      const caller = await guardedCaller(request);
      await connections.revoke(request.params.id, caller.id, caller.id);
      return noStore(reply).code(204).send();
    },
  );

  app.get(
    '/api/me/servers',
    {
      config: { signedIn: true },
      schema: {
        ...me,
        operationId: 'list-my-servers',
        summary: 'The servers I am connected to, as official ServerResponse items whose remotes are my connection URLs',
        description: `One item per active connection to a server the caller may still discover. \`remotes\` lists the connection's gateway URLs (streamable-http, and sse when the server has an sse remote), without the upstream's headers or variables, which the gateway fills in; \`_meta["${CONNECTION_META_KEY}"]\` names the connection.`,
      },
    },
    async (request, reply) => {
      const caller = await guardedCaller(request);
      const origin = originOf(request, options.publicUrl);
      const items = [];
      for (const c of await connections.list({ userId: caller.id })) {
        // A server hidden since the connection was made is not shown: its document is no longer the caller's to read.
        const server = await options.discoverableServer(caller, c.server);
        if (!server) continue;
        const base = `${origin}/mcp/${c.id}`;
        const remotes = [
          ...(remoteOf(server.doc, 'streamable-http') || hostedHere(server.doc) ? [{ type: 'streamable-http', url: base }] : []),
          ...(remoteOf(server.doc, 'sse') ? [{ type: 'sse', url: `${base}/sse` }] : []),
        ];
        items.push({
          server: { ...server.response.server, remotes },
          _meta: { ...(server.response._meta ?? {}), [CONNECTION_META_KEY]: { id: c.id, label: c.label, createdAt: formatTimestamp(c.createdAt) } },
        });
      }
      return noStore(reply)
        .header('content-type', 'application/json')
        .send(JSON.stringify({ servers: items, metadata: { count: items.length } }));
    },
  );

  app.get<{ Params: { name: string } }>(
    '/api/me/servers/:name/hosting',
    {
      config: { signedIn: true },
      schema: {
        ...me,
        operationId: 'get-my-server-hosting',
        summary: "Whether Toolshed hosts the server's package, so that a connection reaches it through the gateway without any remote",
        description:
          'A server with a streamable-http or sse remote is relayed to it (`hosted` false); one with no remote but a hostable stdio package is hosted while hosting is on. A server the caller may not discover answers 404, like one that does not exist.',
        params: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string', minLength: 1, maxLength: 200, description: 'The catalog name of the server, URL-encoded (`io.example%2Fweather`)' } },
        },
        response: {
          200: {
            type: 'object',
            required: ['server', 'hosted'],
            properties: { server: { type: 'string' }, hosted: { type: 'boolean', description: "true: the gateway runs the server's package for connections to it" } },
          },
        },
      },
    },
    async (request, reply) => {
      const caller = await guardedCaller(request);
      const server = await options.discoverableServer(caller, request.params.name);
      if (!server) throw new NotFoundError('GATEWAY_SERVER_NOT_FOUND', `No server named '${request.params.name}' in the catalog`);
      return noStore(reply).send({ server: server.name, hosted: hostedHere(server.doc) });
    },
  );

  const { toolMarks } = options;
  if (toolMarks) {
    app.get<{ Params: { name: string } }>(
      '/api/me/servers/:name/tools',
      {
        config: { signedIn: true },
        schema: {
          ...me,
          operationId: 'list-my-server-tools',
          summary: "The tools of a server's latest version, each marked callable or denied for me, and by which rule",
          description:
            'Decided with the access rules exactly as the gateway decides a `tools/call` (the connection first, then the call). A server the caller may not discover answers 404, like one that does not exist.',
          params: {
            type: 'object',
            required: ['name'],
            properties: { name: { type: 'string', minLength: 1, maxLength: 200, description: 'The catalog name of the server, URL-encoded (`io.example%2Fweather`)' } },
          },
          response: { 200: toolMarksSchema },
        },
      },
      async (request, reply) => {
        const caller = await guardedCaller(request);
        const server = await options.discoverableServer(caller, request.params.name);
        if (!server) throw new NotFoundError('GATEWAY_SERVER_NOT_FOUND', `No server named '${request.params.name}' in the catalog`);
        return noStore(reply).send(await toolMarks(caller, server));
      },
    );
  }

  app.get(
    '/api/admin/connections',
    {
      config: { permission: 'audit.read' },
      schema: {
        ...admin,
        operationId: 'list-connections',
        summary: 'Gateway connections of everyone, newest first',
        querystring: {
          type: 'object',
          properties: {
            user: { type: 'string', maxLength: 200, description: 'Only this owner (user id)' },
            server: { type: 'string', maxLength: 200, description: 'Only connections to this server' },
            include_revoked: { type: 'boolean', default: false },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200 },
          },
        },
        response: { 200: connectionListSchema },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const list = await connections.list({ userId: q.user, server: q.server, includeRevoked: q.include_revoked === true, limit: q.limit });
      return noStore(reply).send({ connections: await renderAll(request, list) });
    },
  );

  app.delete(
    '/api/admin/connections/:id',
    {
      config: { permission: 'access.manage' },
      schema: {
        ...admin,
        operationId: 'revoke-connection',
        summary: 'Revoke anyone’s connection (its next message fails)',
        params: idParam,
        response: { 204: { type: 'null', description: 'Revoked' } },
      },
    },
    async (request, reply) => {
      const caller = await guardedCaller(request);
      await connections.revoke(request.params.id, caller.id);
      return noStore(reply).code(204).send();
    },
  );
  done();
}
