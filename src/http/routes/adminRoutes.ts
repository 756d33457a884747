/**
 * Toolshed's own administration API under `/api/admin`, for registry
 * each route guarded by the permission it names (see routePermissions.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { Catalog } from '../../catalog/index.js';
import { InputError } from '../../errors.js';
import { formatTimestamp } from '../../store/index.js';
import { parseUpdatedSince } from '../parseQuery.js';

export interface AdminRoutesOptions {
  catalog: Catalog;
}

type EventsQuery = { name?: string; action?: 'publish' | 'edit' | 'status'; actor?: string; since?: string; limit: number; cursor?: string };

export function adminRoutes(app: FastifyInstance, options: AdminRoutesOptions, done: () => void): void {
  app.get<{ Querystring: EventsQuery }>(
    '/api/admin/registry-events',
    {
      config: { permission: 'audit.read' },
      schema: {
        operationId: 'list-registry-events',
        tags: ['admin'],
        summary: 'The registry audit trail: every publish, edit and status change, newest first',
        security: [{ bearerAuth: [] }],
        querystring: {
          type: 'object',
          properties: {
            name: { type: 'string', maxLength: 200, description: 'Only this server name' },
            action: { type: 'string', enum: ['publish', 'edit', 'status'] },
            actor: { type: 'string', maxLength: 256, description: 'Only events by this identity (auth_method_sub)' },
            since: { type: 'string', description: 'RFC 3339: only events at or after this time' },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
            cursor: { type: 'string', maxLength: 20, description: '`metadata.nextCursor` of the previous page' },
          },
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      if (q.cursor !== undefined && !/^\d{1,15}$/.test(q.cursor)) {
        throw new InputError('ADMIN_BAD_CURSOR', 'Invalid cursor: use metadata.nextCursor of the previous page');
      }
      const since = parseUpdatedSince(q.since);
      const rows = await options.catalog.events(
        {
          ...(q.name !== undefined ? { name: q.name } : {}),
          ...(q.action !== undefined ? { action: q.action } : {}),
          ...(q.actor !== undefined ? { actorSubject: q.actor } : {}),
          ...(since !== undefined ? { since: Number(since / 1000n) } : {}),
          ...(q.cursor !== undefined ? { beforeId: Number(q.cursor) } : {}),
        },
        q.limit,
      );
      const events = rows.map((r) => ({
        id: Number(r.id),
        at: formatTimestamp(r.at),
        action: r.action,
        name: r.name,
        version: r.version,
        actor: { subject: r.actor_subject, method: r.actor_method },
        oldValue: r.old_value === null ? null : JSON.parse(r.old_value),
        newValue: JSON.parse(r.new_value),
      }));
      const next = rows.length >= q.limit ? String(rows[rows.length - 1]!.id) : undefined;
      return reply
        .header('content-type', 'application/json')
        .header('cache-control', 'no-store')
        .send(JSON.stringify({ events, metadata: { count: events.length, ...(next ? { nextCursor: next } : {}) } }));
    },
  );
  done();
}
