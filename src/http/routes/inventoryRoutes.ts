/**
 * The inventory over HTTP: what a server version offers and how its probes go.
 * Readers (`catalog.read`) see the servers they may discover (any other answers
 * as unknown): `GET /api/servers/{name}/capabilities` (status, current snapshot,
 * findings, last probe), `…/capabilities/history`, `…/capabilities/snapshots/{id}`
 * and `…/health`. Administrators queue a probe (`POST /api/admin/servers/{name}/probe`,
 * `catalog.review`) and set or remove the header a probe sends
 * (`PUT`/`DELETE /api/admin/servers/{name}/probe-credential`, `access.manage`),
 * whose value is never returned. Names hold `/`: send them URL-encoded.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { Caller } from '../../access/index.js';
import { NotFoundError } from '../../errors.js';
import type { CapabilitiesView, DriftState, Inventory } from '../../inventory/index.js';
import { formatTimestamp, type CapabilitySnapshotRecord, type CapabilitySnapshotSummary, type ProbeResultRow } from '../../store/index.js';
import { guardedCaller } from '../routePermissions.js';

export interface InventoryRoutesOptions {
  inventory: Inventory;
  /** Whether the caller may discover the server (false for one that does not exist, too). */
  discoverable(caller: Caller, server: string): Promise<boolean>;
  /** The server's pin and drift state (the drift watch's `state`); without it, `drift` is null. */
  driftState?(server: string): Promise<DriftState>;
}

const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');
const nameParam = { type: 'string', minLength: 1, maxLength: 200, description: 'The catalog name of the server, URL-encoded (`io.example%2Fweather`)' } as const;
const versionQuery = { type: 'string', minLength: 1, maxLength: 255, description: 'A version of the server (default: the latest)' } as const;
const nameParams = { type: 'object', required: ['name'], properties: { name: nameParam } } as const;
const time = { type: ['string', 'null'], description: 'RFC 3339' } as const;
const anyObject = { type: 'object', additionalProperties: true } as const;
const summarySchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    version: { type: 'string' },
    hash: { type: 'string' },
    source: { type: 'string', enum: ['probe', 'observed'] },
    protocolVersion: { type: 'string' },
    era: { type: 'string' },
    toolCount: { type: 'integer' },
    takenAt: time,
    lastSeenAt: time,
  },
} as const;
const readingSchema = {
  type: 'object',
  properties: {
    at: time,
    up: { type: 'boolean' },
    latencyMs: { type: 'integer' },
    protocolVersion: { type: ['string', 'null'] },
    failure: { type: ['object', 'null'], properties: { kind: { type: 'string' }, message: { type: 'string' }, status: { type: ['integer', 'null'] } } },
  },
} as const;
const snapshotSchema = { ...summarySchema, properties: { ...summarySchema.properties, snapshot: anyObject, findings: { type: 'array', items: anyObject } } } as const;
const capabilitiesSchema = {
  type: 'object',
  properties: {
    server: { type: 'string' },
    version: { type: 'string' },
    status: {
      type: 'string',
      enum: ['pending', 'ok', 'failed', 'personal', 'unprobed'],
      description: '`personal`: listing needs a person’s own credentials, so the gateway’s relayed lists teach the snapshot; `unprobed`: no remote to probe',
    },
    hasRemote: { type: 'boolean' },
    current: { type: ['object', 'null'], properties: snapshotSchema.properties },
    lastProbe: { type: ['object', 'null'], properties: readingSchema.properties },
    lastProbeAt: time,
    nextProbeAt: time,
    failure: { type: ['object', 'null'], properties: { kind: { type: 'string' }, message: { type: 'string' } } },
    drift: {
      type: ['object', 'null'],
      description:
        'The server’s pin and drift, for every reader (the changes themselves are for administrators, `GET /api/admin/servers/{name}/pin`): with `open` and action `hide`, the gateway holds back tools that changed since the pin; with `block`, it refuses the server',
      required: ['pinned', 'open', 'action'],
      properties: { pinned: { type: 'boolean' }, open: { type: 'boolean' }, action: { type: 'string', enum: ['warn', 'hide', 'block'] } },
    },
  },
} as const;

const at = (micros: number | null) => (micros === null ? null : formatTimestamp(micros));

function renderSummary(s: CapabilitySnapshotSummary) {
  return {
    id: s.id,
    version: s.version,
    hash: s.hash,
    source: s.source,
    protocolVersion: s.protocol_version,
    era: s.era,
    toolCount: s.tool_count,
    takenAt: at(Number(s.first_seen_at)),
    lastSeenAt: at(Number(s.last_seen_at)),
  };
}

const renderSnapshot = (s: CapabilitySnapshotRecord) => ({ ...renderSummary(s), snapshot: s.snapshot, findings: s.findings });

function renderReading(r: ProbeResultRow) {
  return {
    at: at(r.at),
    up: r.up === 1,
    latencyMs: r.latency_ms,
    protocolVersion: r.protocol_version,
    failure: r.failure_kind ? { kind: r.failure_kind, message: r.failure_message ?? '', status: r.http_status } : null,
  };
}

function renderCapabilities(v: CapabilitiesView, drift: DriftState | null) {
  return {
    server: v.server,
    version: v.version,
    status: v.status,
    hasRemote: v.hasRemote,
    current: v.snapshot ? renderSnapshot(v.snapshot) : null,
    lastProbe: v.lastProbe ? renderReading(v.lastProbe) : null,
    lastProbeAt: at(v.lastProbeAt),
    nextProbeAt: at(v.nextProbeAt),
    failure: v.failure,
    drift: drift ? { pinned: drift.pinned, open: drift.open, action: drift.effectiveAction } : null,
  };
}

export function inventoryRoutes(fastify: FastifyInstance, options: InventoryRoutesOptions, done: () => void): void {
  // Params, querystrings and bodies are typed from the JSON Schemas the routes declare.
  const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();
  const { inventory } = options;
  const read = { tags: ['inventory'], security: [{ bearerAuth: [] }] };
  /** A server the caller may not discover answers as one that does not exist; administrators and reviewers see every server. */
  async function visible(request: FastifyRequest<{ Params: { name: string } }>): Promise<string> {
    const caller = await guardedCaller(request);
    const name = request.params.name;
    const overseer = caller.permissions.has('access.manage') || caller.permissions.has('catalog.review');
    if (!overseer && !(await options.discoverable(caller, name))) throw new NotFoundError('INVENTORY_SERVER_NOT_FOUND', `No server named '${name}' in the catalog`);
    return name;
  }

  app.get(
    '/api/servers/:name/capabilities',
    {
      config: { permission: 'catalog.read' },
      schema: {
        ...read,
        operationId: 'get-server-capabilities',
        summary: 'What a server version offers: probe status, current snapshot (tools, prompts, resources), scan findings, last probe',
        params: nameParams,
        querystring: { type: 'object', additionalProperties: false, properties: { version: versionQuery } },
        response: { 200: capabilitiesSchema },
      },
    },
    async (request, reply) => {
      const name = await visible(request);
      const view = await inventory.capabilities(name, request.query.version);
      return noStore(reply).send(renderCapabilities(view, options.driftState ? await options.driftState(name) : null));
    },
  );

  app.get(
    '/api/servers/:name/capabilities/history',
    {
      config: { permission: 'catalog.read' },
      schema: {
        ...read,
        operationId: 'list-server-capability-snapshots',
        summary: 'The distinct snapshots of a server (of one version, or all), newest first',
        params: nameParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            version: versionQuery,
            limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
            before: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Only snapshots with a smaller id (the last id of the previous page)' },
          },
        },
        response: { 200: { type: 'object', properties: { snapshots: { type: 'array', items: summarySchema } } } },
      },
    },
    async (request, reply) => {
      const { version, limit, before } = request.query;
      const rows = await inventory.history(await visible(request), { ...(version !== undefined ? { version } : {}), limit, ...(before !== undefined ? { before } : {}) });
      return noStore(reply).send({ snapshots: rows.map(renderSummary) });
    },
  );

  app.get(
    '/api/servers/:name/capabilities/snapshots/:id',
    {
      config: { permission: 'catalog.read' },
      schema: {
        ...read,
        operationId: 'get-server-capability-snapshot',
        summary: 'One snapshot in full: every definition as the server sent it, and its scan findings',
        params: { type: 'object', required: ['name', 'id'], properties: { name: nameParam, id: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } } },
        response: { 200: snapshotSchema },
      },
    },
    async (request, reply) => noStore(reply).send(renderSnapshot(await inventory.snapshot(await visible(request), request.params.id))),
  );

  app.get(
    '/api/servers/:name/health',
    {
      config: { permission: 'catalog.read' },
      schema: {
        ...read,
        operationId: 'get-server-health',
        summary: 'Recent probe readings of a server version (newest first) and the share of them that were up',
        params: nameParams,
        querystring: { type: 'object', additionalProperties: false, properties: { version: versionQuery, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 50 } } },
        response: {
          200: { type: 'object', properties: { server: { type: 'string' }, version: { type: 'string' }, uptime: { type: ['number', 'null'] }, readings: { type: 'array', items: readingSchema } } },
        },
      },
    },
    async (request, reply) => {
      const { version, limit } = request.query;
      const health = await inventory.health(await visible(request), { ...(version !== undefined ? { version } : {}), limit });
      return noStore(reply).send({ server: health.server, version: health.version, uptime: health.uptime, readings: health.readings.map(renderReading) });
    },
  );

  const admin = { tags: ['inventory'], security: [{ bearerAuth: [] }] };
  app.post(
    '/api/admin/servers/:name/probe',
    {
      config: { permission: 'catalog.review' },
      schema: {
        ...admin,
        operationId: 'probe-server',
        summary: 'Queue a probe of a server version (the latest by default); answers at once',
        params: nameParams,
        body: { type: 'object', additionalProperties: false, properties: { version: versionQuery } },
        response: { 202: { type: 'object', properties: { server: { type: 'string' }, version: { type: 'string' }, queued: { type: 'boolean' } } } },
      },
    },
    async (request, reply) => {
      const queued = await inventory.enqueue(request.params.name, request.body?.version);
      return noStore(reply)
        .code(202)
        .send({ ...queued, queued: true });
    },
  );

  app.put(
    '/api/admin/servers/:name/probe-credential',
    {
      config: { permission: 'access.manage' },
      schema: {
        ...admin,
        operationId: 'set-probe-credential',
        summary: 'Set the header probes of this server send (stored encrypted; never returned)',
        params: nameParams,
        body: {
          type: 'object',
          required: ['header', 'value'],
          additionalProperties: false,
          properties: {
            header: { type: 'string', minLength: 1, maxLength: 100, description: 'The header name, e.g. Authorization' },
            value: { type: 'string', minLength: 1, maxLength: 8192, description: 'Stored encrypted; never shown again' },
          },
        },
        response: { 204: { type: 'null', description: 'Set' } },
      },
    },
    async (request, reply) => {
      const actor = (await guardedCaller(request)).id;
      await inventory.setProbeCredential(request.params.name, request.body, actor);
      return noStore(reply).code(204).send();
    },
  );

  app.delete(
    '/api/admin/servers/:name/probe-credential',
    {
      config: { permission: 'access.manage' },
      schema: {
        ...admin,
        operationId: 'delete-probe-credential',
        summary: 'Remove the header probes of this server send',
        params: nameParams,
        response: { 204: { type: 'null', description: 'Removed (or there was none)' } },
      },
    },
    async (request, reply) => {
      const actor = (await guardedCaller(request)).id;
      await inventory.clearProbeCredential(request.params.name, actor);
      return noStore(reply).code(204).send();
    },
  );
  done();
}
