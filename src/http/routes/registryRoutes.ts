/**
 * The official MCP Registry API, registered once per prefix (`/v0`, `/v0.1`) with
 * identical behaviour. Handlers parse, call the catalog, render: nothing else.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import { hasPermission, type AccessPolicy, type RegistryPrincipal } from '../../access/index.js';
import { anonymousCatalogView, catalogViewFor, reviewScopeOf, checkApiShape, checkStatusBody, type Catalog, type CatalogView, type RenderedResponse, type ServerJson } from '../../catalog/index.js';
import { callerOf } from '../callerOf.js';
import { AuthError, InputError, ValidationError, type ErrorDetail } from '../../errors.js';
import { decodePathValue, parseBoolParam, parseListParam, parseUpdatedSince } from '../parseQuery.js';
import { includeDeletedQuery, listQuerySchema, nameParams, nameVersionParams } from './routeSchemas.js';
import { matchesEntityTag } from '../../matchesEntityTag.js';
import type { GovernanceRoutesOptions } from './governanceRoutes.js';
import { TRUST_LEVELS } from '../../schemas/governance.js';

export interface RegistryRoutesOptions {
  prefix: string;
  catalog: Catalog;
  cacheMaxAge: number;
  version: { version: string; git_commit: string; build_time: string };
  checkHealth: () => Promise<void>;
  githubClientId?: string;
  /** `private`: reads need `catalog.read` and show what access rules let the caller discover. */
  catalogVisibility?: 'public' | 'private';
  /** Decides what a caller of a private catalog may discover. */
  accessPolicy?: AccessPolicy;
  /** Server governance: a server's owners may publish its new versions. */
  governance?: GovernanceRoutesOptions;
}

const STATUSES = ['active', 'deprecated', 'deleted'] as const;
const TRANSPORTS = ['streamable-http', 'sse'] as const;

export function registryRoutes(fastify: FastifyInstance, options: RegistryRoutesOptions, done: () => void): void {
  // Params and querystrings are typed from the JSON Schemas the routes declare.
  const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();
  const { catalog, prefix } = options;
  const opId = (name: string) => `${name}-${prefix.replace(/^\//, '')}`;
  const isPrivate = options.catalogVisibility === 'private';
  if (isPrivate && !options.accessPolicy) throw new Error('a private catalog needs an access policy');
  // A private response differs per caller: shared caches must not keep it, and a
  // browser's copy is only valid for the same credentials.
  const cacheControl = `${isPrivate ? 'private' : 'public'}, max-age=${options.cacheMaxAge}`;
  // Reads of a private catalog need `catalog.read`, checked by the route-permission hook
  // before anything else, so an anonymous caller learns nothing (not even a 404), unless
  // the access rules let anonymous callers discover servers (a rule for `anonymous`):
  // then they read the approved versions of exactly those servers.
  const anonymousWhen = () => options.accessPolicy?.anonymousDiscovery === true;
  const readConfig: { permission?: 'catalog.read'; anonymous?: boolean; anonymousWhen?: () => boolean } = isPrivate ? { permission: 'catalog.read', anonymousWhen } : { anonymous: true };

  /** What the caller may see: undefined in a public catalog, null when they see everything. */
  async function viewOf(request: FastifyRequest): Promise<CatalogView | null | undefined> {
    if (!isPrivate) return undefined;
    const caller = await callerOf(request);
    // The route-permission hook let an anonymous caller through only while anonymous rules exist.
    if (caller === null) return anonymousCatalogView(options.accessPolicy!);
    return catalogViewFor(caller, options.accessPolicy!);
  }

  /** Which review states the caller sees (issue #21); a credential that does not resolve sees what anonymous readers see, and private catalogs refused it earlier. */
  async function scopeOf(request: FastifyRequest) {
    let caller;
    try {
      caller = await callerOf(request);
    } catch {
      caller = null;
    }
    return reviewScopeOf(caller);
  }

  function sendCached(request: FastifyRequest, reply: FastifyReply, response: RenderedResponse) {
    reply.header('etag', response.etag).header('cache-control', cacheControl);
    if (isPrivate) {
      const vary = reply.getHeader('vary');
      reply.header('vary', vary ? `${String(vary)}, Authorization, Cookie` : 'Authorization, Cookie');
    }
    if (request.headers['if-none-match'] && matchesEntityTag(request.headers['if-none-match'], response.etag)) return reply.code(304).send();
    return reply.header('content-type', 'application/json').send(response.body);
  }

  function sendJson(reply: FastifyReply, body: string) {
    return reply.header('content-type', 'application/json').header('cache-control', 'no-store').send(body);
  }

  /**
   * Huma checks the Authorization header's presence together with the body's shape
   * (one 422 listing every problem), before any authentication.
   */
  function shapeOf(request: FastifyRequest, needsAuth: boolean): { doc: ServerJson; authorization: string } {
    if (request.body === undefined) throw new InputError('HTTP_EMPTY_BODY', 'request body is required');
    const errors: ErrorDetail[] = [];
    const authorization = request.headers.authorization;
    if (needsAuth && (authorization === undefined || authorization === '')) {
      errors.push({ message: 'required header parameter is missing', location: 'header.Authorization' });
    }
    const shape = checkApiShape(request.body);
    if (!shape.ok) errors.push(...shape.errors);
    if (errors.length || !shape.ok) throw new ValidationError('HTTP_INVALID_REQUEST', 'validation failed', errors);
    return { doc: shape.value, authorization: authorization ?? '' };
  }

  /**
   * What the caller may publish and edit: a registry token's permissions, the admin
   * token's, or those of a Toolshed token whose caller holds `catalog.publish`.
   * Called only once the Authorization header is known to be present.
   */
  async function principalFrom(request: FastifyRequest): Promise<RegistryPrincipal> {
    let caller;
    try {
      caller = await callerOf(request);
    } catch (err) {
      // A bearer value no resolver recognises, in the official registry's words.
      if (err instanceof AuthError && err.code === 'AUTH_INVALID_TOKEN') {
        throw new AuthError('AUTH_INVALID_TOKEN', 'Invalid or expired Registry JWT token', err.errors);
      }
      throw err;
    }
    if (!caller) throw new AuthError('AUTH_REQUIRED', 'Authentication required: send Authorization: Bearer <token>');
    return caller.registry;
  }

  /**
   * A server's owner publishes its new versions with their own Toolshed credential:
   * the principal gains `publish` on exactly that name (see mayPublishAsOwner).
   */
  async function withOwnership(request: FastifyRequest, principal: RegistryPrincipal, name: string): Promise<RegistryPrincipal> {
    const governance = options.governance?.governance;
    if (!governance || hasPermission(principal, 'publish', name)) return principal;
    const caller = await callerOf(request);
    if (!caller || !(await governance.mayPublishAsOwner(caller, name))) return principal;
    return { ...principal, method: `${principal.method}+owner`, permissions: [...principal.permissions, { action: 'publish', resource: name }] };
  }

  function statusChangeOf(request: FastifyRequest) {
    if (request.body === undefined) throw new InputError('HTTP_EMPTY_BODY', 'request body is required');
    const errors: ErrorDetail[] = [];
    const authorization = request.headers.authorization;
    if (authorization === undefined || authorization === '') {
      errors.push({ message: 'required header parameter is missing', location: 'header.Authorization' });
    }
    const shape = checkStatusBody(request.body);
    if (!shape.ok) errors.push(...shape.errors);
    if (errors.length || !shape.ok) throw new ValidationError('HTTP_INVALID_REQUEST', 'validation failed', errors);
    return { change: shape.value, authorization: authorization! };
  }

  app.get(
    '/servers',
    {
      schema: {
        operationId: opId('list-servers'),
        tags: ['servers'],
        summary: 'List MCP servers',
        description: 'One item per server version, ordered by name then version, with cursor pagination.',
        querystring: listQuerySchema,
      },
      config: readConfig,
    },
    async (request, reply) => {
      const q = request.query;
      const includeDeleted = parseBoolParam('include_deleted', q.include_deleted);
      const updatedSinceNanos = parseUpdatedSince(q.updated_since);
      const statuses = parseListParam('status', q.status, STATUSES);
      const registryTypes = parseListParam('registry_type', q.registry_type);
      const remoteTransports = parseListParam('remote_transport', q.remote_transport, TRANSPORTS);
      const sources = parseListParam('source', q.source);
      const view = await viewOf(request);
      const trusts = parseListParam('trust', q.trust, TRUST_LEVELS);
      const tags = parseListParam('tag', q.tag);
      const includeTotal = parseBoolParam('include_total', q.include_total);
      const response = await catalog.list(
        {
          limit: q.limit,
          ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
          ...(q.search !== undefined ? { search: q.search } : {}),
          ...(updatedSinceNanos !== undefined ? { updatedSinceNanos } : {}),
          ...(q.version !== undefined ? { version: q.version } : {}),
          ...(includeDeleted !== undefined ? { includeDeleted } : {}),
          ...(q.q !== undefined ? { q: q.q } : {}),
          ...(statuses ? { statuses } : {}),
          ...(registryTypes ? { registryTypes } : {}),
          ...(remoteTransports ? { remoteTransports } : {}),
          ...(sources ? { sources } : {}),
          ...(trusts ? { trusts } : {}),
          ...(tags ? { tags } : {}),
          ...(q.tool !== undefined ? { tool: q.tool } : {}),
          ...(q.sort !== undefined ? { sort: q.sort } : {}),
          ...(includeTotal ? { includeTotal } : {}),
        },
        view,
        await scopeOf(request),
      );
      return sendCached(request, reply, response);
    },
  );

  app.get(
    '/servers/:serverName/versions',
    {
      schema: {
        operationId: opId('list-server-versions'),
        tags: ['servers'],
        summary: 'List all versions of an MCP server',
        params: nameParams,
        querystring: includeDeletedQuery,
      },
      config: readConfig,
    },
    async (request, reply) => {
      const name = decodePathValue(request.params.serverName, 'server name');
      const includeDeleted = parseBoolParam('include_deleted', request.query.include_deleted) ?? false;
      return sendCached(request, reply, await catalog.versions(name, includeDeleted, await viewOf(request), await scopeOf(request)));
    },
  );

  app.get(
    '/servers/:serverName/versions/:version',
    {
      schema: {
        operationId: opId('get-server-version'),
        tags: ['servers'],
        summary: 'Get a specific MCP server version',
        description: 'Use the version `latest` for the latest version.',
        params: nameVersionParams,
        querystring: includeDeletedQuery,
      },
      config: readConfig,
    },
    async (request, reply) => {
      const name = decodePathValue(request.params.serverName, 'server name');
      const version = decodePathValue(request.params.version, 'version');
      const includeDeleted = parseBoolParam('include_deleted', request.query.include_deleted) ?? false;
      return sendCached(request, reply, await catalog.get(name, version, includeDeleted, await viewOf(request), await scopeOf(request)));
    },
  );

  app.post(
    '/publish',
    {
      schema: {
        operationId: opId('publish-server'),
        tags: ['publish'],
        summary: 'Publish an MCP server version',
        security: [{ bearerAuth: [] }],
      },
    },
    async (request, reply) => {
      const { doc } = shapeOf(request, true);
      const principal = await withOwnership(request, await principalFrom(request), doc.name);
      // The publisher's groups, for approval rules naming a group (issue #21).
      const groups = (await callerOf(request))?.groups ?? [];
      return sendJson(reply, await catalog.publish(doc, principal, groups));
    },
  );

  app.post(
    '/validate',
    {
      schema: {
        operationId: opId('validate-server'),
        tags: ['publish'],
        summary: 'Validate a server.json without publishing it',
      },
    },
    async (request, reply) => {
      const { doc } = shapeOf(request, false);
      return sendJson(reply, JSON.stringify(catalog.validate(doc)));
    },
  );

  app.put(
    '/servers/:serverName/versions/:version',
    {
      schema: {
        operationId: opId('edit-server-version'),
        tags: ['publish'],
        summary: 'Replace a published version (admin edit)',
        security: [{ bearerAuth: [] }],
        params: nameVersionParams,
      },
    },
    async (request, reply) => {
      const { doc } = shapeOf(request, true);
      const principal = await principalFrom(request);
      const name = decodePathValue(request.params.serverName, 'server name');
      const version = decodePathValue(request.params.version, 'version');
      return sendJson(reply, await catalog.edit(name, version, doc, principal));
    },
  );

  app.delete(
    '/servers/:serverName/versions/:version',
    {
      schema: {
        operationId: opId('delete-server-version'),
        tags: ['publish'],
        summary: 'Mark a version deleted (the generic spec’s optional DELETE; data is kept)',
        description: 'Equivalent to PATCH …/status with `{"status":"deleted"}`. Restore with PATCH …/status.',
        security: [{ bearerAuth: [] }],
        params: nameVersionParams,
      },
    },
    async (request, reply) => {
      const authorization = request.headers.authorization;
      if (!authorization) {
        throw new ValidationError('HTTP_INVALID_REQUEST', 'validation failed', [{ message: 'required header parameter is missing', location: 'header.Authorization' }]);
      }
      const principal = await principalFrom(request);
      const name = decodePathValue(request.params.serverName, 'server name');
      const version = decodePathValue(request.params.version, 'version');
      return sendJson(reply, await catalog.setVersionStatus(name, version, { status: 'deleted' }, principal));
    },
  );

  app.patch(
    '/servers/:serverName/versions/:version/status',
    {
      schema: {
        operationId: opId('update-server-version-status'),
        tags: ['publish'],
        summary: 'Change the status of one version',
        security: [{ bearerAuth: [] }],
        params: nameVersionParams,
      },
    },
    async (request, reply) => {
      const { change } = statusChangeOf(request);
      const principal = await principalFrom(request);
      const name = decodePathValue(request.params.serverName, 'server name');
      const version = decodePathValue(request.params.version, 'version');
      return sendJson(reply, await catalog.setVersionStatus(name, version, change, principal));
    },
  );

  app.patch(
    '/servers/:serverName/status',
    {
      schema: {
        operationId: opId('update-server-status'),
        tags: ['publish'],
        summary: 'Change the status of every version of a server',
        security: [{ bearerAuth: [] }],
        params: nameParams,
      },
    },
    async (request, reply) => {
      const { change } = statusChangeOf(request);
      const principal = await principalFrom(request);
      const name = decodePathValue(request.params.serverName, 'server name');
      return sendJson(reply, await catalog.setServerStatus(name, change, principal));
    },
  );

  app.get('/health', { schema: { operationId: opId('health'), tags: ['service'], summary: 'Health check (includes a database round trip)' } }, async (_request, reply) => {
    await options.checkHealth();
    const body = options.githubClientId ? { status: 'ok', github_client_id: options.githubClientId } : { status: 'ok' };
    return sendJson(reply, JSON.stringify(body));
  });

  app.get('/ping', { schema: { operationId: opId('ping'), tags: ['service'], summary: 'Liveness ping' } }, async (_request, reply) => sendJson(reply, '{"pong":true}'));

  app.get('/version', { schema: { operationId: opId('version'), tags: ['service'], summary: 'Build information' } }, async (_request, reply) => sendJson(reply, JSON.stringify(options.version)));

  done();
}
