/**
 * Completes the OpenAPI document that @fastify/swagger builds from the route
 * schemas so that it is a superset of the official generic spec
 * (`official-openapi.yaml`, a byte-exact copy): request and response bodies use
 * the official component schemas verbatim, official parameters keep the official
 * types, errors are documented as the problem+json bodies the server really
 * sends, and every Toolshed addition carries `x-toolshed-extension: true`.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ERROR_CODES } from '../../errorCodes.js';
import { REGISTRY_EVENT_ACTIONS } from '../../schemas/governance.js';
import { curationListSchema, curationSchema, rejectionListSchema, sourceListSchema, sourceStatusSchema, syncResultSchema } from '../routes/federationSchemas.js';

// A walker over untyped OpenAPI JSON: typing every node would add casts, not safety.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

let official: Json | undefined;
function officialSpec(): Json {
  official ??= parseYaml(readFileSync(new URL('./official-openapi.yaml', import.meta.url), 'utf8')) as Json;
  return official;
}

/**
 * The official security schemes, for the swagger options: @fastify/swagger looks
 * up every scheme a route's `security` names while it builds the document, before
 * `decorateOpenApi` runs.
 */
export function officialSecuritySchemes(): Json {
  return structuredClone(officialSpec().components?.securitySchemes ?? {});
}

const EXTENSION = { 'x-toolshed-extension': true } as const;
const EXTENSION_QUERY = new Set(['q', 'registry_type', 'remote_transport', 'status', 'source', 'trust', 'tag', 'sort', 'include_total', 'tool']);

/** The official operation for one of ours: same method, same path under `/v0.1`. */
function officialOperation(path: string, method: string): Json | undefined {
  const officialPath = path.replace(/^\/v0(\.1)?\//, '/v0.1/');
  return officialSpec().paths?.[officialPath]?.[method];
}

const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details, as the official registry (Huma) sends them, plus the `code` extension member.',
  required: ['title', 'status', 'detail', 'code'],
  properties: {
    title: { type: 'string', description: 'HTTP status text' },
    status: { type: 'integer' },
    detail: { type: 'string', description: 'What went wrong, and what to fix' },
    code: {
      type: 'string',
      enum: Object.keys(ERROR_CODES),
      description: 'A stable code from the error catalogue (docs/errors.md), for clients to branch on; the detail wording may change, the code does not',
    },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['message'],
        properties: { message: { type: 'string' }, location: { type: 'string' }, value: {} },
      },
    },
  },
};

const validationResultSchema = {
  type: 'object',
  required: ['valid', 'issues'],
  properties: {
    valid: { type: 'boolean' },
    issues: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type', 'path', 'message', 'severity', 'reference'],
        properties: {
          type: { enum: ['schema', 'semantic', 'json', 'linter'] },
          path: { type: 'string' },
          message: { type: 'string' },
          severity: { enum: ['error', 'warning', 'info'] },
          reference: { type: 'string' },
        },
      },
    },
  },
};

const json = (schema: Json) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

const commonErrors = {
  '400': problemResponse('Bad request: a rule was broken (the detail says which)'),
  '422': problemResponse('Validation failed (each entry of `errors` names a field)'),
  '503': problemResponse('The database is unavailable; retry after `Retry-After` seconds'),
};
const writeErrors = {
  ...commonErrors,
  '401': problemResponse('Missing or invalid bearer token'),
  '403': problemResponse('The token does not grant this action on this name'),
  '404': problemResponse('Server or version not found'),
  '413': problemResponse('Body larger than 1 MiB'),
  '415': problemResponse('Body is not JSON'),
};

const adminErrors = {
  '401': problemResponse('No bearer token, or an invalid one'),
  '403': problemResponse('Not a registry administrator'),
  '422': problemResponse('Invalid parameter'),
  '503': problemResponse('The database is unavailable; retry after `Retry-After` seconds'),
};
const sourceMissing = { '404': problemResponse('No such source') };
const curationMissing = { '404': problemResponse('No such curation record') };

// The official registry sends no caching headers (its issue #724): these are Toolshed's.
const cachedGet = {
  headers: {
    ETag: { schema: { type: 'string' }, description: 'Strong entity tag; send it back in If-None-Match', ...EXTENSION },
    'Cache-Control': { schema: { type: 'string' }, description: '`public, max-age=<cacheMaxAge>`', ...EXTENSION },
  },
};
const notModified = { description: 'Not modified (If-None-Match matched)', ...EXTENSION };
const ifNoneMatch = {
  name: 'If-None-Match',
  in: 'header',
  required: false,
  description: 'Entity tags from earlier responses; a match answers 304 with no body.',
  schema: { type: 'string' },
  ...EXTENSION,
};

function responsesFor(operation: string): Json | undefined {
  const base = operation.replace(/-v0(\.1)?$/, '');
  switch (base) {
    case 'list-servers':
    case 'list-server-versions':
      return {
        '200': { description: 'A page of server versions', content: json(ref('ServerList')), ...cachedGet },
        '304': notModified,
        ...commonErrors,
        ...(base === 'list-server-versions' ? { '404': problemResponse('Server not found') } : {}),
      };
    case 'get-server-version':
      return {
        '200': { description: 'The server version', content: json(ref('ServerResponse')), ...cachedGet },
        '304': notModified,
        ...commonErrors,
        '404': problemResponse('Server not found'),
      };
    case 'publish-server':
    case 'edit-server-version':
    case 'delete-server-version':
    case 'update-server-version-status':
      return { '200': { description: 'The stored version', content: json(ref('ServerResponse')) }, ...writeErrors };
    case 'update-server-status':
      return {
        '200': { description: 'Every version of the server after the change', content: json(ref('AllVersionsStatusResponse')) },
        ...writeErrors,
      };
    case 'validate-server':
      return {
        '200': { description: 'Validation result (always 200 once the body has the server.json shape)', content: json(ref('ValidationResult')) },
        ...commonErrors,
      };
    case 'health':
      return {
        '200': { description: 'Healthy', content: json({ type: 'object', properties: { status: { const: 'ok' }, github_client_id: { type: 'string' } } }) },
        '503': problemResponse('The database is unreachable'),
      };
    case 'ping':
      return { '200': { description: 'Pong', content: json({ type: 'object', properties: { pong: { const: true } } }) } };
    case 'version':
      return {
        '200': {
          description: 'Build information',
          content: json({ type: 'object', properties: { version: { type: 'string' }, git_commit: { type: 'string' }, build_time: { type: 'string' } } }),
        },
      };
    case 'list-registry-events':
      return {
        '200': { description: 'A page of audit events, newest first', content: json(ref('RegistryEventList')) },
        '400': problemResponse('Bad cursor or since'),
        '401': problemResponse('No bearer token'),
        '403': problemResponse('Not a registry administrator'),
        '422': problemResponse('Invalid query parameter'),
      };
    case 'list-federation-sources':
      return { '200': { description: 'Every source with its status', content: json(ref('SourceList')) }, ...adminErrors };
    case 'create-federation-source':
      return {
        '201': { description: 'The new source and its status', content: json(ref('SourceStatus')) },
        ...adminErrors,
        '409': problemResponse('A source of that name exists'),
        '422': problemResponse('Invalid source (each entry of `errors` names a field)'),
      };
    case 'get-federation-source':
      return { '200': { description: 'The source and its status', content: json(ref('SourceStatus')) }, ...adminErrors, ...sourceMissing };
    case 'update-federation-source':
      return {
        '200': { description: 'The changed source', content: json(ref('SourceStatus')) },
        ...adminErrors,
        ...sourceMissing,
        '422': problemResponse('Invalid change (each entry of `errors` names a field)'),
      };
    case 'delete-federation-source':
      return { '204': { description: 'Removed, with its mirrored versions and their catalog rows' }, ...adminErrors, ...sourceMissing };
    case 'sync-federation-source':
      return {
        '200': { description: 'The finished run', content: json(ref('SyncResult')) },
        ...adminErrors,
        ...sourceMissing,
        '409': problemResponse('A sync of this source is already running'),
        '502': problemResponse("The upstream failed the sync (also recorded as the source's lastError)"),
      };
    case 'list-federation-rejections':
      return {
        '200': { description: 'A page of refused upstream documents, newest first', content: json(ref('RejectionList')) },
        ...adminErrors,
        ...sourceMissing,
        '400': problemResponse('Bad cursor'),
      };
    case 'list-curations':
      return { '200': { description: 'Curation records', content: json(ref('CurationList')) }, ...adminErrors };
    case 'get-curation':
      return { '200': { description: 'The curation record', content: json(ref('Curation')) }, ...adminErrors, ...curationMissing };
    case 'put-curation':
      return {
        '200': { description: 'The stored curation record', content: json(ref('Curation')) },
        ...adminErrors,
        '404': problemResponse('No such source'),
        '422': problemResponse('Invalid curation (each entry of `errors` names a field)'),
      };
    case 'delete-curation':
      return { '204': { description: 'Removed' }, ...adminErrors, ...curationMissing };
    case 'metrics':
      return {
        '200': {
          description: 'Prometheus text exposition (no authentication: keep it behind your proxy or network policy)',
          content: { 'text/plain; version=0.0.4; charset=utf-8': { schema: { type: 'string' } } },
        },
      };
    default:
      if (/^exchange-.+-token$/.test(base)) {
        return {
          '200': { description: 'A short-lived registry token', content: json(ref('RegistryTokenResponse')) },
          '401': problemResponse('The proof was refused (the detail names the method; errors[0].message says why)'),
          '403': problemResponse('The namespace is blocked'),
          '422': problemResponse('The request body is malformed'),
        };
      }
      return undefined;
  }
}

const registryTokenResponse = {
  type: 'object',
  required: ['registry_token', 'expires_at'],
  properties: {
    registry_token: { type: 'string', description: 'EdDSA JWT carrying auth_method, auth_method_sub and permissions' },
    expires_at: { type: 'integer', description: 'Unix seconds' },
  },
};

const registryEventList = {
  type: 'object',
  required: ['events', 'metadata'],
  properties: {
    events: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'at', 'action', 'name', 'version', 'actor', 'oldValue', 'newValue'],
        properties: {
          id: { type: 'integer' },
          at: { type: 'string', format: 'date-time' },
          action: { enum: REGISTRY_EVENT_ACTIONS },
          name: { type: 'string' },
          version: { type: 'string' },
          actor: {
            type: 'object',
            required: ['subject', 'method'],
            properties: { subject: { type: 'string' }, method: { type: 'string', description: 'admin-token, none, dns, http, github-at, github-oidc, oidc, cli' } },
          },
          oldValue: { description: 'Before: `{server}` for edits, `{status, statusMessage}` for status changes, null for publishes' },
          newValue: { description: 'After, in the same shape' },
        },
      },
    },
    metadata: { type: 'object', properties: { count: { type: 'integer' }, nextCursor: { type: 'string' } } },
  },
};

function requestBodyFor(operation: string): Json | undefined {
  const base = operation.replace(/-v0(\.1)?$/, '');
  if (base === 'publish-server' || base === 'validate-server' || base === 'edit-server-version') {
    return { required: true, content: json(ref('ServerDetail')) };
  }
  if (base === 'update-server-version-status' || base === 'update-server-status') {
    return { required: true, content: json(ref('StatusUpdateRequest')) };
  }
  return undefined;
}

/**
 * Official parameters keep the official schema (e.g. `include_deleted` is a
 * boolean, `updated_since` a date-time), refined by ours where ours says more
 * (`limit`'s bounds); Toolshed's own parameters are marked as extensions.
 */
function alignParameters(operation: Json, officialOp: Json | undefined): void {
  const officialParams: Json[] = officialOp?.parameters ?? [];
  for (const p of operation.parameters ?? []) {
    const match = officialParams.find((o) => o.name === p.name && o.in === p.in);
    if (match) p.schema = { ...p.schema, ...structuredClone(match.schema) };
    else if (p.in === 'query' && EXTENSION_QUERY.has(p.name)) Object.assign(p, EXTENSION);
  }
}

export function decorateOpenApi(doc: Json): Json {
  const spec = officialSpec();
  doc.components ??= {};
  doc.components.schemas = {
    ...(doc.components.schemas ?? {}),
    ...structuredClone(spec.components?.schemas ?? {}),
    Problem: problemSchema,
    RegistryTokenResponse: registryTokenResponse,
    RegistryEventList: registryEventList,
    SourceStatus: sourceStatusSchema,
    SourceList: { ...sourceListSchema, properties: { sources: { type: 'array', items: ref('SourceStatus') } } },
    SyncResult: syncResultSchema,
    RejectionList: rejectionListSchema,
    Curation: curationSchema,
    CurationList: { ...curationListSchema, properties: { curations: { type: 'array', items: ref('Curation') } } },
    ValidationResult: validationResultSchema,
  };
  doc.components.securitySchemes = officialSecuritySchemes();
  doc.jsonSchemaDialect = spec.jsonSchemaDialect;
  for (const [path, methods] of Object.entries<Json>(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries<Json>(methods)) {
      const id = String(operation.operationId ?? '');
      const responses = responsesFor(id);
      if (responses) operation.responses = responses;
      const body = requestBodyFor(id);
      if (body) operation.requestBody = body;
      alignParameters(operation, officialOperation(path, method));
      // The official API is /v0 and /v0.1 minus the `x/` space it reserves for
      // registry extensions; anything else, such as /api/admin, is Toolshed's own.
      if (!/^\/v0(\.1)?\/(?!x\/)/.test(path)) Object.assign(operation, EXTENSION);
      if (responses?.['304']) operation.parameters = [...(operation.parameters ?? []), ifNoneMatch];
    }
  }
  return doc;
}
