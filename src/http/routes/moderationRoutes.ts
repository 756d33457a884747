/**
 * Reports and moderation over HTTP (issue #21 item 7): a signed-in person files
 * a report at `POST /api/reports` (`catalog.report`); moderators (`catalog.moderate`)
 * list them, read one (its ETag), resolve it with If-Match at
 * `POST /api/reports/{id}/resolve`, and block or unblock a server directly at
 * `POST /api/servers/{name}/block` and `…/unblock` (If-Match on `GET …/block`).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { Caller } from '../../access/index.js';
import type { CatalogView } from '../../catalog/index.js';
import { MAX_MODERATION_REASON, MAX_REPORT_TEXT, reportEtag, type BlockState, type Moderation } from '../../governance/index.js';
import { MODERATION_ACTIONS, REPORT_KINDS, REPORT_STATES } from '../../schemas/governance.js';
import { guardedCaller } from '../routePermissions.js';

export interface ModerationRoutesOptions {
  moderation: Moderation;
  /** What the caller may discover of the catalog (undefined in a public catalog, null when they see everything). */
  viewOf(caller: Caller): CatalogView | null | undefined;
}

const base = { tags: ['governance'], security: [{ bearerAuth: [] }] } as const;
const noStore = (reply: FastifyReply, etag?: string) => {
  reply.header('cache-control', 'no-store');
  if (etag) reply.header('etag', etag);
  return reply;
};
const serverName = { type: 'string', minLength: 1, maxLength: 200, pattern: '^\\S+$', description: 'The catalog name of the server, URL-encoded (`io.example%2Fweather`)' } as const;
const nameParams = { type: 'object', required: ['name'], properties: { name: serverName } } as const;
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: 9_007_199_254_740_991 } } } as const;
const ifMatchHeader = {
  type: 'object',
  properties: { 'if-match': { type: 'string', maxLength: 200, description: 'The ETag as last read; 412 when it changed since, 428 without it' } },
} as const;
const reportSchema = {
  type: 'object',
  required: ['id', 'name', 'version', 'reporter', 'kind', 'text', 'state', 'createdAt', 'decidedBy', 'decidedAt', 'action', 'reason', 'revision'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    version: { type: ['string', 'null'] },
    reporter: { type: 'string' },
    kind: { type: 'string', enum: [...REPORT_KINDS] },
    text: { type: 'string' },
    state: { type: 'string', enum: [...REPORT_STATES] },
    createdAt: { type: 'string' },
    decidedBy: { type: ['string', 'null'] },
    decidedAt: { type: ['string', 'null'] },
    action: { type: ['string', 'null'], enum: [...MODERATION_ACTIONS, null] },
    reason: { type: ['string', 'null'] },
    revision: { type: 'integer' },
  },
} as const;
const blockView = { type: 'object', required: ['at', 'by', 'reason'], properties: { at: { type: 'string' }, by: { type: 'string' }, reason: { type: 'string' } } } as const;
const blockSchema = {
  type: 'object',
  required: ['name', 'blocked', 'trustBlocked', 'revision'],
  properties: { name: { type: 'string' }, blocked: { anyOf: [blockView, { type: 'null' }] }, trustBlocked: { type: 'boolean' }, revision: { type: 'integer' } },
} as const;
const blockEtag = (state: BlockState) => `W/"${state.revision}"`;

export function moderationRoutes(fastify: FastifyInstance, options: ModerationRoutesOptions, done: () => void): void {
  const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();
  const { moderation } = options;

  app.post(
    '/api/reports',
    {
      config: { permission: 'catalog.report' },
      schema: {
        ...base,
        operationId: 'file-report',
        summary: 'Report a server or one version to the moderators (malicious, broken, leaks data, other)',
        body: {
          type: 'object',
          required: ['name', 'kind'],
          additionalProperties: false,
          properties: {
            name: serverName,
            version: { type: 'string', minLength: 1, maxLength: 255, pattern: '^\\S+$', description: 'One version; the whole server when absent' },
            kind: { type: 'string', enum: [...REPORT_KINDS] },
            text: { type: 'string', maxLength: MAX_REPORT_TEXT, description: 'What is wrong (required for `other`)' },
          },
        },
        response: { 201: reportSchema },
      },
    },
    async (request, reply) => {
      const caller = await guardedCaller(request);
      const { name, version, kind, text } = request.body;
      const report = await moderation.file({ name, version: version ?? null, kind, text: text ?? '' }, caller, options.viewOf(caller));
      return noStore(reply, reportEtag(report)).code(201).send(report);
    },
  );

  app.get(
    '/api/reports',
    {
      config: { permission: 'catalog.moderate' },
      schema: {
        ...base,
        operationId: 'list-reports',
        summary: 'Reports, newest first (the moderation queue: state=open)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            state: { type: 'string', enum: [...REPORT_STATES] },
            name: serverName,
            kind: { type: 'string', enum: [...REPORT_KINDS] },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            before: { type: 'integer', minimum: 1, maximum: 9_007_199_254_740_991, description: 'Reports with an id below this one (the next page)' },
          },
        },
        response: { 200: { type: 'object', required: ['reports', 'next'], properties: { reports: { type: 'array', items: reportSchema }, next: { type: ['integer', 'null'] } } } },
      },
    },
    async (request, reply) => {
      const { state, name, kind, limit, before } = request.query;
      const reports = await moderation.list({ ...(state ? { state } : {}), ...(name ? { name } : {}), ...(kind ? { kind } : {}), ...(before ? { before } : {}) }, limit);
      return noStore(reply).send({ reports, next: reports.length === limit ? reports[reports.length - 1]!.id : null });
    },
  );

  app.get(
    '/api/reports/:id',
    {
      config: { permission: 'catalog.moderate' },
      schema: { ...base, operationId: 'get-report', summary: 'One report; its ETag is what resolving it takes as If-Match', params: idParams, response: { 200: reportSchema } },
    },
    async (request, reply) => {
      const report = await moderation.get(request.params.id);
      return noStore(reply, reportEtag(report)).send(report);
    },
  );

  app.post(
    '/api/reports/:id/resolve',
    {
      config: { permission: 'catalog.moderate' },
      schema: {
        ...base,
        operationId: 'resolve-report',
        summary: 'Resolve an open report: dismiss it, or deprecate, delete or block what it names (If-Match required)',
        params: idParams,
        headers: ifMatchHeader,
        body: {
          type: 'object',
          required: ['action'],
          additionalProperties: false,
          properties: {
            action: { type: 'string', enum: [...MODERATION_ACTIONS] },
            reason: { type: 'string', maxLength: MAX_MODERATION_REASON, description: 'Why (required for deprecate, delete and block)' },
          },
        },
        response: { 200: reportSchema },
      },
    },
    async (request, reply) => {
      const caller = await guardedCaller(request);
      const { action, reason } = request.body;
      const report = await moderation.resolve(request.params.id, { action, ...(reason !== undefined ? { reason } : {}) }, request.headers['if-match'], caller);
      return noStore(reply, reportEtag(report)).send(report);
    },
  );

  app.get(
    '/api/servers/:name/block',
    {
      config: { permission: 'catalog.moderate' },
      schema: {
        ...base,
        operationId: 'get-server-block',
        summary: 'Whether a moderator blocked the server (or its trust is blocked); the ETag block and unblock take',
        params: nameParams,
        response: { 200: blockSchema },
      },
    },
    async (request, reply) => {
      const state = await moderation.blockState(request.params.name);
      return noStore(reply, blockEtag(state)).send(state);
    },
  );

  for (const verb of ['block', 'unblock'] as const) {
    app.post(
      `/api/servers/:name/${verb}`,
      {
        config: { permission: 'catalog.moderate' },
        schema: {
          ...base,
          operationId: `${verb}-server`,
          summary: verb === 'block' ? 'Block a server: the gateway refuses it on every replica at its next message (If-Match required)' : 'Lift a moderator’s block (If-Match required)',
          params: nameParams,
          headers: ifMatchHeader,
          body: {
            type: 'object',
            ...(verb === 'block' ? { required: ['reason'] } : {}),
            additionalProperties: false,
            properties: { reason: { type: 'string', maxLength: MAX_MODERATION_REASON } },
          },
          response: { 200: blockSchema },
        },
      },
      async (request, reply) => {
        const caller = await guardedCaller(request);
        const body = request.body as { reason?: string };
        const state = await moderation.setBlock(request.params.name, verb === 'block' ? { reason: body.reason ?? '' } : null, request.headers['if-match'], caller);
        return noStore(reply, blockEtag(state)).send(state);
      },
    );
  }

  done();
}
