/**
 * JSON Schemas of the federation admin API: Fastify validates requests and
 * serialises responses with them, and the OpenAPI document is generated from
 * them. A response schema lists every property a client may see, so nothing else
 * (an upstream's auth header above all) can reach a response body.
 */
export const SOURCE_NAME_PATTERN = '^[a-z0-9][a-z0-9-]{0,62}$';

const stringList = (maxLength: number, maxItems: number) =>
  ({
    type: 'array',
    maxItems,
    items: { type: 'string', minLength: 1, maxLength },
  }) as const;

export const sourceFilterSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'Which upstream servers to mirror; an absent or empty list does not restrict',
  properties: {
    names: { ...stringList(256, 1000), description: 'Name patterns: exact, `*`, or a prefix ending in `*`' },
    namespaces: { ...stringList(256, 1000), description: 'Namespaces (`com.acme` also admits `com.acme.team`)' },
    packageTypes: { ...stringList(64, 32), description: 'Package registry types (`npm`, `pypi`, `oci`, …): at least one must match' },
    statuses: {
      type: 'array',
      maxItems: 3,
      items: { type: 'string', enum: ['active', 'deprecated', 'deleted'] },
      description: 'Upstream statuses to mirror (deleted versions always pass, so takedowns arrive)',
    },
  },
} as const;

const sourceFields = {
  baseUrl: {
    type: 'string',
    minLength: 8,
    maxLength: 2048,
    pattern: '^https?://',
    description: 'Base URL of a registry speaking the official API (`/v0.1/servers` is appended)',
  },
  authHeader: {
    type: ['string', 'null'],
    minLength: 1,
    maxLength: 8192,
    pattern: '^[^\\r\\n\\u0000]*$',
    description: 'Sent as `Authorization` to the upstream; stored encrypted; never returned (null removes it)',
  },
  intervalSeconds: { type: 'integer', minimum: 0, maximum: 2_592_000, description: 'Seconds between scheduled syncs; 0 = on demand only' },
  filter: sourceFilterSchema,
  precedence: { type: 'integer', minimum: -1_000_000, maximum: 1_000_000, description: 'Lower wins when sources carry the same name' },
  enabled: { type: 'boolean' },
} as const;

export const sourceInputSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'baseUrl'],
  properties: {
    name: { type: 'string', pattern: SOURCE_NAME_PATTERN, description: 'Also the value of `?source=` and of `_meta` provenance' },
    ...sourceFields,
  },
} as const;

export const sourcePatchSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: sourceFields,
} as const;

const nullableTime = { type: ['string', 'null'], format: 'date-time' } as const;
const runCounts = {
  type: 'object',
  required: ['fetched', 'stored', 'rejected', 'changed', 'pages'],
  properties: {
    fetched: { type: 'integer' },
    stored: { type: 'integer' },
    rejected: { type: 'integer' },
    changed: { type: 'integer' },
    pages: { type: 'integer' },
  },
} as const;

export const sourceStatusSchema = {
  type: 'object',
  required: [
    'name',
    'baseUrl',
    'hasAuthHeader',
    'intervalSeconds',
    'filter',
    'precedence',
    'enabled',
    'highWater',
    'resumable',
    'lastStartedAt',
    'lastSuccessAt',
    'lastError',
    'lastErrorAt',
    'counts',
  ],
  properties: {
    name: { type: 'string' },
    baseUrl: { type: 'string' },
    hasAuthHeader: { type: 'boolean', description: 'Whether an auth header is configured (the header itself is never returned)' },
    intervalSeconds: { type: 'integer' },
    filter: sourceFilterSchema,
    precedence: { type: 'integer' },
    enabled: { type: 'boolean' },
    highWater: { ...nullableTime, description: 'Upstream `updatedAt` up to which everything is mirrored' },
    resumable: { type: 'boolean', description: 'A run was interrupted; the next one resumes from its cursor' },
    lastStartedAt: nullableTime,
    lastSuccessAt: nullableTime,
    lastError: { type: ['string', 'null'] },
    lastErrorAt: nullableTime,
    counts: {
      type: 'object',
      required: ['lastRun', 'mirrored'],
      properties: {
        lastRun: { ...runCounts, description: 'Versions fetched, stored, rejected; catalog rows changed; pages read' },
        mirrored: { type: 'integer', description: 'Versions currently mirrored from this source' },
      },
    },
  },
} as const;

export const sourceListSchema = {
  type: 'object',
  required: ['sources'],
  properties: { sources: { type: 'array', items: sourceStatusSchema } },
} as const;

export const syncResultSchema = {
  type: 'object',
  required: ['source', 'mode', 'pages', 'fetched', 'stored', 'rejected', 'changed', 'durationMs'],
  properties: {
    source: { type: 'string' },
    mode: { type: 'string', enum: ['initial', 'incremental', 'resumed'] },
    pages: { type: 'integer' },
    fetched: { type: 'integer' },
    stored: { type: 'integer' },
    rejected: { type: 'integer' },
    changed: { type: 'integer', description: 'Catalog rows that changed (0 for a no-change re-sync)' },
    highWater: nullableTime,
    durationMs: { type: 'number' },
  },
} as const;

export const rejectionListSchema = {
  type: 'object',
  required: ['rejections', 'metadata'],
  properties: {
    rejections: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          source: { type: 'string' },
          name: { type: ['string', 'null'] },
          version: { type: ['string', 'null'] },
          reason: { type: 'string' },
          at: { type: 'string', format: 'date-time' },
        },
      },
    },
    metadata: { type: 'object', properties: { count: { type: 'integer' }, nextCursor: { type: 'string' } } },
  },
} as const;

const curationFields = {
  decision: { type: ['string', 'null'], enum: ['allow', 'deny', null], description: 'Deny hides the server (or the whole source for `*`)' },
  pinnedVersion: { type: ['string', 'null'], minLength: 1, maxLength: 255, description: 'Served as the latest version' },
  hiddenVersions: { ...stringList(255, 10_000), description: 'Versions left out of the catalog' },
  trust: {
    type: ['string', 'null'],
    maxLength: 64,
    description:
      'A trust level (`verified`, `internal`, `community`, `experimental`, `blocked`; 422 otherwise): the default for the server (or the whole source for `*`); a reviewer’s level set through /api/servers/{name}/governance overrides it',
  },
  tags: stringList(64, 64),
  notes: { type: ['string', 'null'], maxLength: 4096 },
} as const;

export const curationBodySchema = {
  type: 'object',
  additionalProperties: false,
  description: 'The whole curation record: omitted fields are reset (null or empty)',
  properties: curationFields,
} as const;

export const curationSchema = {
  type: 'object',
  required: ['source', 'name'],
  properties: {
    source: { type: 'string', description: 'A source name, or `local`' },
    name: { type: 'string', description: 'A server name, or `*` for the whole source' },
    ...curationFields,
    updatedAt: { type: 'string', format: 'date-time' },
    updatedBy: { type: 'string' },
  },
} as const;

export const curationListSchema = {
  type: 'object',
  required: ['curations'],
  properties: { curations: { type: 'array', items: curationSchema } },
} as const;
