/**
 * A server's governance over HTTP (issue #21 items 5 and 6): `GET
 * /api/servers/{name}/governance` (trust in force and where it comes from, owners,
 * support contact, docs URL, re-certification; ETag = the row's revision), `PATCH`
 * with If-Match (trust needs `catalog.approve`; owners, support contact and docs URL
 * need `catalog.approve` or being an owner) and `POST …/recertify` (an owner or a
 * reviewer, If-Match). The governance plane decides who may; these handlers parse
 * and render.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { ServerGovernance, ServerGovernanceView } from '../../governance/index.js';
import { TRUST_LEVELS } from '../../schemas/governance.js';
import { guardedCaller } from '../routePermissions.js';

export interface GovernanceRoutesOptions {
  governance: ServerGovernance;
}

const base = { tags: ['governance'], security: [{ bearerAuth: [] }] } as const;
const nameParams = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 200, description: 'The catalog name of the server, URL-encoded (`io.example%2Fweather`)' } },
} as const;
const ifMatchHeader = {
  type: 'object',
  properties: {
    'if-match': { type: 'string', maxLength: 200, description: 'The ETag of GET /api/servers/{name}/governance as last read; 428 without it, 412 when it changed since' },
  },
} as const;
const trustSchema = { type: ['string', 'null'], enum: [...TRUST_LEVELS, null] } as const;
const ownerSchema = {
  type: 'object',
  required: ['kind'],
  properties: { kind: { type: 'string', enum: ['user', 'group'] }, id: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' } },
} as const;
const viewSchema = {
  type: 'object',
  required: [
    'name',
    'trust',
    'trustSource',
    'curatedTrust',
    'trustSetBy',
    'trustSetAt',
    'owners',
    'supportContact',
    'docsUrl',
    'recertifiedAt',
    'recertifiedBy',
    'recertifyDueAt',
    'revision',
    'updatedAt',
    'updatedBy',
  ],
  properties: {
    name: { type: 'string' },
    trust: trustSchema,
    trustSource: { type: ['string', 'null'], enum: ['reviewer', 'curation', null] },
    curatedTrust: trustSchema,
    trustSetBy: { type: ['string', 'null'] },
    trustSetAt: { type: ['string', 'null'] },
    owners: { type: 'array', items: ownerSchema },
    supportContact: { type: ['string', 'null'] },
    docsUrl: { type: ['string', 'null'] },
    recertifiedAt: { type: ['string', 'null'] },
    recertifiedBy: { type: ['string', 'null'] },
    recertifyDueAt: { type: ['string', 'null'] },
    revision: { type: 'integer' },
    updatedAt: { type: ['string', 'null'] },
    updatedBy: { type: ['string', 'null'] },
  },
} as const;
// Deliberately loose: the governance plane answers each problem with its own code (an unknown trust level is GOVERNANCE_TRUST_UNKNOWN).
const changeBody = {
  type: 'object',
  description: `Fields left out keep their value; null clears. trust: one of ${TRUST_LEVELS.join(', ')}. owners: [{kind: user, email} | {kind: user, id} | {kind: group, name}] (replaces the list). supportContact: an email or http(s) URL. docsUrl: an https URL. reason: why, for the audit log.`,
  properties: {
    trust: { type: ['string', 'null'], maxLength: 64 },
    owners: { type: 'array', maxItems: 200, items: { type: 'object' } },
    supportContact: { type: ['string', 'null'], maxLength: 2000 },
    docsUrl: { type: ['string', 'null'], maxLength: 4000 },
    reason: { type: 'string', maxLength: 4000 },
  },
} as const;

const send = (reply: FastifyReply, out: { view: ServerGovernanceView; etag: string }) => reply.header('cache-control', 'no-store').header('etag', out.etag).send(out.view);

export function governanceRoutes(fastify: FastifyInstance, options: GovernanceRoutesOptions, done: () => void): void {
  const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();
  const { governance } = options;

  app.get(
    '/api/servers/:name/governance',
    {
      config: { permission: 'catalog.read' },
      schema: {
        ...base,
        operationId: 'get-server-governance',
        summary: 'A server’s trust level, owners, support contact, docs URL and re-certification',
        params: nameParams,
        response: { 200: viewSchema },
      },
    },
    async (request, reply) => send(reply, await governance.get(request.params.name)),
  );

  app.patch(
    '/api/servers/:name/governance',
    {
      config: { signedIn: true },
      schema: {
        ...base,
        operationId: 'change-server-governance',
        summary: 'Set trust (catalog.approve), owners, support contact or docs URL (catalog.approve or an owner); If-Match required',
        params: nameParams,
        headers: ifMatchHeader,
        body: changeBody,
        response: { 200: viewSchema },
      },
    },
    async (request, reply) => {
      const caller = await guardedCaller(request);
      return send(reply, await governance.change(request.params.name, request.body, { caller, ifMatch: request.headers['if-match'] }));
    },
  );

  app.post(
    '/api/servers/:name/recertify',
    {
      config: { signedIn: true },
      schema: {
        ...base,
        operationId: 'recertify-server',
        summary: 'Re-certify a server (an owner or catalog.approve): records who and when, and sets the next due date from its trust level; If-Match required',
        params: nameParams,
        headers: ifMatchHeader,
        body: { type: 'object', properties: { reason: { type: 'string', maxLength: 4000 } } },
        response: { 200: viewSchema },
      },
    },
    async (request, reply) => {
      const caller = await guardedCaller(request);
      return send(reply, await governance.recertify(request.params.name, request.body ?? {}, { caller, ifMatch: request.headers['if-match'] }));
    },
  );
  done();
}
