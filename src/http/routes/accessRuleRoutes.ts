/**
 * The access rules admin API under `/api/admin/access`: the rule list (read,
 * create, replace, move, delete one rule, or replace the whole set from JSON or
 * YAML), the change log, `explain` and `simulate`. Writes carry the set's ETag in
 * `If-Match` when the writer wants to be sure nobody changed it meanwhile (412
 * otherwise); every write answers the new ETag. The plane does the work.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import {
  ACCESS_ACTIONS,
  type AccessInspector,
  type PrincipalQuery,
  type ManagedAccessPolicy,
  type RuleChange,
  type StoredRule,
  readYaml,
  rulesListOf,
  applyStarterRules,
  STARTER_RULES,
} from '../../access/index.js';
import { ValidationError } from '../../errors.js';
import { formatTimestamp } from '../../store/index.js';
import { guardedCaller } from '../routePermissions.js';
import { logPageMetadata, logPageProperties, parseLogPage } from '../logPage.js';
import { BODY_LIMIT } from '../bodyLimit.js';

export interface AccessRuleRoutesOptions {
  policy: ManagedAccessPolicy;
  inspector: AccessInspector;
}

const admin = { tags: ['admin'], security: [{ bearerAuth: [] }] } as const;
const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

const ruleBody = {
  type: 'object',
  description:
    'An access rule: `{id, description?, effect: allow|deny, subject: {user}|{group}|{everyone: true}|{anonymous: true} (anonymous: discover only), actions: [discover|connect|call], resource: {server}|{server, tool}|{source}}`. Checked as part of the whole set; every problem is listed in a 422.',
} as const;
const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 200, description: 'The rule id' } },
} as const;
const positionQuery = {
  type: 'object',
  properties: { position: { type: 'integer', minimum: 0, maximum: 100_000, description: 'Where the rule goes in the list (0 = first); the end by default, or where it was for an update' } },
} as const;
const ifMatchHeader = {
  type: 'object',
  properties: { 'if-match': { type: 'string', maxLength: 1000, description: 'The rule set’s ETag as last read (`*` for any); 412 when it changed since' } },
} as const;
const noStore = (reply: FastifyReply, etag?: string) => {
  reply.header('cache-control', 'no-store');
  if (etag) reply.header('etag', etag);
  return reply;
};

function renderStored(s: StoredRule) {
  return {
    rule: s.rule,
    position: s.position,
    createdAt: formatTimestamp(s.createdAt),
    createdBy: s.createdBy,
    updatedAt: formatTimestamp(s.updatedAt),
    updatedBy: s.updatedBy,
  };
}

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function accessRuleRoutes(fastify: FastifyInstance, options: AccessRuleRoutesOptions, done: () => void): void {
  // Params, querystrings and bodies are typed from the JSON Schemas the routes declare.
  const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();
  const { policy, inspector } = options;
  const writer = async (request: FastifyRequest) => ({
    actor: (await guardedCaller(request)).id,
    ifMatch: request.headers['if-match'],
  });

  // Rule files are YAML in git; the whole set may be sent as it is (only the routes of this file read YAML).
  app.addContentTypeParser(YAML_TYPES, { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, parsed) => {
    try {
      parsed(null, readYaml(body as string, 'the request body'));
    } catch (err) {
      parsed(err as Error);
    }
  });

  app.get(
    '/api/admin/access/rules',
    {
      config: { permission: 'access.explain' },
      schema: { ...admin, operationId: 'list-access-rules', summary: 'The access rules in order, with who last changed each; the ETag names this version of the set' },
    },
    async (_request, reply) => {
      const { rules, etag } = await policy.list();
      return noStore(reply, etag).send({
        rules: rules.map((s) => s.rule),
        records: rules.map((s) => {
          const { rule, ...record } = renderStored(s);
          return { id: rule.id, ...record };
        }),
        metadata: { count: rules.length, etag, defaultEffect: policy.defaultEffect },
      });
    },
  );

  app.put(
    '/api/admin/access/rules',
    {
      config: { permission: 'access.manage' },
      schema: {
        ...admin,
        operationId: 'replace-access-rules',
        summary: 'Replace the whole rule set (an import): JSON, or a YAML rules file sent as application/yaml',
        headers: ifMatchHeader,
        body: {
          type: 'object',
          required: ['rules'],
          additionalProperties: false,
          properties: { rules: { type: 'array', items: ruleBody } },
        },
      },
    },
    async (request, reply) => {
      const rules = rulesListOf(request.body, 'the request body');
      const result = await policy.replaceAll(rules, await writer(request));
      return noStore(reply, result.etag).send(result);
    },
  );

  app.get(
    '/api/admin/access/starter-rules',
    {
      config: { permission: 'access.explain' },
      schema: { ...admin, operationId: 'get-starter-access-rules', summary: 'The starter rule set a fresh install can apply in one step (everyone may find, connect to and call every server)' },
    },
    async (_request, reply) => noStore(reply).send({ rules: STARTER_RULES }),
  );

  app.post(
    '/api/admin/access/starter-rules',
    {
      config: { permission: 'access.manage' },
      schema: { ...admin, operationId: 'apply-starter-access-rules', summary: 'Apply the starter rule set to an empty rule set (409 when rules exist)' },
    },
    async (request, reply) => {
      const result = await applyStarterRules(policy, (await guardedCaller(request)).id);
      return noStore(reply, result.etag).send(result);
    },
  );

  app.post(
    '/api/admin/access/rules',
    {
      config: { permission: 'access.manage' },
      schema: { ...admin, operationId: 'create-access-rule', summary: 'Add a rule (at the end, or at `position`)', headers: ifMatchHeader, querystring: positionQuery, body: ruleBody },
    },
    async (request, reply) => {
      const { rule, etag } = await policy.create(request.body, { ...(await writer(request)), position: request.query.position });
      return noStore(reply, etag).code(201).send(renderStored(rule));
    },
  );

  app.get(
    '/api/admin/access/rules/:id',
    { config: { permission: 'access.explain' }, schema: { ...admin, operationId: 'get-access-rule', summary: 'One rule, its position and who last changed it', params: idParams } },
    async (request, reply) => {
      const { rule, etag } = await policy.get(request.params.id);
      return noStore(reply, etag).send(renderStored(rule));
    },
  );

  app.put(
    '/api/admin/access/rules/:id',
    {
      config: { permission: 'access.manage' },
      schema: {
        ...admin,
        operationId: 'update-access-rule',
        summary: 'Replace one rule (its id stays), optionally moving it to `position`',
        params: idParams,
        headers: ifMatchHeader,
        querystring: positionQuery,
        body: ruleBody,
      },
    },
    async (request, reply) => {
      const { rule, etag } = await policy.update(request.params.id, request.body, { ...(await writer(request)), position: request.query.position });
      return noStore(reply, etag).send(renderStored(rule));
    },
  );

  app.delete(
    '/api/admin/access/rules/:id',
    {
      config: { permission: 'access.manage' },
      schema: { ...admin, operationId: 'delete-access-rule', summary: 'Remove one rule', params: idParams, headers: ifMatchHeader, response: { 204: { type: 'null', description: 'Removed' } } },
    },
    async (request, reply) => {
      const { etag } = await policy.remove(request.params.id, await writer(request));
      return noStore(reply, etag).code(204).send();
    },
  );

  app.get(
    '/api/admin/access/changes',
    {
      config: { permission: 'audit.read' },
      schema: {
        ...admin,
        operationId: 'list-access-changes',
        summary: 'The access change log: who changed which rule (or other access data) when, with old and new values, newest first',
        querystring: {
          type: 'object',
          properties: {
            kind: { type: 'string', maxLength: 64, description: 'Only this target kind (`rule`, …)' },
            target: { type: 'string', maxLength: 256, description: 'Only this target (a rule id, …)' },
            actor: { type: 'string', maxLength: 256, description: 'Only changes by this caller id' },
            action: { type: 'string', maxLength: 64, description: '`create`, `update`, `delete`, `import`, `reorder`, …' },
            ...logPageProperties('changes'),
          },
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const rows = await inspector.changes(
        {
          ...(q.kind !== undefined ? { targetKind: q.kind } : {}),
          ...(q.target !== undefined ? { target: q.target } : {}),
          ...(q.actor !== undefined ? { actor: q.actor } : {}),
          ...(q.action !== undefined ? { action: q.action } : {}),
          ...parseLogPage(q),
        },
        q.limit,
      );
      return noStore(reply).send({
        changes: rows.map((r) => ({ ...r, at: formatTimestamp(r.at) })),
        metadata: logPageMetadata(rows, q.limit),
      });
    },
  );

  app.get(
    '/api/admin/access/explain',
    {
      config: { permission: 'access.explain' },
      schema: {
        ...admin,
        operationId: 'explain-access',
        summary: 'Why may (or may not) this person, or someone in these groups, do this on this server or tool: the decision, the deciding rule, every matching rule',
        querystring: {
          type: 'object',
          required: ['server'],
          properties: {
            user: { type: 'string', minLength: 1, maxLength: 320, description: 'A user id or email; their groups come from the directory' },
            group: {
              anyOf: [
                { type: 'string', minLength: 1, maxLength: 200 },
                { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 200 } },
              ],
              description: 'A group (repeatable): someone in these groups (added to the user’s own)',
            },
            action: { type: 'string', enum: [...ACCESS_ACTIONS], description: '`call` when a tool is named, `connect` otherwise' },
            server: { type: 'string', minLength: 1, maxLength: 200 },
            tool: { type: 'string', minLength: 1, maxLength: 200 },
            source: { type: 'string', maxLength: 64, description: 'The source the server is mirrored from (`` for local); looked up in the catalog when absent' },
          },
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const groups = asList(q.group);
      if (q.user === undefined && groups.length === 0) {
        throw new ValidationError('ACCESS_EXPLAIN_NO_PRINCIPAL', 'Name whom to explain for: user=<id or email>, or one or more group=<name>');
      }
      const action = q.action ?? (q.tool !== undefined ? 'call' : 'connect');
      const explanation = await inspector.explain({ user: q.user, groups, action, server: q.server, tool: q.tool, source: q.source });
      return noStore(reply).send(explanation);
    },
  );

  app.post(
    '/api/admin/access/simulate',
    {
      config: { permission: 'access.explain' },
      schema: {
        ...admin,
        operationId: 'simulate-access-rules',
        summary: 'What a proposed rule change would flip, for whom, on which servers and tools; nothing is saved',
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            rules: { type: 'array', items: ruleBody, description: 'The whole proposed set' },
            upsert: { type: 'array', items: ruleBody, description: 'Rules to add, or to replace by id' },
            delete: { type: 'array', maxItems: 10_000, items: { type: 'string', minLength: 1 }, description: 'Ids of rules to remove' },
            principals: {
              type: 'array',
              maxItems: 1000,
              items: {
                type: 'object',
                additionalProperties: false,
                properties: { user: { type: 'string', minLength: 1, maxLength: 320 }, groups: { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1 } } },
              },
              description: 'Whom to check; every known person by default',
            },
            servers: { type: 'array', maxItems: 20_000, items: { type: 'string', minLength: 1, maxLength: 200 }, description: 'Which servers; every server of the catalog by default' },
            tools: {
              type: 'array',
              maxItems: 10_000,
              items: {
                type: 'object',
                required: ['server', 'tool'],
                additionalProperties: false,
                properties: { server: { type: 'string', minLength: 1, maxLength: 200 }, tool: { type: 'string', minLength: 1, maxLength: 200 } },
              },
              description: 'Tools to check for discover and call (the catalog does not list tools yet)',
            },
            limit: { type: 'integer', minimum: 0, maximum: 10_000, default: 100, description: 'How many flips to list (all are counted)' },
          },
        },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const whole = b.rules !== undefined;
      if (whole === (b.upsert !== undefined || b.delete !== undefined)) {
        throw new ValidationError('ACCESS_SIMULATE_NO_CHANGE', 'Send the proposed change: either "rules" (the whole new set) or "upsert" and/or "delete"');
      }
      const change: RuleChange = whole ? { rules: b.rules! } : { ...(b.upsert ? { upsert: b.upsert } : {}), ...(b.delete ? { delete: b.delete } : {}) };
      for (const p of b.principals ?? []) {
        if (p.user === undefined && !p.groups?.length) {
          throw new ValidationError('ACCESS_SIMULATE_BAD_PRINCIPAL', 'Each principal names a user (id or email) and/or groups');
        }
      }
      const result = await inspector.simulate({
        change,
        principals: b.principals as PrincipalQuery[] | undefined,
        servers: b.servers,
        tools: b.tools,
        limit: b.limit,
      });
      return noStore(reply).send(result);
    },
  );

  done();
}
