/**
 * People, groups and tokens for administrators (`access.manage`): assign roles,
 * disable people, define groups and add members, create service tokens and
 * revoke any token. Each change is written with its access change row by the
 * plane; this file parses and renders.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { ApiTokens, DirectoryAdmin } from '../../access/index.js';
import { InputError } from '../../errors.js';
import { guardedCaller } from '../routePermissions.js';
import {
  createdTokenSchema,
  groupBodySchema,
  groupListSchema,
  groupNameParam,
  groupSchema,
  localPersonBodySchema,
  personalTokenBodySchema,
  renderGroup,
  renderToken,
  renderUser,
  serviceTokenBodySchema,
  tokenIdParam,
  tokenListSchema,
  userIdParam,
  userListSchema,
  userPatchSchema,
  userSchema,
} from './accessSchemas.js';

export interface AccessAdminRoutesOptions {
  directory: DirectoryAdmin;
  apiTokens: ApiTokens;
}

const access = { tags: ['access'], security: [{ bearerAuth: [] }] };
const manage = { permission: 'access.manage' } as const;
const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');
const removed = { 204: { type: 'null', description: 'Done' } } as const;
const userParams = { type: 'object', required: ['id'], properties: { id: userIdParam } } as const;
const groupParams = { type: 'object', required: ['name'], properties: { name: groupNameParam } } as const;
const memberParams = { type: 'object', required: ['name', 'userId'], properties: { name: groupNameParam, userId: userIdParam } } as const;

export function accessAdminRoutes(fastify: FastifyInstance, options: AccessAdminRoutesOptions, done: () => void): void {
  // Params, querystrings and bodies are typed from the JSON Schemas the routes declare.
  const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();
  const { directory, apiTokens } = options;
  const actorOf = async (request: Parameters<typeof guardedCaller>[0]) => (await guardedCaller(request)).id;

  app.get(
    '/api/admin/users',
    {
      config: manage,
      schema: {
        ...access,
        operationId: 'list-users',
        summary: 'People who have signed in, with their effective roles and groups',
        querystring: {
          type: 'object',
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
            cursor: { type: 'string', maxLength: 100, description: '`metadata.nextCursor` of the previous page' },
          },
        } as const,
        response: { 200: userListSchema },
      },
    },
    async (request, reply) => {
      const { limit, cursor } = request.query;
      const users = await directory.listUsers({ limit, after: cursor });
      const next = users.length >= limit ? users[users.length - 1]!.id : undefined;
      return noStore(reply).send({ users: users.map(renderUser), metadata: { count: users.length, ...(next ? { nextCursor: next } : {}), localPeople: directory.localPeople } });
    },
  );

  app.post(
    '/api/admin/users',
    {
      config: manage,
      schema: {
        ...access,
        operationId: 'add-local-person',
        summary: 'Add a local person (no identity provider: for trials and break-glass); 403 when local people are off',
        body: localPersonBodySchema,
        response: { 201: userSchema },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request);
      return noStore(reply)
        .code(201)
        .send(renderUser(await directory.addLocalPerson(request.body, actor)));
    },
  );

  app.post(
    '/api/admin/users/:id/tokens',
    {
      config: manage,
      schema: {
        ...access,
        operationId: 'create-local-person-token',
        summary: 'Create a personal token for a local person (by id or email); its secret is in this response only',
        params: { type: 'object', required: ['id'], properties: { id: { ...userIdParam, description: 'A user id (`usr_…`) or email' } } },
        body: personalTokenBodySchema,
        response: { 201: createdTokenSchema },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request);
      const person = await directory.resolveUser(request.params.id);
      const created = await apiTokens.createForLocalPerson(person.id, request.body, actor);
      return noStore(reply)
        .code(201)
        .send({ token: renderToken(created.token), secret: created.secret });
    },
  );

  app.get(
    '/api/admin/users/:id',
    { config: manage, schema: { ...access, operationId: 'get-user', summary: 'One person', params: userParams, response: { 200: userSchema } } },
    async (request, reply) => noStore(reply).send(renderUser(await directory.resolveUser(request.params.id))),
  );

  app.patch(
    '/api/admin/users/:id',
    {
      config: manage,
      schema: {
        ...access,
        operationId: 'update-user',
        summary: 'Assign a person’s roles, or disable or enable them',
        params: userParams,
        body: userPatchSchema,
        response: { 200: userSchema },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request);
      return noStore(reply).send(renderUser(await directory.updateUser(request.params.id, request.body, actor)));
    },
  );

  app.get(
    '/api/admin/groups',
    { config: manage, schema: { ...access, operationId: 'list-groups', summary: 'Defined groups, and the groups seen in ID tokens', response: { 200: groupListSchema } } },
    async (_request, reply) => noStore(reply).send({ groups: (await directory.listGroups()).map(renderGroup), claimGroups: await directory.claimOnlyGroups() }),
  );

  app.post(
    '/api/admin/groups',
    { config: manage, schema: { ...access, operationId: 'create-group', summary: 'Define a group', body: groupBodySchema, response: { 201: groupSchema } } },
    async (request, reply) => {
      const actor = await actorOf(request);
      return noStore(reply)
        .code(201)
        .send(renderGroup(await directory.createGroup(request.body, actor)));
    },
  );

  app.delete(
    '/api/admin/groups/:name',
    {
      config: manage,
      schema: { ...access, operationId: 'delete-group', summary: 'Remove a group and the memberships added to it', params: groupParams, response: removed },
    },
    async (request, reply) => {
      await directory.deleteGroup(request.params.name, await actorOf(request));
      return noStore(reply).code(204).send();
    },
  );

  app.put(
    '/api/admin/groups/:name/members/:userId',
    {
      config: manage,
      schema: { ...access, operationId: 'add-group-member', summary: 'Add a person to a group', params: memberParams, response: removed },
    },
    async (request, reply) => {
      await directory.addMember(request.params.name, request.params.userId, await actorOf(request));
      return noStore(reply).code(204).send();
    },
  );

  app.delete(
    '/api/admin/groups/:name/members/:userId',
    {
      config: manage,
      schema: {
        ...access,
        operationId: 'remove-group-member',
        summary: 'Remove a person an administrator added to a group',
        params: memberParams,
        response: removed,
      },
    },
    async (request, reply) => {
      await directory.removeMember(request.params.name, request.params.userId, await actorOf(request));
      return noStore(reply).code(204).send();
    },
  );

  app.get(
    '/api/admin/tokens',
    {
      config: manage,
      schema: {
        ...access,
        operationId: 'list-tokens',
        summary: 'Every token, personal and service, with when and where each was last used (never secrets)',
        querystring: {
          type: 'object',
          properties: { kind: { type: 'string', enum: ['personal', 'service'] }, userId: { ...userIdParam, description: 'Only this person’s personal tokens' } },
        } as const,
        response: { 200: tokenListSchema },
      },
    },
    async (request, reply) => {
      const { kind, userId } = request.query;
      if (kind === 'service' && userId !== undefined) throw new InputError('ACCESS_BAD_FILTER', 'Service tokens have no owner: use kind or userId, not both');
      const tokens = (await apiTokens.list(userId !== undefined ? { userId } : {})).filter((t) => kind === undefined || t.kind === kind);
      return noStore(reply).send({ tokens: tokens.map(renderToken) });
    },
  );

  app.post(
    '/api/admin/tokens',
    {
      config: manage,
      schema: {
        ...access,
        operationId: 'create-service-token',
        summary: 'Create a service token with roles and groups; its secret is in this response only',
        body: serviceTokenBodySchema,
        response: { 201: createdTokenSchema },
      },
    },
    async (request, reply) => {
      const created = await apiTokens.createService(request.body, await actorOf(request));
      return noStore(reply)
        .code(201)
        .send({ token: renderToken(created.token), secret: created.secret });
    },
  );

  app.delete(
    '/api/admin/tokens/:id',
    {
      config: manage,
      schema: {
        ...access,
        operationId: 'revoke-token',
        summary: 'Revoke any token (it stops working at once)',
        params: { type: 'object', required: ['id'], properties: { id: tokenIdParam } },
        response: removed,
      },
    },
    async (request, reply) => {
      await apiTokens.revoke(request.params.id, await actorOf(request));
      return noStore(reply).code(204).send();
    },
  );
  done();
}
