/**
 * Pins and drift over HTTP: drift events at `GET /api/admin/drift`, a server's
 * pin, action and open drift at `GET /api/admin/servers/{name}/pin`, re-pinning
 * at `POST …/pin` (who and when recorded; open drift resolved), and the
 * server's drift action at `PUT …/drift-action`. Reading needs `audit.read`;
 * changing needs `access.manage`, as the gateway's behaviour changes with it.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import { DRIFT_ACTIONS, type DriftEvent, type DriftWatch, type PinStatus } from '../../inventory/index.js';
import { guardedCaller } from '../routePermissions.js';

export interface DriftRoutesOptions {
  watch: DriftWatch;
}

const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');
const base = { tags: ['inventory'], security: [{ bearerAuth: [] }] } as const;
const nameParams = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 200, description: 'The catalog name of the server, URL-encoded (`io.example%2Fweather`)' } },
} as const;
const changeSchema = {
  type: 'object',
  properties: {
    kind: { type: 'string' },
    key: { type: 'string' },
    change: { type: 'string', enum: ['added', 'removed', 'changed'] },
    fields: { type: 'array', items: { type: 'object', additionalProperties: true } },
    omittedFields: { type: 'integer' },
  },
} as const;
const eventSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    server: { type: 'string' },
    version: { type: 'string' },
    snapshotId: { type: 'integer' },
    pinnedSnapshotId: { type: 'integer' },
    via: { type: 'string', enum: ['probe', 'observed'] },
    detectedAt: { type: 'string' },
    changes: { type: 'array', items: changeSchema },
    severity: { type: 'string' },
    resolvedAt: { type: ['string', 'null'] },
    resolvedBy: { type: ['string', 'null'] },
  },
} as const;
const pinSchema = {
  type: 'object',
  properties: {
    server: { type: 'string' },
    pinnedSnapshotId: { type: ['integer', 'null'] },
    pinnedBy: { type: ['string', 'null'] },
    pinnedAt: { type: ['string', 'null'] },
    action: { type: ['string', 'null'], enum: [...DRIFT_ACTIONS, null] },
    effectiveAction: { type: 'string', enum: [...DRIFT_ACTIONS] },
    openDrift: { type: 'array', items: eventSchema },
  },
} as const;

const renderPin = (p: PinStatus) => p;
const renderEvent = (e: DriftEvent) => e;

export function driftRoutes(fastify: FastifyInstance, options: DriftRoutesOptions, done: () => void): void {
  // Params, querystrings and bodies are typed from the JSON Schemas the routes declare.
  const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();
  const { watch } = options;

  app.get(
    '/api/admin/drift',
    {
      config: { permission: 'audit.read' },
      schema: {
        ...base,
        operationId: 'list-drift-events',
        summary: 'Drift from pinned snapshots, newest first, with each event’s changes',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            open: { type: 'boolean', description: 'true: unresolved only; false: resolved only' },
            server: { type: 'string', minLength: 1, maxLength: 200 },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            before: { type: 'integer', minimum: 1, description: 'Events with an id below this one (the next page)' },
          },
        },
        response: { 200: { type: 'object', properties: { events: { type: 'array', items: eventSchema }, next: { type: ['integer', 'null'] } } } },
      },
    },
    async (request, reply) => {
      const { open, server, limit, before } = request.query;
      const events = await watch.listDrift({ ...(open !== undefined ? { open } : {}), ...(server ? { server } : {}), ...(before ? { before } : {}) }, limit);
      return noStore(reply).send({ events: events.map(renderEvent), next: events.length === limit ? events[events.length - 1]!.id : null });
    },
  );

  app.get(
    '/api/admin/servers/:name/pin',
    {
      config: { permission: 'audit.read' },
      schema: { ...base, operationId: 'get-server-pin', summary: 'The server’s pinned snapshot, drift action and open drift', params: nameParams, response: { 200: pinSchema } },
    },
    async (request, reply) => noStore(reply).send(renderPin(await watch.status(request.params.name))),
  );

  app.post(
    '/api/admin/servers/:name/pin',
    {
      config: { permission: 'access.manage' },
      schema: {
        ...base,
        operationId: 'pin-server-snapshot',
        summary: 'Pin a snapshot (by default the current one of the latest version); resolves open drift, recording who and when',
        params: nameParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { snapshotId: { type: 'integer', minimum: 1, description: 'A snapshot of this server; default: the latest version’s current snapshot' } },
        },
        response: { 200: pinSchema },
      },
    },
    async (request, reply) => {
      const by = (await guardedCaller(request)).id;
      const snapshotId = request.body?.snapshotId;
      return noStore(reply).send(renderPin(await watch.pin({ server: request.params.name, ...(snapshotId !== undefined ? { snapshotId } : {}), by })));
    },
  );

  app.put(
    '/api/admin/servers/:name/drift-action',
    {
      config: { permission: 'access.manage' },
      schema: {
        ...base,
        operationId: 'set-server-drift-action',
        summary: 'Set what the gateway does when the server drifts from its pin (null: the default, TOOLSHED_DRIFT_ACTION)',
        params: nameParams,
        body: {
          type: 'object',
          required: ['action'],
          additionalProperties: false,
          properties: { action: { type: ['string', 'null'], enum: [...DRIFT_ACTIONS, null] } },
        },
        response: { 200: pinSchema },
      },
    },
    async (request, reply) => {
      const by = (await guardedCaller(request)).id;
      return noStore(reply).send(renderPin(await watch.setAction({ server: request.params.name, action: request.body.action, by })));
    },
  );
  done();
}
