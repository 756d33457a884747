/**
 * The bridge of one instance: streamable HTTP on a Unix socket in Toolshed's
 * data directory (never inside any sandbox), relayed to the instance's stdio.
 * Only the gateway reaches it: the socket is no network address the outbound
 * guard could be asked to allow, and every request must carry the instance's
 * secret header.
 *
 * A stdio server has one session, so the bridge multiplexes: it initializes the
 * process itself when it starts (the start-up timeout bounds that), answers every
 * client's `initialize` from that result (with the client's protocol version when
 * the SDK knows it), gives each its own session id, and rewrites JSON-RPC ids both
 * ways so answers reach the session that asked. What the server sends on its own
 * goes only where it belongs, or nowhere (sessions may be different people's, in a
 * shared instance): a progress notification to the session whose call carried its
 * (rewritten) progress token; a `list_changed` notification to every session; any
 * other notification, and a request from the server (sampling, elicitation, roots),
 * to the one session with calls in flight (or the only session), else it is
 * dropped, and a request answered with an error. The bridge answers the server's
 * `ping` itself. Calls are answered as JSON; a client that goes away cancels its
 * calls in the process.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { rmSync } from 'node:fs';
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';

export const BRIDGE_SECRET_HEADER = 'x-toolshed-bridge';
const MAX_BODY = 4 * 1024 * 1024;
const MAX_IN_FLIGHT = 256;

type Json = Record<string, unknown>;
type Id = string | number;

export interface BridgeHooks {
  /** The process is running (started again after a crash when its backoff allows), or why not. */
  ready(): Promise<{ ok: true } | { ok: false; reason: string }>;
  send(message: Json): void;
  touch(): void;
}

export interface StdioBridge {
  readonly socketPath: string;
  readonly secret: string;
  listen(): Promise<void>;
  /** A message from the process's stdout. */
  fromServer(message: Json): void;
  /** Initializes a freshly started process; rejects after `timeoutMs`. */
  initialize(timeoutMs: number, clientVersion: string): Promise<void>;
  /** Calls waiting for the process's answer. */
  inFlight(): number;
  /** The process ended: pending calls fail with `reason`, sessions end (clients initialize again). */
  reset(reason: string): void;
  close(): Promise<void>;
}

interface Session {
  streams: Set<ServerResponse>;
}

interface Pending {
  session: string | null;
  id: Id;
  /** The client's own progress token, when its request carried one (the server sees `bp-<bridge id>`). */
  progress?: Id;
  resolve(message: Json): void;
}

const rpcError = (id: Id | null, code: number, message: string): Json => ({ jsonrpc: '2.0', id, error: { code, message } });

export function createStdioBridge(socketPath: string, hooks: BridgeHooks): StdioBridge {
  const secret = randomBytes(32).toString('base64url');
  const secretBuf = Buffer.from(secret);
  const sessions = new Map<string, Session>();
  const pending = new Map<number, Pending>();
  const serverRequests = new Map<string, { id: Id; session: string }>();
  let initResult: Json | undefined;
  let nextId = 1;
  let nextServerRequest = 1;
  const PROGRESS_PREFIX = 'bp-';

  /** The one session what the server says on its own can belong to: the only one with calls in flight, else the only one. */
  const soleSession = (): string | undefined => {
    const busy = new Set<string>();
    for (const p of pending.values()) if (p.session !== null) busy.add(p.session);
    if (busy.size === 1) return [...busy][0];
    if (busy.size === 0 && sessions.size === 1) return [...sessions.keys()][0];
    return undefined;
  };
  const toSession = (session: string | undefined, message: Json) => {
    for (const stream of (session !== undefined ? sessions.get(session)?.streams : undefined) ?? []) sendEvent(stream, message);
  };

  const authorized = (req: IncomingMessage) => {
    const given = Buffer.from(String(req.headers[BRIDGE_SECRET_HEADER] ?? ''));
    return given.length === secretBuf.length && timingSafeEqual(given, secretBuf);
  };

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const call = (session: string | null, message: Json, res: ServerResponse | undefined): Promise<Json> =>
    new Promise((resolve) => {
      const id = message.id as Id;
      if (pending.size >= MAX_IN_FLIGHT) return resolve(rpcError(id, -32000, `The hosted server has ${MAX_IN_FLIGHT} calls in flight; try again shortly`));
      const bridgeId = nextId++;
      const params = message.params as Json | undefined;
      const meta = params?._meta as Json | undefined;
      const progress = meta?.progressToken as Id | undefined;
      pending.set(bridgeId, { session, id, resolve, ...(progress !== undefined ? { progress } : {}) });
      // The server sees a token of the bridge's, so its progress can only reach this call's session.
      if (progress !== undefined) message = { ...message, params: { ...params, _meta: { ...meta, progressToken: `${PROGRESS_PREFIX}${bridgeId}` } } };
      res?.on('close', () => {
        if (!pending.delete(bridgeId)) return;
        hooks.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: bridgeId, reason: 'The client went away' } });
      });
      hooks.send({ ...message, id: bridgeId });
    });

  const bridgeIdOf = (session: string, clientId: unknown): number | undefined => {
    for (const [bridgeId, p] of pending) if (p.session === session && p.id === clientId) return bridgeId;
    return undefined;
  };

  async function handleMessage(message: Json, sessionId: string | undefined, res: ServerResponse, created: { id?: string }): Promise<Json | undefined> {
    const isRequest = typeof message.method === 'string' && message.id !== undefined && message.id !== null;
    const isNotification = typeof message.method === 'string' && (message.id === undefined || message.id === null);
    if (message.method === 'initialize' && isRequest) {
      const id = randomBytes(18).toString('base64url');
      sessions.set(id, { streams: new Set() });
      created.id = id;
      const asked = (message.params as Json | undefined)?.protocolVersion;
      const protocolVersion = typeof asked === 'string' && SUPPORTED_PROTOCOL_VERSIONS.includes(asked) ? asked : initResult?.protocolVersion;
      return { jsonrpc: '2.0', id: message.id as Id, result: { ...initResult, protocolVersion } };
    }
    const session = sessionId ?? created.id;
    if (!session || !sessions.has(session)) return isRequest ? rpcError(message.id as Id, -32001, 'Session not found: initialize again') : undefined;
    if (isNotification) {
      if (message.method === 'notifications/initialized') return undefined;
      if (message.method === 'notifications/cancelled') {
        const bridgeId = bridgeIdOf(session, (message.params as Json | undefined)?.requestId);
        if (bridgeId === undefined) return undefined;
        pending.delete(bridgeId);
        hooks.send({ ...message, params: { ...(message.params as Json), requestId: bridgeId } });
        return undefined;
      }
      hooks.send(message);
      return undefined;
    }
    if (isRequest) return call(session, message, res);
    // A client's answer to a server request: back to the id the server used.
    const asked = serverRequests.get(String(message.id));
    if (asked && asked.session === session) {
      serverRequests.delete(String(message.id));
      hooks.send({ ...message, id: asked.id });
    }
    return undefined;
  }

  async function onPost(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY) return json(res, 413, rpcError(null, -32600, `The request is larger than ${MAX_BODY} bytes`));
      chunks.push(chunk);
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return json(res, 400, rpcError(null, -32700, 'The request body is not JSON'));
    }
    const batch = Array.isArray(body);
    const messages = (batch ? body : [body]) as unknown[];
    if (messages.length === 0 || messages.some((m) => m === null || typeof m !== 'object' || Array.isArray(m))) {
      return json(res, 400, rpcError(null, -32600, 'The request must be a JSON-RPC message or a batch of them'));
    }
    const sessionId = typeof req.headers['mcp-session-id'] === 'string' ? req.headers['mcp-session-id'] : undefined;
    if (sessionId !== undefined && !sessions.has(sessionId)) return json(res, 404, rpcError(null, -32001, 'Session not found: initialize again'));
    const created: { id?: string } = {};
    const answers: Json[] = [];
    for (const message of messages as Json[]) {
      const answer = await handleMessage(message, sessionId, res, created);
      if (answer) answers.push(answer);
    }
    if (res.destroyed) return;
    const headers: Record<string, string> = created.id ? { 'mcp-session-id': created.id } : {};
    if (answers.length === 0) {
      res.writeHead(202, headers);
      return res.end();
    }
    json(res, 200, batch ? answers : answers[0], headers);
  }

  function onGet(req: IncomingMessage, res: ServerResponse) {
    const session = sessions.get(String(req.headers['mcp-session-id'] ?? ''));
    if (!session) return json(res, 404, rpcError(null, -32001, 'Session not found: initialize again'));
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(': stream\n\n');
    session.streams.add(res);
    res.on('close', () => session.streams.delete(res));
  }

  const server: Server = createServer((req, res) => {
    if (!authorized(req)) return json(res, 403, rpcError(null, -32000, 'This bridge answers only the gateway'));
    void (async () => {
      const ready = await hooks.ready();
      if (!ready.ok) return json(res, 503, rpcError(null, -32000, ready.reason));
      hooks.touch();
      if (req.method === 'POST') return onPost(req, res);
      if (req.method === 'GET') return onGet(req, res);
      if (req.method === 'DELETE') {
        const id = String(req.headers['mcp-session-id'] ?? '');
        const session = sessions.get(id);
        for (const stream of session?.streams ?? []) stream.end();
        sessions.delete(id);
        res.writeHead(session ? 200 : 404);
        return res.end();
      }
      res.writeHead(405, { allow: 'GET, POST, DELETE' });
      res.end();
    })().catch(() => {
      if (!res.headersSent) json(res, 500, rpcError(null, -32603, 'The bridge failed to handle the request'));
      else res.destroy();
    });
  });

  const sendEvent = (stream: ServerResponse, message: Json) => stream.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);

  return {
    socketPath,
    secret,
    listen() {
      rmSync(socketPath, { force: true });
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(socketPath, () => resolve());
      });
    },
    fromServer(message) {
      const isResponse = message.method === undefined && message.id !== undefined && message.id !== null;
      if (isResponse) {
        const p = pending.get(message.id as number);
        if (!p) return;
        pending.delete(message.id as number);
        p.resolve({ ...message, id: p.id });
        return;
      }
      if (typeof message.method !== 'string') return;
      if (message.id === undefined || message.id === null) {
        if (message.method === 'notifications/progress') {
          const params = message.params as Json | undefined;
          const token = params?.progressToken;
          const p = typeof token === 'string' && token.startsWith(PROGRESS_PREFIX) ? pending.get(Number(token.slice(PROGRESS_PREFIX.length))) : undefined;
          if (p?.session && p.progress !== undefined) toSession(p.session, { ...message, params: { ...params, progressToken: p.progress } });
          return;
        }
        if (message.method.endsWith('/list_changed')) {
          for (const session of sessions.values()) for (const stream of session.streams) sendEvent(stream, message);
          return;
        }
        toSession(soleSession(), message);
        return;
      }
      if (message.method === 'ping') return hooks.send({ jsonrpc: '2.0', id: message.id as Id, result: {} });
      const target = soleSession();
      const stream = target !== undefined ? [...(sessions.get(target)?.streams ?? [])][0] : undefined;
      if (target === undefined || !stream) return hooks.send(rpcError(message.id as Id, -32601, 'No single client this request could be for is listening'));
      const sid = `srv-${nextServerRequest++}`;
      serverRequests.set(sid, { id: message.id as Id, session: target });
      sendEvent(stream, { ...message, id: sid });
    },
    async initialize(timeoutMs, clientVersion) {
      let timer: NodeJS.Timeout | undefined;
      const answer = await Promise.race([
        call(
          null,
          {
            jsonrpc: '2.0',
            id: 0,
            method: 'initialize',
            params: { protocolVersion: SUPPORTED_PROTOCOL_VERSIONS[0], capabilities: {}, clientInfo: { name: 'toolshed-bridge', version: clientVersion } },
          },
          undefined,
        ),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('start-timeout')), timeoutMs))),
      ]).finally(() => clearTimeout(timer));
      if (!answer.result || typeof answer.result !== 'object')
        throw new Error(`the server refused initialize: ${JSON.stringify((answer.error as Json | undefined)?.message ?? 'no result').slice(0, 200)}`);
      initResult = answer.result as Json;
      hooks.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    },
    inFlight: () => pending.size,
    reset(reason) {
      for (const [id, p] of pending) {
        pending.delete(id);
        p.resolve(rpcError(p.id, -32000, reason));
      }
      for (const session of sessions.values()) for (const stream of session.streams) stream.end();
      sessions.clear();
      serverRequests.clear();
      initResult = undefined;
    },
    async close() {
      this.reset('The hosted server was stopped');
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(socketPath, { force: true });
    },
  };
}
