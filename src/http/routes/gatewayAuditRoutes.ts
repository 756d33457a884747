/**
 * The gateway audit for admins and auditors (`audit.read`): one page of calls,
 * newest first, with filters and a cursor, at `GET /api/admin/gateway/calls`,
 * and the same filters as a JSON Lines export streamed page by page at
 * `GET /api/admin/gateway/calls.jsonl`; and usage over a window (calls per day
 * by server, top tools, outcomes) aggregated in SQL at `GET /api/admin/gateway/usage`.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import { InputError } from '../../errors.js';
import { CALL_OUTCOMES } from '../../gateway/index.js';
import { formatTimestamp, nowMicros, parseRfc3339Nanos, type GatewayCallFilter, type GatewayCallRow, type GatewayUsage, type GatewayUsageQuery } from '../../store/index.js';

export interface GatewayAuditRoutesOptions {
  list(filter: GatewayCallFilter, limit: number): Promise<GatewayCallRow[]>;
  usage(query: GatewayUsageQuery): Promise<GatewayUsage>;
}

const DAY_MICROS = 86_400_000_000;
/** The usage window: 30 days unless asked, at most 366. */
const DEFAULT_WINDOW_DAYS = 30;
const MAX_WINDOW_DAYS = 366;
const MAX_SERVERS = 10;
const MAX_TOOLS = 10;
const FAILED = new Set(['error', 'timeout', 'disconnected']);

const usageRow = (properties: Record<string, unknown>) => ({
  type: 'object',
  required: Object.keys(properties),
  properties,
  additionalProperties: false,
});
const calls = { type: 'integer', minimum: 0 };

type CallsQuery = {
  user?: string;
  server?: string;
  tool?: string;
  outcome?: string;
  method?: string;
  connection?: string;
  since?: string;
  until?: string;
  limit: number;
  cursor?: string;
};

const filterProperties = {
  user: { type: 'string', minLength: 1, maxLength: 320, description: 'Only calls by this principal (an id such as `usr_…`, or an email/label)' },
  server: { type: 'string', minLength: 1, maxLength: 200, description: 'Only calls to this server (catalog name)' },
  tool: { type: 'string', minLength: 1, maxLength: 1000, description: 'Only calls naming this tool, prompt or resource URI' },
  outcome: { type: 'string', enum: [...CALL_OUTCOMES] },
  method: { type: 'string', minLength: 1, maxLength: 200, description: 'Only this JSON-RPC method (`tools/call`, …) or `connect`, `stream/listen`, `stream/sse`, `session/delete`, `session/refused`' },
  connection: { type: 'string', minLength: 1, maxLength: 200, description: 'Only calls through this connection id' },
  since: { type: 'string', description: 'RFC 3339: only calls at or after this time' },
  until: { type: 'string', description: 'RFC 3339: only calls at or before this time' },
} as const;

function micros(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const nanos = parseRfc3339Nanos(value);
  if (nanos === undefined) throw new InputError('GATEWAY_AUDIT_BAD_TIME', `Invalid ${name}: expected an RFC 3339 timestamp (e.g. 2026-01-31T09:00:00Z)`);
  return Number(nanos / 1000n);
}

function filterOf(q: Omit<CallsQuery, 'limit' | 'cursor'>): GatewayCallFilter {
  const since = micros('since', q.since);
  const until = micros('until', q.until);
  return {
    ...(q.user !== undefined ? { user: q.user } : {}),
    ...(q.server !== undefined ? { server: q.server } : {}),
    ...(q.tool !== undefined ? { tool: q.tool } : {}),
    ...(q.outcome !== undefined ? { outcome: q.outcome } : {}),
    ...(q.method !== undefined ? { method: q.method } : {}),
    ...(q.connection !== undefined ? { connection: q.connection } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
  };
}

export function renderCall(r: GatewayCallRow) {
  return {
    id: String(r.id),
    at: formatTimestamp(Number(r.at)),
    principal: { id: r.principal_id, label: r.principal_label, via: r.principal_via },
    connection: r.connection_id === null ? null : { id: r.connection_id, label: r.connection_label },
    client: r.client_name === null ? null : { name: r.client_name, version: r.client_version },
    server: r.server,
    method: r.method,
    target: r.target,
    outcome: r.outcome,
    error: r.error_code === null && r.error_message === null ? null : { code: r.error_code, message: r.error_message },
    durationMicros: Number(r.duration_us),
    requestBytes: Number(r.request_bytes),
    responseBytes: Number(r.response_bytes),
    jsonrpcId: r.jsonrpc_id,
    sessionHash: r.session_hash,
    instance: r.instance ?? null,
    ...(r.request_payload !== null || r.response_payload !== null ? { payload: { request: r.request_payload, response: r.response_payload } } : {}),
  };
}

const admin = { tags: ['admin'], security: [{ bearerAuth: [] }] };

const nullableString = { type: ['string', 'null'] } as const;
/** One call as `renderCall` writes it: every property it may send is listed (fast-json-stringify drops the rest). */
const callSchema = {
  type: 'object',
  // payload is sent only when payloads were recorded (config gatewayAuditPayloads).
  required: [
    'id',
    'at',
    'principal',
    'connection',
    'client',
    'server',
    'method',
    'target',
    'outcome',
    'error',
    'durationMicros',
    'requestBytes',
    'responseBytes',
    'jsonrpcId',
    'sessionHash',
    'instance',
  ],
  properties: {
    id: { type: 'string' },
    at: { type: 'string', format: 'date-time' },
    principal: { type: 'object', required: ['id', 'label', 'via'], properties: { id: { type: 'string' }, label: { type: 'string' }, via: { type: 'string' } } },
    connection: { type: ['object', 'null'], required: ['id', 'label'], properties: { id: { type: 'string' }, label: nullableString } },
    client: { type: ['object', 'null'], required: ['name', 'version'], properties: { name: { type: 'string' }, version: nullableString } },
    server: { type: 'string' },
    method: { type: 'string' },
    target: { ...nullableString, description: 'The tool, prompt or resource URI named' },
    outcome: { type: 'string', enum: ['ok', 'error', 'denied', 'rate_limited', 'timeout', 'disconnected'] },
    error: { type: ['object', 'null'], required: ['code', 'message'], properties: { code: { type: ['number', 'null'] }, message: nullableString } },
    durationMicros: { type: 'number' },
    requestBytes: { type: 'number' },
    responseBytes: { type: 'number' },
    jsonrpcId: nullableString,
    sessionHash: nullableString,
    instance: { ...nullableString, description: 'The hosted instance that served the call (docs/hosting.md); null for a remote server' },
    payload: { type: 'object', required: ['request', 'response'], properties: { request: nullableString, response: nullableString } },
  },
} as const;
const callListSchema = {
  type: 'object',
  required: ['calls', 'metadata'],
  properties: {
    calls: { type: 'array', items: callSchema },
    metadata: { type: 'object', required: ['count'], properties: { count: { type: 'integer' }, nextCursor: { type: 'string' } } },
  },
} as const;

export function gatewayAuditRoutes(fastify: FastifyInstance, options: GatewayAuditRoutesOptions, done: () => void): void {
  // Params, querystrings and bodies are typed from the JSON Schemas the routes declare.
  const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();
  app.get(
    '/api/admin/gateway/calls',
    {
      config: { permission: 'audit.read' },
      schema: {
        ...admin,
        operationId: 'list-gateway-calls',
        summary: 'The gateway audit: every relayed, refused or failed MCP request, newest first',
        querystring: {
          type: 'object',
          properties: {
            ...filterProperties,
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
            cursor: { type: 'string', maxLength: 20, description: '`metadata.nextCursor` of the previous page' },
          },
        },
        response: { 200: callListSchema },
      },
    },
    async (request, reply) => {
      const q = request.query;
      if (q.cursor !== undefined && !/^\d{1,15}$/.test(q.cursor)) {
        throw new InputError('ADMIN_BAD_CURSOR', 'Invalid cursor: use metadata.nextCursor of the previous page');
      }
      const rows = await options.list({ ...filterOf(q), ...(q.cursor !== undefined ? { beforeId: Number(q.cursor) } : {}) }, q.limit);
      const next = rows.length >= q.limit ? String(rows[rows.length - 1]!.id) : undefined;
      return reply.header('cache-control', 'no-store').send({ calls: rows.map(renderCall), metadata: { count: rows.length, ...(next ? { nextCursor: next } : {}) } });
    },
  );

  app.get(
    '/api/admin/gateway/calls.jsonl',
    {
      config: { permission: 'audit.read' },
      schema: {
        ...admin,
        operationId: 'export-gateway-calls',
        summary: 'The gateway audit as JSON Lines (one call per line, newest first), with the same filters, streamed',
        querystring: { type: 'object', properties: filterProperties },
      },
    },
    async (request, reply) => {
      const filter = filterOf(request.query);
      const log = request.log;
      async function* lines(): AsyncGenerator<string> {
        let beforeId: number | undefined;
        for (;;) {
          let rows: GatewayCallRow[];
          try {
            rows = await options.list({ ...filter, ...(beforeId !== undefined ? { beforeId } : {}) }, 1000);
          } catch (err) {
            // Headers are gone: the export ends early, and the log says why.
            log.error({ err }, 'gateway audit export failed');
            return;
          }
          if (rows.length === 0) return;
          yield rows.map((r) => `${JSON.stringify(renderCall(r))}\n`).join('');
          if (rows.length < 1000) return;
          beforeId = Number(rows[rows.length - 1]!.id);
        }
      }
      return reply
        .header('content-type', 'application/jsonl; charset=utf-8')
        .header('content-disposition', 'attachment; filename="gateway-calls.jsonl"')
        .header('cache-control', 'no-store')
        .send(Readable.from(lines()));
    },
  );
  app.get(
    '/api/admin/gateway/usage',
    {
      config: { permission: 'audit.read' },
      schema: {
        ...admin,
        operationId: 'gateway-usage',
        summary: 'Gateway usage over a window (30 days by default, 366 at most): calls per UTC day by server, top tools, calls by outcome',
        querystring: {
          type: 'object',
          properties: {
            since: { type: 'string', description: 'RFC 3339: count calls at or after this time (default: 30 days before `until`)' },
            until: { type: 'string', description: 'RFC 3339: count calls at or before this time (default: now)' },
            server: filterProperties.server,
          },
        },
        response: {
          200: usageRow({
            since: { type: 'string' },
            until: { type: 'string' },
            days: {
              type: 'array',
              description: `Calls per UTC day for the ${MAX_SERVERS} busiest servers; \`server: null\` counts every other server`,
              items: usageRow({ day: { type: 'string', format: 'date' }, server: { type: ['string', 'null'] }, calls }),
            },
            servers: { type: 'array', description: `The ${MAX_SERVERS} busiest servers, most calls first`, items: usageRow({ server: { type: 'string' }, calls }) },
            topTools: {
              type: 'array',
              description: `The ${MAX_TOOLS} most-called tools (\`tools/call\`), most calls first`,
              items: usageRow({ server: { type: 'string' }, tool: { type: 'string' }, calls }),
            },
            outcomes: { type: 'array', items: usageRow({ outcome: { type: 'string', enum: [...CALL_OUTCOMES] }, calls }) },
            totals: usageRow({ calls, ok: calls, errors: calls, denied: calls, rateLimited: calls }),
          }),
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const until = micros('until', q.until) ?? nowMicros();
      const since = micros('since', q.since) ?? until - DEFAULT_WINDOW_DAYS * DAY_MICROS;
      if (since > until) throw new InputError('GATEWAY_USAGE_BAD_WINDOW', 'Invalid window: since must be at or before until');
      if (until - since > MAX_WINDOW_DAYS * DAY_MICROS) {
        throw new InputError('GATEWAY_USAGE_WINDOW_TOO_LONG', `Invalid window: at most ${MAX_WINDOW_DAYS} days between since and until; ask for a shorter window`);
      }
      const usage = await options.usage({ since, until, ...(q.server !== undefined ? { server: q.server } : {}), maxServers: MAX_SERVERS, maxTools: MAX_TOOLS });
      const count = (pick: (outcome: string) => boolean) => usage.outcomes.reduce((n, o) => (pick(o.outcome) ? n + o.calls : n), 0);
      return reply.header('cache-control', 'no-store').send({
        since: formatTimestamp(since),
        until: formatTimestamp(until),
        days: usage.days.map((d) => ({ day: new Date(d.day * 86_400_000).toISOString().slice(0, 10), server: d.server, calls: d.calls })),
        servers: usage.servers,
        topTools: usage.topTools,
        outcomes: usage.outcomes,
        totals: {
          calls: usage.calls,
          ok: count((o) => o === 'ok'),
          errors: count((o) => FAILED.has(o)),
          denied: count((o) => o === 'denied'),
          rateLimited: count((o) => o === 'rate_limited'),
        },
      });
    },
  );
  done();
}
