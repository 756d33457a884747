/**
 * Hosting over HTTP: a server's hosting settings at `GET`/`PUT
 * /api/admin/servers/{name}/hosting` (mode `shared` or `per-person`, network on
 * or off), and this process's hosted instances with their redacted stderr at
 * `GET /api/admin/hosting/instances[/{id}/stderr]`. Reading needs `audit.read`;
 * changing needs `access.manage`, as what the gateway runs changes with it.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { HostedInstances, HostingSettingsStore } from '../../hosting/index.js';
import { NotFoundError } from '../../errors.js';
import { guardedCaller } from '../routePermissions.js';

export interface HostingRoutesOptions {
  settings: HostingSettingsStore;
  instances: HostedInstances;
}

const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');
const base = { tags: ['hosting'], security: [{ bearerAuth: [] }] } as const;
const nameParams = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 200, description: 'The catalog name of the server, URL-encoded (`io.example%2Fweather`)' } },
} as const;
const settingsSchema = {
  type: 'object',
  required: ['server', 'mode', 'network', 'configured', 'updatedBy', 'updatedAt'],
  properties: {
    server: { type: 'string' },
    mode: { type: 'string', enum: ['shared', 'per-person'] },
    network: { type: 'boolean' },
    configured: { type: 'boolean', description: 'false: nobody set them; these are the defaults' },
    updatedBy: { type: ['string', 'null'] },
    updatedAt: { type: ['string', 'null'] },
  },
} as const;
const instanceSchema = {
  type: 'object',
  required: ['instanceId', 'server', 'version', 'person', 'state', 'startedAt', 'lastUsedAt', 'restarts'],
  properties: {
    instanceId: { type: 'string' },
    server: { type: 'string' },
    version: { type: 'string' },
    person: { type: ['string', 'null'] },
    state: { type: 'string', enum: ['starting', 'running', 'stopping', 'crashed'] },
    pid: { type: 'integer' },
    startedAt: { type: 'string' },
    lastUsedAt: { type: 'string' },
    restarts: { type: 'integer' },
    rssBytes: { type: 'integer', description: 'Memory its processes use now (memory cgroup), in bytes' },
  },
} as const;

export function hostingRoutes(fastify: FastifyInstance, options: HostingRoutesOptions, done: () => void): void {
  const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();
  const { settings, instances } = options;

  app.get(
    '/api/admin/servers/:name/hosting',
    {
      config: { permission: 'audit.read' },
      schema: {
        ...base,
        operationId: 'get-server-hosting',
        summary: 'How the server’s package is hosted: shared or per person, network on or off',
        params: nameParams,
        response: { 200: settingsSchema },
      },
    },
    async (request, reply) => noStore(reply).send(await settings.get(request.params.name)),
  );

  app.put(
    '/api/admin/servers/:name/hosting',
    {
      config: { permission: 'access.manage' },
      schema: {
        ...base,
        operationId: 'set-server-hosting',
        summary: 'Set how the server’s package is hosted (shared is refused when its package takes per-person secrets); running instances keep their settings until they stop',
        params: nameParams,
        body: {
          type: 'object',
          required: ['mode', 'network'],
          additionalProperties: false,
          properties: { mode: { type: 'string', enum: ['shared', 'per-person'] }, network: { type: 'boolean' } },
        },
        response: { 200: settingsSchema },
      },
    },
    async (request, reply) => {
      const by = (await guardedCaller(request)).id;
      return noStore(reply).send(await settings.put(request.params.name, request.body, by));
    },
  );

  app.get(
    '/api/admin/hosting/instances',
    {
      config: { permission: 'audit.read' },
      schema: {
        ...base,
        operationId: 'list-hosted-instances',
        summary: 'The hosted instances this Toolshed process runs',
        response: { 200: { type: 'object', required: ['instances'], properties: { instances: { type: 'array', items: instanceSchema } } } },
      },
    },
    async (_request, reply) => noStore(reply).send({ instances: instances.list() }),
  );

  app.get(
    '/api/admin/hosting/instances/:id/stderr',
    {
      config: { permission: 'audit.read' },
      schema: {
        ...base,
        operationId: 'get-hosted-instance-stderr',
        summary: 'The instance’s recent stderr lines, with every secret value redacted',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 100 } } },
        response: { 200: { type: 'object', required: ['instanceId', 'lines'], properties: { instanceId: { type: 'string' }, lines: { type: 'array', items: { type: 'string' } } } } },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const lines = instances.stderrOf(id);
      // A recently stopped instance's lines stay readable for a while.
      if (!lines.length && !instances.list().some((i) => i.instanceId === id)) throw new NotFoundError('HOSTING_INSTANCE_NOT_FOUND', `No hosted instance ${id} runs in this process`);
      return noStore(reply).send({ instanceId: id, lines });
    },
  );
  done();
}
