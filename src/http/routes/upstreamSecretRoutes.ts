/**
 * Upstream credentials over HTTP: administrators set a server's shared secrets
 * at `/api/admin/servers/{name}/secrets`, people their own at
 * `/api/me/servers/{name}/secrets`. Values go in and never come out: listings
 * and answers carry names, kinds and times only, and for a shared secret the
 * origins it is approved for, which an administrator changes at
 * `…/secrets/{secretName}/allowed-origins`.
 */
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { Caller } from '../../access/index.js';
import { NotFoundError } from '../../errors.js';
import type { UpstreamSecretInfo, UpstreamSecrets } from '../../gateway/index.js';
import { formatTimestamp } from '../../store/index.js';
import { guardedCaller } from '../routePermissions.js';

export interface UpstreamSecretRoutesOptions {
  secrets: UpstreamSecrets;
  /** Whether the caller may discover the server (false for one that does not exist, too). */
  discoverable(caller: Caller, server: string): Promise<boolean>;
}

// Typed as route config, not as literals: the two scopes share one route declaration.
const manageSecrets: FastifyContextConfig = { permission: 'access.manage' };
const connectSecrets: FastifyContextConfig = { permission: 'gateway.connect' };
const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');
const nameParam = { type: 'string', minLength: 1, maxLength: 200, description: 'The catalog name of the server, URL-encoded (`io.example%2Fweather`)' } as const;
const secretNameParam = { type: 'string', minLength: 1, maxLength: 100, description: 'The header, query parameter or URL variable the secret fills' } as const;
const listParams = { type: 'object', required: ['name'], properties: { name: nameParam } } as const;
const oneParams = { type: 'object', required: ['name', 'secretName'], properties: { name: nameParam, secretName: secretNameParam } } as const;
const secretSchema = {
  type: 'object',
  // allowedOrigins is sent for shared secrets only.
  required: ['server', 'name', 'kind', 'scope', 'createdBy', 'createdAt', 'updatedAt'],
  properties: {
    server: { type: 'string' },
    name: { type: 'string' },
    kind: { type: 'string', enum: ['header', 'query', 'variable'] },
    scope: { type: 'string', enum: ['shared', 'personal'] },
    allowedOrigins: {
      type: ['array', 'null'],
      items: { type: 'string' },
      description: 'Shared secrets only: the origins the gateway sends it to (null: not yet settled, bound to the origin its URL has now)',
    },
    createdBy: { type: 'string' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
} as const;
const listSchema = { type: 'object', required: ['secrets'], properties: { secrets: { type: 'array', items: secretSchema } } } as const;
const originsProperty = {
  type: 'array',
  minItems: 1,
  maxItems: 20,
  items: { type: 'string', maxLength: 300 },
  description: 'The origins (https://host[:port]) the gateway may send this shared secret to',
} as const;
const personalBody = {
  type: 'object',
  required: ['kind', 'value'],
  additionalProperties: false,
  properties: {
    kind: { type: 'string', enum: ['header', 'query', 'variable'], description: 'Sent as a header, as a query parameter, or substituted for `{name}` in the remote URL' },
    value: { type: 'string', minLength: 1, maxLength: 8192, description: 'Stored encrypted; never shown again' },
  },
} as const;
const sharedBody = {
  ...personalBody,
  properties: {
    ...personalBody.properties,
    allowedOrigins: {
      ...originsProperty,
      description: `${originsProperty.description}. Default: a new secret gets the origins the server's remotes have now; setting an existing one again keeps its origins`,
    },
  },
} as const;
const approveBody = {
  type: 'object',
  additionalProperties: false,
  properties: { allowedOrigins: { ...originsProperty, description: `${originsProperty.description}. Default: the origins the server's remotes have now` } },
} as const;

function render(s: UpstreamSecretInfo) {
  return {
    server: s.server,
    name: s.name,
    kind: s.kind,
    scope: s.scope,
    ...(s.scope === 'shared' ? { allowedOrigins: s.allowedOrigins } : {}),
    createdBy: s.createdBy,
    createdAt: formatTimestamp(s.createdAt),
    updatedAt: formatTimestamp(s.updatedAt),
  };
}

export function upstreamSecretRoutes(fastify: FastifyInstance, options: UpstreamSecretRoutesOptions, done: () => void): void {
  // Params, querystrings and bodies are typed from the JSON Schemas the routes declare.
  const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();
  const { secrets } = options;
  const scopes = [
    { prefix: '/api/admin/servers', config: manageSecrets, tags: ['access'], who: 'shared', body: sharedBody, owner: async () => null },
    {
      prefix: '/api/me/servers',
      body: personalBody,
      config: connectSecrets,
      tags: ['me'],
      who: 'my',
      // A server the caller may not discover answers as one that does not exist, so no answer confirms it exists.
      owner: async (request: FastifyRequest<{ Params: { name: string } }>) => {
        const caller = await guardedCaller(request);
        if (!(await options.discoverable(caller, request.params.name))) {
          throw new NotFoundError('GATEWAY_SERVER_NOT_FOUND', `No server named '${request.params.name}' in the catalog`);
        }
        return caller.id;
      },
    },
  ];
  for (const scope of scopes) {
    const base = { tags: scope.tags, security: [{ bearerAuth: [] }] };
    const op = (verb: string) => `${verb}-${scope.who === 'shared' ? 'shared' : 'my'}-upstream-secret${verb === 'list' ? 's' : ''}`;

    app.get(
      `${scope.prefix}/:name/secrets`,
      {
        config: scope.config,
        schema: { ...base, operationId: op('list'), summary: `The ${scope.who} upstream secrets of a server: names and kinds, never values`, params: listParams, response: { 200: listSchema } },
      },
      async (request, reply) => noStore(reply).send({ secrets: (await secrets.list(request.params.name, await scope.owner(request))).map(render) }),
    );

    app.put(
      `${scope.prefix}/:name/secrets/:secretName`,
      {
        config: scope.config,
        schema: {
          ...base,
          operationId: op('put'),
          summary: scope.who === 'shared' ? 'Set a secret the gateway sends this server for everyone' : 'Set my own secret for this server (it wins over a shared one of the same name)',
          params: oneParams,
          body: scope.body,
          response: { 200: secretSchema, 201: secretSchema },
        },
      },
      async (request, reply) => {
        const actor = (await guardedCaller(request)).id;
        const { secret, created } = await secrets.put(request.params.name, await scope.owner(request), request.params.secretName, request.body, actor);
        return noStore(reply)
          .code(created ? 201 : 200)
          .send(render(secret));
      },
    );

    app.delete(
      `${scope.prefix}/:name/secrets/:secretName`,
      {
        config: scope.config,
        schema: { ...base, operationId: op('delete'), summary: `Remove a ${scope.who} upstream secret`, params: oneParams, response: { 204: { type: 'null', description: 'Removed' } } },
      },
      async (request, reply) => {
        const actor = (await guardedCaller(request)).id;
        await secrets.remove(request.params.name, await scope.owner(request), request.params.secretName, actor);
        return noStore(reply).code(204).send();
      },
    );
  }
  app.put(
    '/api/admin/servers/:name/secrets/:secretName/allowed-origins',
    {
      config: { permission: 'access.manage' },
      schema: {
        tags: ['access'],
        security: [{ bearerAuth: [] }],
        operationId: 'approve-shared-upstream-secret-origins',
        summary: 'Approve a shared secret for origins: the ones given, or those the server’s remotes have now',
        params: oneParams,
        body: approveBody,
        response: { 200: secretSchema },
      },
    },
    async (request, reply) => {
      const actor = (await guardedCaller(request)).id;
      return noStore(reply).send(render(await secrets.approve(request.params.name, request.params.secretName, request.body?.allowedOrigins, actor)));
    },
  );
  done();
}
