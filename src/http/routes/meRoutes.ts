/**
 * `/api/me`: who the caller is, and a person's own personal access tokens (a
 * new token's secret is in the creation response only).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { ApiTokens, Caller, DirectoryAdmin } from '../../access/index.js';
import { ForbiddenError } from '../../errors.js';
import { guardedCaller } from '../routePermissions.js';
import { createdTokenSchema, meSchema, PERMISSION_ORDER, personalTokenBodySchema, renderToken, tokenIdParam, tokenListSchema } from './accessSchemas.js';

export interface MeRoutesOptions {
  directory: DirectoryAdmin;
  apiTokens: ApiTokens;
}

const me = { tags: ['me'], security: [{ bearerAuth: [] }] };
const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

/** Personal tokens are people's: a service, admin or registry token has none. */
function person(caller: Caller): Caller {
  if (caller.via !== 'session' && caller.via !== 'personal-token') {
    throw new ForbiddenError('ACCESS_NOT_A_PERSON', `Personal tokens belong to people; this request is made with a ${caller.via} (sign in, or use a personal token)`);
  }
  return caller;
}

export function meRoutes(fastify: FastifyInstance, options: MeRoutesOptions, done: () => void): void {
  // Params and bodies are typed from the JSON Schemas the routes declare.
  const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();
  const { apiTokens } = options;

  app.get(
    '/api/me',
    { config: { signedIn: true }, schema: { ...me, operationId: 'get-me', summary: 'Who the caller is: id, roles, groups and permissions', response: { 200: meSchema } } },
    async (request, reply) => {
      const caller = await guardedCaller(request);
      return noStore(reply).send({
        id: caller.id,
        label: caller.label,
        via: caller.via,
        roles: caller.roles,
        groups: caller.groups,
        permissions: PERMISSION_ORDER.filter((p) => caller.permissions.has(p as never)),
        ...(caller.tokenId !== undefined ? { tokenId: caller.tokenId } : {}),
      });
    },
  );

  app.get(
    '/api/me/tokens',
    { config: { permission: 'tokens.own' }, schema: { ...me, operationId: 'list-my-tokens', summary: 'My personal access tokens (never their secrets)', response: { 200: tokenListSchema } } },
    async (request, reply) => {
      const caller = person(await guardedCaller(request));
      return noStore(reply).send({ tokens: (await apiTokens.list({ userId: caller.id })).map(renderToken) });
    },
  );

  app.post(
    '/api/me/tokens',
    {
      config: { permission: 'tokens.own' },
      schema: {
        ...me,
        operationId: 'create-my-token',
        summary: 'Create a personal access token; its secret is in this response only',
        body: personalTokenBodySchema,
        response: { 201: createdTokenSchema },
      },
    },
    async (request, reply) => {
      const caller = person(await guardedCaller(request));
      const created = await apiTokens.createPersonal(caller, request.body);
      return noStore(reply)
        .code(201)
        .send({ token: renderToken(created.token), secret: created.secret });
    },
  );

  app.delete(
    '/api/me/tokens/:id',
    {
      config: { permission: 'tokens.own' },
      schema: {
        ...me,
        operationId: 'revoke-my-token',
        summary: 'Revoke one of my personal access tokens (it stops working at once)',
        params: { type: 'object', required: ['id'], properties: { id: tokenIdParam } },
        response: { 204: { type: 'null', description: 'Revoked' } } as const,
      },
    },
    async (request, reply) => {
      const caller = person(await guardedCaller(request));
      await apiTokens.revoke(request.params.id, caller.id, caller.id);
      return noStore(reply).code(204).send();
    },
  );
  done();
}
