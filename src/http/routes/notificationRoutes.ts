/**
 * Governance notifications and "Needs attention" over HTTP:
 * - `GET /api/admin/webhooks/deliveries` (audit.read): the webhook delivery log (drift
 *   and governance receivers), newest first, with status, attempts and last error;
 * - `POST /api/admin/webhooks/deliveries/{id}/redeliver` (access.manage): the same
 *   payload delivered again, as a new delivery pointing at the first;
 * - `GET /api/admin/attention` (catalog.approve or audit.read): the servers that need
 *   attention and why;
 * - `GET /api/me/notifications` (signed in): what the caller was told as an owner of
 *   servers (themselves, or a group they are in).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import { ForbiddenError } from '../../errors.js';
import type { Attention, Notifications } from '../../governance/index.js';
import type { WebhookSender } from '../../operations/index.js';
import { NOTIFICATION_EVENTS, ATTENTION_REASONS } from '../../schemas/notifications.js';
import { guardedCaller } from '../routePermissions.js';

export interface NotificationRoutesOptions {
  webhooks: WebhookSender;
  notifications: Notifications;
  attention: Attention;
  /** The person's verified email, by which an owner may also be named. */
  verifiedEmailOf(userId: string): Promise<string | undefined>;
}

const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');
const base = { tags: ['governance'], security: [{ bearerAuth: [] }] } as const;

const deliverySchema = {
  type: 'object',
  required: ['id', 'endpoint', 'event', 'status', 'attempts', 'lastError', 'createdAt', 'nextAttemptAt', 'deliveredAt', 'failedAt', 'redeliveryOf', 'payload'],
  properties: {
    id: { type: 'integer' },
    endpoint: { type: 'string', description: '`drift` or `governance`' },
    event: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
    attempts: { type: 'integer' },
    lastError: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
    nextAttemptAt: { type: ['string', 'null'] },
    deliveredAt: { type: ['string', 'null'] },
    failedAt: { type: ['string', 'null'] },
    redeliveryOf: { type: ['integer', 'null'] },
    payload: { type: 'string', description: 'The body the receiver gets (signed as sent)' },
  },
} as const;

const ownerSchema = {
  type: 'object',
  required: ['kind'],
  properties: { kind: { type: 'string', enum: ['user', 'group'] }, id: { type: 'string' }, name: { type: 'string' } },
} as const;

const reasonSchema = {
  type: 'object',
  required: ['reason'],
  properties: {
    reason: { type: 'string', enum: [...ATTENTION_REASONS] },
    dueAt: { type: 'string' },
    lastUsedAt: { type: ['string', 'null'] },
    since: { type: 'string' },
    version: { type: 'string' },
    failingSince: { type: 'string' },
    lastSuccessAt: { type: ['string', 'null'] },
    failureKind: { type: ['string', 'null'] },
    source: { type: 'string' },
    approvedVersion: { type: ['string', 'null'] },
    upstreamVersion: { type: 'string' },
  },
} as const;

const attentionSchema = {
  type: 'object',
  required: ['generatedAt', 'settings', 'counts', 'servers'],
  properties: {
    generatedAt: { type: 'string' },
    settings: { type: 'object', required: ['unusedDays', 'unhealthyDays'], properties: { unusedDays: { type: 'integer' }, unhealthyDays: { type: 'integer' } } },
    counts: { type: 'object', required: [...ATTENTION_REASONS], properties: Object.fromEntries(ATTENTION_REASONS.map((r) => [r, { type: 'integer' }])) },
    servers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'owners', 'reasons'],
        properties: { name: { type: 'string' }, owners: { type: 'array', items: ownerSchema }, reasons: { type: 'array', items: reasonSchema } },
      },
    },
  },
} as const;

const notificationSchema = {
  type: 'object',
  required: ['id', 'to', 'event', 'server', 'version', 'summary', 'details', 'createdAt'],
  properties: {
    id: { type: 'integer' },
    to: ownerSchema,
    event: { type: 'string' },
    server: { type: 'string' },
    version: { type: ['string', 'null'] },
    summary: { type: 'string' },
    details: { type: 'object', additionalProperties: true },
    createdAt: { type: 'string' },
  },
} as const;

export function notificationRoutes(fastify: FastifyInstance, options: NotificationRoutesOptions, done: () => void): void {
  // Params and querystrings are typed from the JSON Schemas the routes declare.
  const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();
  const { webhooks, notifications, attention } = options;

  app.get(
    '/api/admin/webhooks/deliveries',
    {
      config: { permission: 'audit.read' },
      schema: {
        ...base,
        operationId: 'list-webhook-deliveries',
        summary: 'The webhook delivery log (drift and governance), newest first: status, attempts, last error',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            endpoint: { type: 'string', enum: ['drift', 'governance'] },
            status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
            event: { type: 'string', enum: [...NOTIFICATION_EVENTS, 'capability.drift'] },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            before: { type: 'integer', minimum: 1, description: 'Deliveries with an id below this one (the next page)' },
          },
        },
        response: { 200: { type: 'object', required: ['deliveries', 'next'], properties: { deliveries: { type: 'array', items: deliverySchema }, next: { type: ['integer', 'null'] } } } },
      },
    },
    async (request, reply) => {
      const { endpoint, status, event, limit, before } = request.query;
      const deliveries = await webhooks.list({ ...(endpoint ? { endpoint } : {}), ...(status ? { status } : {}), ...(event ? { event } : {}), ...(before ? { before } : {}) }, limit);
      return noStore(reply).send({ deliveries, next: deliveries.length === limit ? deliveries[deliveries.length - 1]!.id : null });
    },
  );

  app.post(
    '/api/admin/webhooks/deliveries/:id/redeliver',
    {
      config: { permission: 'access.manage' },
      schema: {
        ...base,
        operationId: 'redeliver-webhook',
        summary: 'Deliver a webhook again: a new delivery of the same payload to the same receiver, due at once',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } },
        response: { 201: deliverySchema },
      },
    },
    async (request, reply) =>
      noStore(reply)
        .code(201)
        .send(await webhooks.redeliver(request.params.id)),
  );

  app.get(
    '/api/admin/attention',
    {
      config: { signedIn: true },
      schema: {
        ...base,
        operationId: 'list-attention',
        summary: 'Needs attention: servers due for re-certification, unused, unhealthy, or behind their upstream (catalog.approve or audit.read)',
        response: { 200: attentionSchema },
      },
    },
    async (request, reply) => {
      const caller = await guardedCaller(request);
      if (!caller.permissions.has('catalog.approve') && !caller.permissions.has('audit.read')) {
        throw new ForbiddenError('GOVERNANCE_ATTENTION_FORBIDDEN', 'This needs the permission "catalog.approve" or "audit.read" (the "Needs attention" list), which your roles do not give');
      }
      return noStore(reply).send(await attention.list());
    },
  );

  app.get(
    '/api/me/notifications',
    {
      config: { signedIn: true },
      schema: {
        tags: ['me'],
        security: [{ bearerAuth: [] }],
        operationId: 'list-my-notifications',
        summary: 'What I was told as an owner: events about servers I own or a group I am in owns, newest first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            before: { type: 'integer', minimum: 1, description: 'Notifications with an id below this one (the next page)' },
          },
        },
        response: { 200: { type: 'object', required: ['notifications', 'next'], properties: { notifications: { type: 'array', items: notificationSchema }, next: { type: ['integer', 'null'] } } } },
      },
    },
    async (request, reply) => {
      const caller = await guardedCaller(request);
      const { limit, before } = request.query;
      const person = caller.via === 'session' || caller.via === 'personal-token';
      const email = person ? await options.verifiedEmailOf(caller.id) : undefined;
      const userIds = person ? [caller.id, ...(email ? [email] : [])] : [];
      const list = await notifications.forPerson({ userIds, groups: caller.groups }, before, limit);
      return noStore(reply).send({ notifications: list, next: list.length === limit ? list[list.length - 1]!.id : null });
    },
  );

  done();
}
