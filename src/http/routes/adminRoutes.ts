/**
 * Toolshed's own administration API under `/api/admin`, for registry
 * each route guarded by the permission it names (see routePermissions.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { Catalog } from '../../catalog/index.js';
import { formatTimestamp, REGISTRY_EVENT_ACTIONS } from '../../store/index.js';
import { logPageMetadata, logPageProperties, parseLogPage } from '../logPage.js';

export interface AdminRoutesOptions {
  catalog: Catalog;
}

export function adminRoutes(fastify: FastifyInstance, options: AdminRoutesOptions, done: () => void): void {
  // Params, querystrings and bodies are typed from the JSON Schemas the routes declare.
  const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();
  app.get(
    '/api/admin/registry-events',
    {
      config: { permission: 'audit.read' },
      schema: {
        operationId: 'list-registry-events',
        tags: ['admin'],
        summary: 'The registry audit trail: every publish, edit and status change, and every governance decision, newest first',
        security: [{ bearerAuth: [] }],
        querystring: {
          type: 'object',
          properties: {
            name: { type: 'string', maxLength: 200, description: 'Only this server name' },
            action: { type: 'string', enum: [...REGISTRY_EVENT_ACTIONS] },
            actor: { type: 'string', maxLength: 256, description: 'Only events by this identity (auth_method_sub)' },
            ...logPageProperties('events'),
          },
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const rows = await options.catalog.events(
        {
          ...(q.name !== undefined ? { name: q.name } : {}),
          ...(q.action !== undefined ? { action: q.action } : {}),
          ...(q.actor !== undefined ? { actorSubject: q.actor } : {}),
          ...parseLogPage(q),
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
      return reply
        .header('content-type', 'application/json')
        .header('cache-control', 'no-store')
        .send(JSON.stringify({ events, metadata: logPageMetadata(rows, q.limit) }));
    },
  );
  done();
}
