/**
 * Route schemas: they validate parameters (Fastify's Ajv) and are the source of
 * the OpenAPI document. Response bodies are documented in `openapi/` with the
 * official component schemas.
 */
export const serverNameParam = {
  type: 'string',
  description: 'URL-encoded server name (e.g. `com.example%2Fmy-server`)',
} as const;

export const versionParam = {
  type: 'string',
  description: 'URL-encoded version (e.g. `1.0.0`, `1.0.0%2B20130313144700`), or `latest`',
} as const;

export const includeDeletedParam = {
  type: 'string',
  description: 'Include deleted versions (boolean, default false)',
} as const;

export const listQuerySchema = {
  type: 'object',
  properties: {
    cursor: { type: 'string', description: 'Opaque cursor from `metadata.nextCursor` of the previous page.' },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 30, description: 'Items per page (1-100, default 30).' },
    search: { type: 'string', description: 'Case-insensitive substring of the server name (official semantics).' },
    updated_since: {
      type: 'string',
      description: 'RFC 3339 timestamp: only versions updated strictly after it. Deleted versions are always included (incremental sync).',
    },
    version: { type: 'string', description: "`latest` for each server's latest version, or an exact version." },
    include_deleted: includeDeletedParam,
    q: {
      type: 'string',
      maxLength: 256,
      description:
        'Toolshed extension: ranked full-text search over name, title and description (all words must match; the last word may be a prefix). Results are ordered by relevance; page with `nextCursor` as usual.',
    },
    registry_type: {
      type: 'string',
      maxLength: 256,
      description: 'Toolshed extension: only versions with a package of one of these registry types (comma-separated, e.g. `npm,oci`).',
    },
    remote_transport: {
      type: 'string',
      maxLength: 256,
      description: 'Toolshed extension: only versions with a remote of one of these transports (`streamable-http`, `sse`; comma-separated).',
    },
    source: {
      type: 'string',
      maxLength: 1024,
      description: 'Toolshed extension: only versions from these origins (`local`, or federation source names; comma-separated).',
    },
    sort: {
      type: 'string',
      enum: ['name', 'updated'],
      description: 'Toolshed extension: `name` (default: by name, then version) or `updated` (most recently updated first; page with `nextCursor` as usual). Not with `q`, which orders by relevance.',
    },
    trust: {
      type: 'string',
      maxLength: 1024,
      description:
        'Toolshed extension: only versions whose server’s trust level is one of these (comma-separated: verified, internal, community, experimental, blocked): the level a reviewer set, else the one curated for its source.',
    },
    tag: {
      type: 'string',
      maxLength: 1024,
      description: 'Toolshed extension: only versions carrying one of these curated tags (comma-separated, exact).',
    },
    tool: {
      type: 'string',
      minLength: 1,
      maxLength: 128,
      pattern: '^[^\\u0000-\\u001f\\u007f]+$',
      description:
        'Toolshed extension: only versions whose current capability snapshot offers a tool of exactly this name (case-sensitive, as MCP tool names are; 1-128 characters, no control characters).',
    },
    include_total: {
      type: 'string',
      description:
        'Toolshed extension: `true` adds `metadata["io.toolshed/total"]`, the number of items all pages of this query hold together (the same filters, search and visibility), to every page.',
    },
    status: {
      type: 'string',
      maxLength: 64,
      description: 'Toolshed extension: only versions in these statuses (`active`, `deprecated`, `deleted`; comma-separated). Overrides `include_deleted`.',
    },
  },
} as const;

export const nameParams = {
  type: 'object',
  required: ['serverName'],
  properties: { serverName: serverNameParam },
} as const;

export const nameVersionParams = {
  type: 'object',
  required: ['serverName', 'version'],
  properties: { serverName: serverNameParam, version: versionParam },
} as const;

export const includeDeletedQuery = {
  type: 'object',
  properties: { include_deleted: includeDeletedParam },
} as const;
