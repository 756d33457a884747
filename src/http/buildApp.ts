/**
 * The HTTP interface: a Fastify app serving the official registry API under `/v0`
 * and `/v0.1`, the OpenAPI document and its docs page. It parses, calls planes and
 * renders; it holds no business rules.
 */
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import { InputError } from '../errors.js';
import type { RegistryTokens, AccessPolicy, IdentifyCaller, ApiTokens, DirectoryAdmin, ProofMethod } from '../access/index.js';
import { identifiedCallerId, installIdentifyCaller } from './callerOf.js';
import { prettyLogStream, type LogSink } from './prettyLogStream.js';
import { installRoutePermissions } from './routePermissions.js';
import { installRouteTable } from './routeTable.js';
import { routeSuggester } from './routeSuggester.js';
import { accessAdminRoutes } from './routes/accessAdminRoutes.js';
import { meRoutes } from './routes/meRoutes.js';
import type { Catalog } from '../catalog/index.js';
import { guardRequest, refuseMalformedRequest } from './guardRequest.js';
import { CONNECTIONS_CHECK_MS, limitSlowClients, type SlowClientLimits } from './limitSlowClients.js';
import { handleError, handleFrameworkError } from './handleError.js';
import { decorateOpenApi, officialSecuritySchemes } from './openapi/decorateOpenApi.js';
import { BODY_LIMIT } from './bodyLimit.js';
import { sendProblem } from './problem.js';
import { installWebUi, type WebUi } from './webUi.js';
import type { Metrics, TrackedFederation } from '../operations/index.js';
import { accessRuleRoutes, type AccessRuleRoutesOptions } from './routes/accessRuleRoutes.js';
import { adminRoutes } from './routes/adminRoutes.js';
import { authRoutes } from './routes/authRoutes.js';
import { federationRoutes } from './routes/federationRoutes.js';
import { gatewayAuditRoutes, type GatewayAuditRoutesOptions } from './routes/gatewayAuditRoutes.js';
import { notificationRoutes, type NotificationRoutesOptions } from './routes/notificationRoutes.js';
import { driftRoutes, type DriftRoutesOptions } from './routes/driftRoutes.js';
import { hostingRoutes, type HostingRoutesOptions } from './routes/hostingRoutes.js';
import { reviewRoutes, type ReviewRoutesOptions } from './routes/reviewRoutes.js';
import { governanceRoutes, type GovernanceRoutesOptions } from './routes/governanceRoutes.js';
import { createGatewayFront, type GatewayFront, type GatewayRouteOptions } from './gatewayFront.js';
import { connectionRoutes, type ConnectionRoutesOptions } from './routes/connectionRoutes.js';
import { upstreamSecretRoutes, type UpstreamSecretRoutesOptions } from './routes/upstreamSecretRoutes.js';
import { inventoryRoutes, type InventoryRoutesOptions } from './routes/inventoryRoutes.js';
import { metricsRoutes } from './routes/metricsRoutes.js';
import { moderationRoutes, type ModerationRoutesOptions } from './routes/moderationRoutes.js';
import { registryRoutes } from './routes/registryRoutes.js';
import { signInRoutes, type SignInRoutesOptions } from './routes/signInRoutes.js';

export interface AppOptions {
  catalog: Catalog;
  /** Who a request comes from (the access plane's credential resolvers). */
  identifyCaller: IdentifyCaller;
  cacheMaxAge: number;
  checkHealth: () => Promise<void>;
  version: { version: string; git_commit: string; build_time: string };
  logLevel?: string;
  /** `json` (one object per line, the default) or `pretty` (for a person at a terminal). */
  logFormat?: 'json' | 'pretty';
  /** Where log lines go (standard output by default; tests read them). */
  logStream?: LogSink;
  /** How long a client has to send a whole request head, from connecting or from a request's first byte (default 60 s). */
  headersTimeoutMs?: number;
  /** How long a client has to send a whole request, body included (default 300 s); answers are not bounded by it. */
  requestTimeoutMs?: number;
  githubClientId?: string;
  /** Namespace proofs exchanged for registry tokens at /auth/<method>. */
  publisherAuth: { tokens: RegistryTokens; methods: ProofMethod[]; blockedNamespaces: string[] };
  /** The federation admin API under /api/admin/sources and /api/admin/curations. */
  federation?: TrackedFederation;
  /** GET /metrics. */
  metrics?: Metrics;
  /** Browser sign-in (/auth/login, /auth/callback, /auth/logout, /api/session). */
  signIn?: SignInRoutesOptions;
  /** The access rules admin API under /api/admin/access. */
  accessRules?: AccessRuleRoutesOptions;
  /** People, groups and tokens: /api/me and /api/admin/{users,groups,tokens}. */
  access?: { directory: DirectoryAdmin; apiTokens: ApiTokens };
  /** The MCP relay at /mcp/{connection} (and /gateway/{server} when asked for), served ahead of the router. */
  gateway?: GatewayRouteOptions & { publicOrigin?: string };
  /** `private`: the registry read API needs `catalog.read` and shows what `accessPolicy` lets each caller discover. */
  catalogVisibility?: 'public' | 'private';
  accessPolicy?: AccessPolicy;
  /** The built web UI's directory (web/dist), served at `/`; without it `/` redirects to `/docs`. */
  webUiDir?: string;
  /** Told of every request as it arrives, before any other work (the inventory's probe pacing counts them). */
  onForegroundRequest?: () => void;
  /** Gateway connections (/api/me/connections, /api/me/servers, /api/admin/connections) and upstream secrets. */
  gatewayApi?: { connections: ConnectionRoutesOptions; secrets: UpstreamSecretRoutesOptions };
  /** Capabilities and health under /api/servers/{name}/…, probes under /api/admin/servers/{name}/…. */
  inventory?: InventoryRoutesOptions;
  /** Trust, owners and re-certification of servers (issue #21). */
  governance?: GovernanceRoutesOptions;
  /** The gateway audit under /api/admin/gateway/calls. */
  gatewayAudit?: GatewayAuditRoutesOptions;
  /** Pins and drift (`/api/admin/drift`, `/api/admin/servers/{name}/pin`). */
  drift?: DriftRoutesOptions;
  /** Hosting settings and hosted instances (`/api/admin/servers/{name}/hosting`, `/api/admin/hosting/instances`). */
  hosting?: HostingRoutesOptions;
  /** Reports and moderation (`/api/reports`, `/api/servers/{name}/block`). */
  moderation?: ModerationRoutesOptions;
  /** The webhook delivery log, "Needs attention" and owner notifications. */
  notifications?: NotificationRoutesOptions;
  /** The review queue and approval policy (issue #21). */
  reviews?: ReviewRoutesOptions;
}

/**
 * Deepest JSON nesting a body may have. Only publisher-provided `_meta` is
 * free-form and it is capped at 4 KB, so nothing deeper than this can ever be
 * published; refusing it at parse time keeps recursive code (JSON.stringify, the
 * validators) far from the stack limit.
 */
export const MAX_JSON_DEPTH = 2_100;

function nestedDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * The HTTP server: gateway paths go to the gateway front (set once the app
 * exists, if there is a gateway), everything else to Fastify's router. Keep-alive
 * and connection timeouts as Fastify sets them; slow clients limited.
 */
function serverWithFront(front: () => GatewayFront | undefined, limits: SlowClientLimits) {
  return (handler: (req: IncomingMessage, res: ServerResponse) => void, opts: FastifyServerOptions) => {
    const server = createServer({ connectionsCheckingInterval: CONNECTIONS_CHECK_MS }, (req, res) => {
      if (!front()?.handle(req, res)) handler(req, res);
    });
    server.keepAliveTimeout = opts.keepAliveTimeout ?? 72_000;
    server.setTimeout(opts.connectionTimeout ?? 0);
    limitSlowClients(server, limits);
    return server;
  };
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  let front: GatewayFront | undefined;
  const app = Fastify({
    serverFactory: serverWithFront(() => front, { headMs: options.headersTimeoutMs ?? 60_000, requestMs: options.requestTimeoutMs ?? 300_000 }),
    logger: {
      level: options.logLevel ?? 'info',
      redact: ['req.headers.authorization', 'req.headers.cookie', '*.adminToken', '*.password'],
      ...(options.logFormat === 'pretty' ? { stream: prettyLogStream(options.logStream) } : options.logStream ? { stream: options.logStream } : {}),
    },
    // One line per request, written once it is answered (see the onResponse hook), instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    // Server names are `%2F`-encoded path segments of up to 200 characters.
    routerOptions: { maxParamLength: 1024, ignoreDuplicateSlashes: false },
    ajv: { customOptions: { coerceTypes: true, useDefaults: true, removeAdditional: false, allErrors: true } },
    // Refusals raised before any hook (bad percent-encoding, unparseable requests)
    // still answer in the registry's problem shape.
    frameworkErrors: handleFrameworkError,
    clientErrorHandler: refuseMalformedRequest,
  });

  installRouteTable(app);
  app.addHook('onResponse', async (request, reply) => {
    const caller = await identifiedCallerId(request);
    request.log.info(
      {
        method: request.method,
        // The route's template, so ids and names in the URL neither flood the log nor leak into it.
        path: request.routeOptions.url ?? '(no route)',
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
        ...(caller !== undefined ? { caller } : {}),
      },
      'request',
    );
  });
  const onForegroundRequest = options.onForegroundRequest;
  if (onForegroundRequest)
    app.addHook('onRequest', (_request, _reply, done) => {
      onForegroundRequest();
      done();
    });
  app.addHook('onRequest', guardRequest);
  await app.register(cookie);
  installIdentifyCaller(app, options.identifyCaller);
  installRoutePermissions(app);
  app.setErrorHandler(handleError);
  let webUi: WebUi | undefined;
  const suggest = routeSuggester(app.routeTable);
  app.setNotFoundHandler(async (request, reply) => {
    if (webUi && (await webUi.sendPageFor(request, reply))) return reply;
    const path = (request.raw.url ?? '/').split('?')[0]!;
    const versioned = path.startsWith('/v0/') || path.startsWith('/v0.1/');
    const hints = versioned ? [] : suggest(request.method, path);
    const hint = hints.length ? ` Did you mean ${hints.map((h) => `'${h}'`).join(' or ')}?` : '';
    return sendProblem(reply, 'HTTP_ROUTE_NOT_FOUND', `Endpoint not found.${hint} See /docs for the API documentation.`);
  });

  // JSON bodies, parsed plainly: JSON.parse makes `__proto__` an ordinary own key,
  // which the shape check then refuses as an unexpected property. A missing
  // Content-Type is read as JSON, as Huma does. An empty body is no body, whatever
  // the Content-Type says (clients send `application/json` on body-less POSTs): it
  // is refused only where the route takes one, as Huma does (the registry's body
  // routes check their bodies themselves and refuse it in the same words).
  app.removeAllContentTypeParsers();
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined && request.routeOptions.schema?.body !== undefined) {
      throw new InputError('HTTP_EMPTY_BODY', 'request body is required');
    }
  });
  const parseJson = (_req: unknown, body: string, done: (err: Error | null, value?: unknown) => void) => {
    if (body === '') {
      done(null, undefined);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (err) {
      done(Object.assign(new Error(`request body is not valid JSON: ${(err as Error).message}`), { statusCode: 400 }));
      return;
    }
    if (nestedDeeperThan(body, MAX_JSON_DEPTH)) {
      done(Object.assign(new Error(`request body is nested too deeply (limit=${MAX_JSON_DEPTH} levels)`), { statusCode: 400 }));
      return;
    }
    // Valid JSON holds NUL only as a `\u0000` escape (one not itself escaped). No
    // server.json needs one and PostgreSQL text cannot store it.
    if (/(?<!\\)(?:\\\\)*\\u0000/.test(body)) {
      done(Object.assign(new Error('request body contains a NUL character (\\u0000); remove it'), { statusCode: 400 }));
      return;
    }
    done(null, value);
  };
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT }, parseJson);
  app.addContentTypeParser(/^application\/[\w.+-]+\+json$/, { parseAs: 'string', bodyLimit: BODY_LIMIT }, parseJson);
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (req, body, done) => {
    if (body === '') {
      done(null, undefined);
      return;
    }
    if (req.headers['content-type']) {
      done(Object.assign(new Error('unsupported content type'), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }));
      return;
    }
    parseJson(req, body as string, done);
  });

  await app.register(cors, {
    origin: '*',
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    exposedHeaders: ['Content-Type', 'Content-Length', 'ETag'],
    credentials: false,
    maxAge: 86_400,
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Toolshed MCP Registry',
        version: options.version.version,
        description: 'The official MCP Registry API (under both /v0 and /v0.1), served by Toolshed. Parameters marked `x-toolshed-extension` are Toolshed additions; official clients can ignore them.',
      },
      components: { securitySchemes: officialSecuritySchemes() },
      tags: [
        { name: 'servers', description: 'Discover MCP servers' },
        { name: 'publish', description: 'Publish and manage MCP servers' },
        { name: 'service', description: 'Health and build information' },
        { name: 'auth', description: 'Exchange a namespace ownership proof for a registry token' },
        { name: 'admin', description: 'Toolshed administration (registry administrators only)' },
        { name: 'me', description: 'The signed-in caller and their personal access tokens' },
        { name: 'access', description: 'People, groups and tokens (access.manage)' },
        { name: 'inventory', description: 'What each server version offers (capability snapshots) and its health; probes; pins and drift' },
        { name: 'governance', description: 'Keeping the registry alive: needs attention, governance webhooks and their delivery log' },
      ],
    },
    transformObject: (documentObject) =>
      ('openapiObject' in documentObject ? decorateOpenApi(documentObject.openapiObject as Parameters<typeof decorateOpenApi>[0]) : documentObject.swaggerObject) as never,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  const {
    logLevel: _logLevel,
    logFormat: _logFormat,
    logStream: _logStream,
    publisherAuth,
    identifyCaller: _identify,
    signIn: signInOptions,
    access,
    gateway: _gateway,
    webUiDir,
    gatewayApi,
    gatewayAudit,
    drift,
    notifications,
    reviews,
    ...routeOptions
  } = options;
  for (const prefix of ['/v0', '/v0.1']) {
    await app.register(registryRoutes, { prefix, ...routeOptions });
    await app.register(authRoutes, { prefix, ...publisherAuth });
  }
  await app.register(adminRoutes, { catalog: options.catalog });
  await app.register(signInRoutes, signInOptions ?? {});
  if (options.federation) await app.register(federationRoutes, { federation: options.federation });
  if (options.metrics) await app.register(metricsRoutes, { metrics: options.metrics });
  if (options.accessRules) await app.register(accessRuleRoutes, options.accessRules);
  if (access) {
    await app.register(meRoutes, access);
    await app.register(accessAdminRoutes, access);
  }
  if (options.gateway) front = createGatewayFront({ ...options.gateway, identifyCaller: options.identifyCaller, log: app.log });
  if (gatewayApi) {
    await app.register(connectionRoutes, gatewayApi.connections);
    await app.register(upstreamSecretRoutes, gatewayApi.secrets);
  }
  if (gatewayAudit) await app.register(gatewayAuditRoutes, gatewayAudit);
  if (drift) await app.register(driftRoutes, drift);
  if (options.hosting) await app.register(hostingRoutes, options.hosting);
  if (notifications) await app.register(notificationRoutes, notifications);
  if (reviews) await app.register(reviewRoutes, reviews);
  if (options.inventory) await app.register(inventoryRoutes, options.inventory);
  if (options.moderation) await app.register(moderationRoutes, options.moderation);
  if (options.governance) await app.register(governanceRoutes, options.governance);

  app.get('/openapi.json', { schema: { hide: true } }, async (_request, reply) => reply.header('content-type', 'application/json').send(JSON.stringify(app.swagger())));
  if (webUiDir) webUi = await installWebUi(app, webUiDir);
  else app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/docs', 302));

  return app;
}
