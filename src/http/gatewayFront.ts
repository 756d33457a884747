/**
 * The gateway's HTTP front, ahead of the application's router: requests to
 * gateway paths are answered here on Node's request and response, and every
 * other request goes on to Fastify. The relay is the hot path of a deployment,
 * so it skips what it does not need (routing tables, hooks, reply objects,
 * content-type parsers) and does what it needs itself: CORS, a bounded body,
 * the caller, and JSON-RPC-shaped refusals MCP clients can read.
 *
 * Connections: `/mcp/{connection}` (streamable HTTP) and `/mcp/{connection}/sse`
 * + `/messages` (legacy HTTP+SSE), authenticated by the owner's bearer token (or
 * session), or, for a capability connection, by the secret in the URL
 * (`/mcp/{connection}/{secret}[/sse|/messages]`). What the connection, the
 * caller and the credentials resolved to is kept for at most a second and dropped
 * by any change to the request-context cache or the catalog (resolvedCallCache.ts);
 * the access rules are decided on every message. So a revocation or a rule change
 * applies to the next message. With
 * `serverRoutes`, also `/gateway/{server}/{mcp|sse|messages}` for any signed-in
 * caller (tests and administrators' diagnostics; off in `toolshed serve`).
 *
 * A path that is not one of these (a trailing slash, a NUL byte, another
 * segment count) is left to the application, which redirects or answers 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fastifyCookie } from '@fastify/cookie';
import { type Caller, type Directory, type IdentifyCaller, type Permission, SESSION_COOKIE_NAMES } from '../access/index.js';
import { AuthError, ToolshedError } from '../errors.js';
import {
  type CatalogServer,
  type FindCatalogServer,
  createConnectionTargets,
  type HostedUpstreams,
  type GatewayConnections,
  createListenOpenings,
  type Gateway,
  type RelayCall,
  type UpstreamTransport,
  resolveUpstream,
  type UpstreamSecrets,
  type Upstream,
  errorResponse,
  INTERNAL_ERROR,
  INVALID_REQUEST,
  noteReason,
  reasonOf,
  sendJson,
  sendProblem,
} from '../gateway/index.js';
import { sha256Hex } from '../sha256Hex.js';
import { matchGatewayPath, type GatewayPath } from './gatewayPaths.js';
import { createResolvedCallCache, type ResolvedCallCacheOptions } from './resolvedCallCache.js';

export interface GatewayRouteOptions {
  gateway: Gateway;
  findServer: FindCatalogServer;
  connections: GatewayConnections;
  secrets: UpstreamSecrets;
  directory: Pick<Directory, 'callerForUser'>;
  /** Signed identity headers for the servers this matches. */
  identity?: { key: Buffer; appliesTo(server: string): boolean };
  /** Package servers hosted as sandboxed instances (issue #22); absent when hosting is off. */
  hosted?: HostedUpstreams;
  /** Also serve `/gateway/{server}/…` for any signed-in caller, with these upstream headers. */
  serverRoutes?: { upstreamHeaders?(server: string): Record<string, string> };
  /** Largest request body, in bytes. */
  bodyLimit?: number;
  /** How fresh what a connection and a credential resolved to must be (see resolvedCallCache.ts). */
  resolvedCalls: ResolvedCallCacheOptions;
}

export interface GatewayFrontOptions extends GatewayRouteOptions {
  identifyCaller: IdentifyCaller;
  /** The public origin (`https://toolshed.example.com`): browsers on other origins may not use a session cookie here. */
  publicOrigin?: string;
  /** Other browser origins whose pages may call the gateway (with a token); a request naming any other Origin is refused. */
  allowedOrigins?: string[];
  log: {
    error(details: Record<string, unknown>, message: string): void;
    warn(details: Record<string, unknown>, message: string): void;
    info(details: Record<string, unknown>, message: string): void;
  };
}

export interface GatewayFront {
  /** Answers the request when its path is a gateway path and returns true; false leaves it to the application. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}

const CHALLENGE = 'Bearer realm="toolshed-gateway"';
const METHODS = 'GET, POST, DELETE, OPTIONS';
/** What browsers may read of a relayed answer (MCP's own headers, the challenge and the back-off). */
const EXPOSED = 'mcp-session-id, mcp-protocol-version, www-authenticate, retry-after';
/** Nothing a gateway answer holds is rendered, run or sniffed as a document on Toolshed's origin. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; sandbox";

class Refusal {
  constructor(
    readonly status: number,
    readonly message: string,
    readonly headers: Record<string, string> = {},
  ) {}
}

function rpcError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  noteReason(res, message);
  sendJson(res, status, errorResponse(null, status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST, message), { ...headers, 'cache-control': 'no-store' });
}

const connectionNotFound = () => new Refusal(404, 'Connection not found: it does not exist or was revoked. Create one at /api/me/connections');

/**
 * What a connection and a credential resolved to, before identity headers
 * (signed per call): kept for the next message with the same credential from
 * the same address on the same connection (see resolvedCallCache.ts).
 */
interface ResolvedConnection {
  connection: NonNullable<Awaited<ReturnType<GatewayConnections['active']>>>;
  caller: Caller;
  server: CatalogServer;
  upstream: Upstream;
}

/** A capability URL's caller: the owner, allowed to connect and nothing else. */
function capabilityCaller(owner: Caller): Caller {
  const permissions = new Set<Permission>(owner.permissions.has('gateway.connect') ? ['gateway.connect'] : []);
  return { ...owner, permissions };
}

/** The path's template for the request log: no connection id, server name or secret in it. */
function templateOf(path: GatewayPath): string {
  const tail = path.endpoint === 'mcp' ? '' : `/${path.endpoint}`;
  if (path.kind === 'server') return `/gateway/{server}/${path.endpoint}`;
  return `/mcp/{connection}${path.secret !== undefined ? '/{secret}' : ''}${tail}`;
}

/** What the request log line says beyond the HTTP basics, filled in as the request is resolved. */
interface Seen {
  caller?: string;
  server?: string;
  connection?: string;
}

/** The transport a path speaks and the methods it takes. */
function transportOf(path: GatewayPath): { transport: UpstreamTransport; methods: string } {
  if (path.endpoint === 'sse') return { transport: 'sse', methods: 'GET' };
  if (path.endpoint === 'messages') return { transport: 'sse', methods: 'POST' };
  return { transport: 'streamable-http', methods: 'GET, POST, DELETE' };
}

export function createGatewayFront(options: GatewayFrontOptions): GatewayFront {
  const bodyLimit = options.bodyLimit ?? 4 * 1024 * 1024;
  const { connections, secrets, findServer, log } = options;
  const upstreamHeaders = options.serverRoutes?.upstreamHeaders;
  const targets = createConnectionTargets({ findServer, secrets, identity: options.identity, log, hosted: options.hosted });
  const allowedOrigins = new Set([...(options.publicOrigin ? [options.publicOrigin] : []), ...(options.allowedOrigins ?? [])]);

  /** The caller the request's credentials name (null when it sends none); a bad credential is a 401. */
  async function callerOf(req: IncomingMessage): Promise<{ caller: Caller | null; byCookie: boolean }> {
    const byCookie = !req.headers.authorization && req.headers.cookie !== undefined;
    try {
      const caller = await options.identifyCaller({
        method: req.method ?? 'GET',
        headers: req.headers,
        cookies: byCookie ? fastifyCookie.parse(req.headers.cookie!) : {},
        ip: req.socket.remoteAddress ?? '',
      });
      return { caller, byCookie };
    } catch (err) {
      if (err instanceof AuthError) throw new Refusal(401, err.message, { 'www-authenticate': `${CHALLENGE}, error="invalid_token"` });
      // A session's request that fails the CSRF check (another origin, no X-CSRF-Token), and the like.
      if (err instanceof ToolshedError && err.status >= 400 && err.status < 500) throw new Refusal(err.status, err.message);
      throw err;
    }
  }

  /**
   * A session cookie is ambient: a page on another origin could make the browser send it.
   * Requests that authenticate by cookie must come from Toolshed's own origin (or carry none);
   * state-changing ones also pass the session's CSRF check (X-CSRF-Token) in the resolver.
   * Sessions exist only with sign-in, which needs TOOLSHED_PUBLIC_URL, so `publicOrigin` is set.
   */
  function checkOrigin(req: IncomingMessage): void {
    const origin = req.headers.origin;
    if (origin === undefined || origin === options.publicOrigin) return;
    throw new Refusal(403, `Requests from ${origin} may not use a Toolshed session: send Authorization: Bearer <personal access token with the gateway scope>`);
  }

  const resolvedCalls = createResolvedCallCache<ResolvedConnection>(options.resolvedCalls);

  /** The cache key of a request on a connection: the credential by its hash, never in clear. */
  function resolutionKey(req: IncomingMessage, path: GatewayPath & { kind: 'connection' }, transport: UpstreamTransport, ip: string): string | undefined {
    const credential = path.secret ?? req.headers.authorization;
    if (credential === undefined || credential === '') return undefined;
    return `${path.connection}\n${transport}\n${ip}\n${path.secret !== undefined ? 'url' : 'bearer'}:${sha256Hex(credential)}`;
  }

  async function connectionCall(req: IncomingMessage, path: GatewayPath & { kind: 'connection' }, transport: UpstreamTransport): Promise<Omit<RelayCall, 'req' | 'res' | 'body'>> {
    const ip = req.socket.remoteAddress ?? '';
    const key = resolutionKey(req, path, transport, ip);
    let resolved = key !== undefined ? resolvedCalls.lookup(key) : undefined;
    if (!resolved) {
      const observed = resolvedCalls.observe();
      resolved = await resolveConnection(req, path, transport);
      const { via, tokenExpiresAt } = resolved.caller;
      // Only what a personal token or a capability URL resolved to: a session or a signed token has its own lifetime rules.
      if (key !== undefined && (via === 'personal-token' || via === 'capability-url')) {
        resolvedCalls.remember(key, resolved, observed, tokenExpiresAt !== undefined ? tokenExpiresAt / 1000 : undefined);
      }
    }
    const { connection, caller, server } = resolved;
    // Identity headers are signed per message, on top of the kept resolution's headers.
    const upstream = targets.withIdentity(resolved.upstream, server.name, caller);
    connections.recordUse(connection, ip)?.catch((err: unknown) => log.warn({ err }, 'recording a connection use failed'));
    return { upstream, caller, connection: { id: connection.id, label: connection.label } };
  }

  /** The connection and its caller (authenticated here), then where it leads (the gateway plane's connection targets). */
  async function resolveConnection(req: IncomingMessage, path: GatewayPath & { kind: 'connection' }, transport: UpstreamTransport): Promise<ResolvedConnection> {
    const connection = await connections.active(path.connection);
    if (!connection) throw connectionNotFound();
    let caller: Caller;
    if (path.secret !== undefined) {
      if (!connections.capabilityMatches(connection, path.secret)) throw connectionNotFound();
      const owner = await options.directory.callerForUser(connection.userId, 'capability-url');
      if (!owner) throw new Refusal(403, 'The owner of this connection is disabled or no longer exists');
      caller = capabilityCaller(owner);
    } else {
      const found = await callerOf(req);
      if (!found.caller) throw new Refusal(401, 'Authentication required: send Authorization: Bearer <personal access token with the gateway scope>', { 'www-authenticate': CHALLENGE });
      if (found.byCookie) checkOrigin(req);
      if (found.caller.id !== connection.userId) throw new Refusal(403, 'This connection belongs to someone else: create your own at /api/me/connections');
      caller = found.caller;
    }
    if (!caller.permissions.has('gateway.connect')) {
      throw new Refusal(403, 'This needs the permission "gateway.connect": use a token with the gateway scope', { 'www-authenticate': `${CHALLENGE}, error="insufficient_scope", scope="gateway"` });
    }
    const target = await targets.targetOf(connection, transport);
    if (!target.ok) throw new Refusal(target.problem === 'secrets' ? 502 : target.problem === 'hosted' ? 503 : 404, target.reason);
    return { connection, caller, server: target.server, upstream: target.upstream };
  }

  async function serverCall(req: IncomingMessage, path: GatewayPath & { kind: 'server' }, transport: UpstreamTransport): Promise<Omit<RelayCall, 'req' | 'res' | 'body'>> {
    const found = await callerOf(req);
    if (!found.caller) {
      const stale = found.byCookie && SESSION_COOKIE_NAMES.some((name) => fastifyCookie.parse(req.headers.cookie ?? '')[name]);
      throw new Refusal(401, stale ? 'Your session has expired or was signed out: sign in again at /auth/login' : 'Authentication required: sign in, or send Authorization: Bearer <token>', {
        'www-authenticate': CHALLENGE,
      });
    }
    if (found.byCookie) checkOrigin(req);
    const server = await findServer(path.server);
    if (!server) throw new Refusal(404, `No server named '${path.server}' in the catalog`);
    const resolved = resolveUpstream(server.doc, transport, upstreamHeaders?.(server.name) ?? {});
    if (!resolved.ok) throw new Refusal(404, resolved.reason);
    return { upstream: resolved.upstream, caller: found.caller };
  }

  /**
   * The request body, at most `bodyLimit` bytes; null when larger (a 413 sent) or
   * when the client went away mid-body or was cut by the request timeout (nothing
   * to answer, and not a relay failure).
   */
  function readBody(req: IncomingMessage, res: ServerResponse): Promise<Buffer | null> {
    const declared = Number(req.headers['content-length']);
    if (declared > bodyLimit) return Promise.resolve(tooLarge(req, res));
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > bodyLimit) {
          req.removeAllListeners('data');
          resolve(tooLarge(req, res));
          return;
        }
        chunks.push(chunk);
      });
      req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
      req.once('error', () => resolve(null));
    });
  }

  function tooLarge(req: IncomingMessage, res: ServerResponse): null {
    res.setHeader('connection', 'close');
    rpcError(res, 413, `The request body is larger than the gateway's limit of ${bodyLimit} bytes`);
    req.resume();
    return null;
  }

  /** One line per gateway request, once it ends: refusals and failures at warn, with their reason. */
  function logRequest(req: IncomingMessage, res: ServerResponse, template: string, started: number, seen: Seen): void {
    const reason = reasonOf(res);
    const line = {
      method: req.method,
      path: template,
      status: res.statusCode,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      ...(seen.caller !== undefined ? { caller: seen.caller } : {}),
      ...(seen.server !== undefined ? { server: seen.server } : {}),
      ...(seen.connection !== undefined ? { connection: seen.connection } : {}),
      ...(res.writableFinished ? {} : { aborted: true }),
      ...(reason !== undefined ? { reason } : {}),
    };
    if (reason !== undefined) log.warn(line, 'gateway request refused or failed');
    else log.info(line, 'gateway request');
  }

  const listenOpenings = createListenOpenings();

  /**
   * The order the client set on a session, taken as requests arrive (before
   * anything is awaited): a GET listen stream is marked as opening until its
   * upstream answers or it ends; a POST takes what it must wait for.
   */
  function orderOf(req: IncomingMessage, res: ServerResponse, path: GatewayPath): Pick<RelayCall, 'after' | 'listenOpened'> {
    const session = path.endpoint === 'mcp' ? req.headers['mcp-session-id'] : undefined;
    if (typeof session !== 'string' || session === '') return {};
    const key = `${path.base}\n${session}`;
    if (req.method === 'GET') {
      const listenOpened = listenOpenings.begin(key);
      res.once('close', listenOpened);
      return { listenOpened };
    }
    const after = req.method === 'POST' ? listenOpenings.pending(key) : undefined;
    return after ? { after } : {};
  }

  async function serve(req: IncomingMessage, res: ServerResponse, path: GatewayPath, seen: Seen, order: Pick<RelayCall, 'after' | 'listenOpened'>): Promise<void> {
    const method = req.method ?? 'GET';
    const { transport, methods } = transportOf(path);
    if (!methods.includes(method)) {
      res.setHeader('allow', `${methods}, OPTIONS`);
      return rpcError(res, 405, `Method not allowed: this endpoint takes ${methods}`);
    }
    // The caller comes from the headers (or the URL's secret) alone: a refused request's body is never read.
    let call: Omit<RelayCall, 'req' | 'res' | 'body'>;
    try {
      call = path.kind === 'connection' ? await connectionCall(req, path, transport) : await serverCall(req, path, transport);
    } catch (err) {
      if (err instanceof Refusal) throw err;
      log.error({ err }, 'the gateway could not resolve a connection');
      throw new Refusal(503, 'The gateway cannot serve this request right now (its database did not answer); retry shortly', { 'retry-after': '1' });
    }
    seen.caller = call.caller.id;
    seen.server = call.upstream.server;
    if (call.connection) seen.connection = call.connection.id;
    const body = method === 'POST' ? await readBody(req, res) : undefined;
    if (body === null) return;
    const relayCall: RelayCall = { ...call, ...order, req, res, ...(body ? { body } : {}) };
    const { gateway } = options;
    if (path.endpoint === 'mcp') return gateway.streamableHttp(relayCall);
    if (path.endpoint === 'sse') return gateway.sseStream({ ...relayCall, messagePath: `${path.base}/messages` });
    return gateway.sseMessage({ ...relayCall, session: path.session ?? '' });
  }

  function preflight(req: IncomingMessage, res: ServerResponse): void {
    const requested = req.headers['access-control-request-headers'];
    res.writeHead(204, {
      'access-control-allow-methods': METHODS,
      ...(requested ? { 'access-control-allow-headers': requested } : {}),
      'access-control-max-age': '86400',
      vary: 'Access-Control-Request-Headers',
      'content-length': '0',
    });
    res.end();
  }

  return {
    handle(req, res) {
      const path = matchGatewayPath(req.url ?? '/', options.serverRoutes !== undefined);
      if (!path) return false;
      res.setHeader('access-control-allow-origin', '*');
      res.setHeader('access-control-expose-headers', EXPOSED);
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
      const started = performance.now();
      const seen: Seen = {};
      res.once('close', () => logRequest(req, res, path === 'bad-encoding' ? '(bad encoding)' : templateOf(path), started, seen));
      // A page on another origin (or a DNS-rebound name) may not drive the gateway; native clients send no Origin.
      const origin = req.headers.origin;
      if (origin !== undefined && !allowedOrigins.has(origin)) {
        sendProblem(
          res,
          'GATEWAY_ORIGIN_REFUSED',
          `Pages on ${origin.slice(0, 200)} may not call this gateway: an administrator can allow a browser-based MCP client's origin with TOOLSHED_GATEWAY_ALLOWED_ORIGINS`,
        );
        return true;
      }
      if (path === 'bad-encoding') {
        rpcError(res, 400, 'The URL is not valid: a path segment is not valid percent-encoding');
        return true;
      }
      if (req.method === 'OPTIONS') {
        preflight(req, res);
        return true;
      }
      serve(req, res, path, seen, orderOf(req, res, path)).catch((err: unknown) => {
        if (err instanceof Refusal) {
          // A body left unread is not drained: the connection closes after the answer.
          if (!req.complete) res.setHeader('connection', 'close');
          return rpcError(res, err.status, err.message, err.headers);
        }
        log.error({ err }, 'gateway relay failed');
        rpcError(res, 502, 'The gateway could not relay this request');
      });
      return true;
    },
  };
}
