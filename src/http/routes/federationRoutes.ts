/**
 * The federation admin API under `/api/admin`: upstream sources (CRUD, a sync on
 * demand, the documents an upstream sent that were refused) and curation records.
 * Administrators only; the plane does the work, this file parses and renders.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import { ConflictError, InputError, NotFoundError, ToolshedError, UpstreamFailedError } from '../../errors.js';
import type { TrackedFederation } from '../../operations/index.js';
import { guardedCaller } from '../routePermissions.js';
import {
  curationBodySchema,
  curationListSchema,
  curationSchema,
  rejectionListSchema,
  SOURCE_NAME_PATTERN,
  sourceInputSchema,
  sourceListSchema,
  sourcePatchSchema,
  sourceStatusSchema,
  syncResultSchema,
} from './federationSchemas.js';

export interface FederationRoutesOptions {
  federation: TrackedFederation;
}

const admin = { tags: ['admin'], security: [{ bearerAuth: [] }] } as const;
const sourceParams = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', pattern: SOURCE_NAME_PATTERN, description: 'The source name' } },
} as const;
const curationParams = {
  type: 'object',
  required: ['source', 'name'],
  properties: {
    source: { type: 'string', pattern: SOURCE_NAME_PATTERN, description: 'A source name, or `local`' },
    name: { type: 'string', minLength: 1, maxLength: 200, description: 'A server name (URL-encoded, `/` as `%2F`), or `*`' },
  },
} as const;
/** A 204 has no body: sent untyped, since the typed reply wants the schema's `null`. */
const noContent = (reply: FastifyReply) => reply.code(204).send();
const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

type CurationParams = { source: string; name: string };

export function federationRoutes(fastify: FastifyInstance, options: FederationRoutesOptions, done: () => void): void {
  // Params, querystrings and bodies are typed from the JSON Schemas the routes declare.
  const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();
  const { federation } = options;
  // The route-level permission hook has identified and checked the caller before validation.
  const actorOf = async (request: FastifyRequest) => (await guardedCaller(request)).id;

  app.get(
    '/api/admin/sources',
    {
      config: { permission: 'federation.manage' },
      schema: { ...admin, operationId: 'list-federation-sources', summary: 'Upstream sources with their sync status, in precedence order', response: { 200: sourceListSchema } },
    },
    async (request, reply) => {
      return noStore(reply).send({ sources: await federation.listSources() });
    },
  );

  app.post(
    '/api/admin/sources',
    {
      config: { permission: 'federation.manage' },
      schema: {
        ...admin,
        operationId: 'create-federation-source',
        summary: 'Add an upstream source',
        body: sourceInputSchema,
        response: { 201: sourceStatusSchema },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request);
      return noStore(reply)
        .code(201)
        .send(await federation.addSource(request.body, actor));
    },
  );

  app.get(
    '/api/admin/sources/:name',
    {
      config: { permission: 'federation.manage' },
      schema: { ...admin, operationId: 'get-federation-source', summary: 'One source and its sync status', params: sourceParams, response: { 200: sourceStatusSchema } },
    },
    async (request, reply) => {
      return noStore(reply).send(await federation.getSource(request.params.name));
    },
  );

  app.patch(
    '/api/admin/sources/:name',
    {
      config: { permission: 'federation.manage' },
      schema: {
        ...admin,
        operationId: 'update-federation-source',
        summary: 'Change a source (only the fields sent)',
        params: sourceParams,
        body: sourcePatchSchema,
        response: { 200: sourceStatusSchema },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request);
      return noStore(reply).send(await federation.updateSource(request.params.name, request.body, actor));
    },
  );

  app.delete(
    '/api/admin/sources/:name',
    {
      config: { permission: 'federation.manage' },
      schema: {
        ...admin,
        operationId: 'delete-federation-source',
        summary: 'Remove a source with everything mirrored from it',
        params: sourceParams,
        response: { 204: { type: 'null', description: 'Removed' } },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request);
      await federation.removeSource(request.params.name, actor);
      return noContent(reply);
    },
  );

  app.post(
    '/api/admin/sources/:name/sync',
    {
      config: { permission: 'federation.manage' },
      schema: {
        ...admin,
        operationId: 'sync-federation-source',
        summary: 'Sync a source now and report the run (resumes an interrupted one)',
        params: sourceParams,
        response: { 200: syncResultSchema },
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      await federation.getSource(name);
      if (federation.isSyncing(name)) {
        throw new ConflictError('FEDERATION_SYNC_RUNNING', `A sync of ${name} is already running; its result will show in GET /api/admin/sources/${name}`);
      }
      try {
        return noStore(reply).send(await federation.sync(name));
      } catch (err) {
        // The plane reports an upstream failure as unavailable; to the client it is a bad gateway, not our database.
        if (err instanceof ToolshedError && err.code !== 'FEDERATION_SYNC_FAILED') throw err;
        request.log.warn({ err, source: name }, 'sync failed');
        // The recorded error is the plane's own wording, written to be shown to administrators.
        const recorded = (await federation.getSource(name)).lastError;
        throw new UpstreamFailedError('FEDERATION_SYNC_UPSTREAM_FAILED', `The sync of ${name} failed: ${recorded ?? 'see the server log'}`);
      }
    },
  );

  app.get(
    '/api/admin/sources/:name/rejections',
    {
      config: { permission: 'federation.manage' },
      schema: {
        ...admin,
        operationId: 'list-federation-rejections',
        summary: 'Upstream documents this source sent that were refused, with the reason, newest first',
        params: sourceParams,
        querystring: {
          type: 'object',
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
            cursor: { type: 'string', maxLength: 20, description: '`metadata.nextCursor` of the previous page' },
          },
        },
        response: { 200: rejectionListSchema },
      },
    },
    async (request, reply) => {
      const { limit, cursor } = request.query;
      if (cursor !== undefined && !/^\d{1,15}$/.test(cursor)) {
        throw new InputError('ADMIN_BAD_CURSOR', 'Invalid cursor: use metadata.nextCursor of the previous page');
      }
      await federation.getSource(request.params.name);
      const rows = await federation.rejections(request.params.name, limit, cursor === undefined ? undefined : Number(cursor));
      const next = rows.length >= limit ? String(rows[rows.length - 1]!.id) : undefined;
      return noStore(reply).send({ rejections: rows, metadata: { count: rows.length, ...(next ? { nextCursor: next } : {}) } });
    },
  );

  app.get(
    '/api/admin/curations',
    {
      config: { permission: 'catalog.review' },
      schema: {
        ...admin,
        operationId: 'list-curations',
        summary: 'Curation records, of every source or of one',
        querystring: {
          type: 'object',
          properties: { source: { type: 'string', pattern: SOURCE_NAME_PATTERN, description: 'Only this source (or `local`)' } },
        },
        response: { 200: curationListSchema },
      },
    },
    async (request, reply) => {
      return noStore(reply).send({ curations: await federation.listCurations(request.query.source) });
    },
  );

  const findCuration = async ({ source, name }: CurationParams) => {
    const found = (await federation.listCurations(source)).find((c) => c.name === name);
    if (!found) throw new NotFoundError('FEDERATION_CURATION_NOT_FOUND', `No curation for ${name} from ${source}`);
    return found;
  };

  app.get(
    '/api/admin/curations/:source/:name',
    { config: { permission: 'catalog.review' }, schema: { ...admin, operationId: 'get-curation', summary: 'One curation record', params: curationParams, response: { 200: curationSchema } } },
    async (request, reply) => {
      return noStore(reply).send(await findCuration(request.params));
    },
  );

  app.put(
    '/api/admin/curations/:source/:name',
    {
      config: { permission: 'catalog.review' },
      schema: {
        ...admin,
        operationId: 'put-curation',
        summary: 'Set the curation of a server (or of a whole source with `*`); kept across re-syncs',
        params: curationParams,
        body: curationBodySchema,
        response: { 200: curationSchema },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request);
      const b = request.body;
      // PUT replaces the record: what the body leaves out is reset, not kept.
      await federation.curate(
        {
          ...request.params,
          decision: b.decision ?? null,
          pinnedVersion: b.pinnedVersion ?? null,
          hiddenVersions: b.hiddenVersions ?? [],
          trust: b.trust ?? null,
          tags: b.tags ?? [],
          notes: b.notes ?? null,
        },
        actor,
      );
      return noStore(reply).send(await findCuration(request.params));
    },
  );

  app.delete(
    '/api/admin/curations/:source/:name',
    {
      config: { permission: 'catalog.review' },
      schema: {
        ...admin,
        operationId: 'delete-curation',
        summary: 'Remove a curation record (the server is shown as upstream has it)',
        params: curationParams,
        response: { 204: { type: 'null', description: 'Removed' } },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request);
      await findCuration(request.params);
      await federation.removeCuration(request.params.source, request.params.name, actor);
      return noContent(reply);
    },
  );
  done();
}
