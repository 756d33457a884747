/**
 * Real MCP servers on loopback for the gateway tests, built with the SDKs:
 * v1 streamable HTTP (stateful with sessions, or stateless), a v1 low-level
 * server with a paginated tools/list answering plain JSON, a v1 legacy
 * HTTP+SSE server, and a v2 server speaking both eras. Each records the HTTP
 * requests it receives (method, headers, parsed body) and the tools it ran, so
 * tests can prove what did and did not reach the upstream.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, isInitializeRequest, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { createMcpHandler, McpServer as McpServerV2 } from '@modelcontextprotocol/server';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { z } from 'zod';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** Lets a test hold a tool between steps: the tool waits for `release(n)` before step n+1. */
export class Gate {
  private released = 0;
  private waiters: Array<{ n: number; resolve: () => void }> = [];
  release(n: number): void {
    this.released = Math.max(this.released, n);
    this.waiters = this.waiters.filter((w) => (w.n <= this.released ? (w.resolve(), false) : true));
  }
  wait(n: number): Promise<void> {
    if (n <= this.released) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }
}

export interface TestUpstream {
  url: string;
  requests: RecordedRequest[];
  /** Tools run, in order. */
  ran: string[];
  /** Sessions ended by DELETE. */
  closedSessions: string[];
  gate: Gate;
  /** The `crash` tool kills every connection once released. */
  crashGate: Gate;
  close(): Promise<void>;
}

interface State {
  ran: string[];
  gate: Gate;
  crashGate: Gate;
  sockets: Set<Socket>;
}

/** The tools, prompts and resources every v1 test server offers. */
function v1Server(state: State): McpServer {
  const server = new McpServer({ name: 'upstream-v1', version: '1.0.0' });
  server.registerTool('echo', { description: 'Echo the text', inputSchema: { text: z.string() } }, async ({ text }) => {
    state.ran.push('echo');
    return { content: [{ type: 'text', text: `echo: ${text}` }] };
  });
  server.registerTool('secret', { description: 'Denied by the test policy', inputSchema: {} }, async () => {
    state.ran.push('secret');
    return { content: [{ type: 'text', text: 'the secret' }] };
  });
  server.registerTool('progress', { description: 'Reports progress step by step', inputSchema: { steps: z.number() } }, async ({ steps }, extra) => {
    state.ran.push('progress');
    const progressToken = extra._meta?.progressToken;
    for (let i = 1; i <= steps; i++) {
      if (progressToken !== undefined) {
        await extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: i, total: steps, message: `step ${i}` } });
      }
      // Step i+1 only starts once the test has seen step i arrive at the client.
      await state.gate.wait(i);
    }
    return { content: [{ type: 'text', text: `done after ${steps} steps` }] };
  });
  server.registerTool('crash', { description: 'The server dies mid-call', inputSchema: {} }, async (_args, extra) => {
    state.ran.push('crash');
    const progressToken = extra._meta?.progressToken;
    if (progressToken !== undefined) await extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: 1 } });
    // Dies only once the client has seen the stream start, so the failure is truly mid-stream.
    await state.crashGate.wait(1);
    for (const socket of state.sockets) socket.destroy();
    return new Promise(() => {});
  });
  server.registerPrompt('greeting', { description: 'A greeting' }, async () => ({ messages: [{ role: 'user', content: { type: 'text', text: 'hello' } }] }));
  server.registerPrompt('private', { description: 'Denied by the test policy' }, async () => {
    state.ran.push('prompt:private');
    return { messages: [{ role: 'user', content: { type: 'text', text: 'private' } }] };
  });
  server.registerResource('public', 'note://public', { description: 'A public note' }, async (uri) => ({ contents: [{ uri: uri.href, text: 'public note' }] }));
  server.registerResource('secret-note', 'note://secret', { description: 'Denied by the test policy' }, async (uri) => {
    state.ran.push('resource:secret');
    return { contents: [{ uri: uri.href, text: 'secret note' }] };
  });
  return server;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Serve over TLS with this key and certificate (PEM). */
export interface UpstreamTls {
  key: string;
  cert: string;
}

async function listen(
  handler: (req: IncomingMessage, res: ServerResponse, body: unknown) => Promise<void>,
  state: State,
  extra: Partial<TestUpstream> & { path: string; tls?: UpstreamTls },
): Promise<TestUpstream> {
  const requests: RecordedRequest[] = [];
  const serve = (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const body = req.method === 'POST' ? await readJson(req) : undefined;
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      try {
        await handler(req, res, body);
      } catch {
        if (!res.headersSent) res.writeHead(500).end();
      }
    })();
  };
  const http: HttpServer = extra.tls ? createHttpsServer(extra.tls, serve) : createServer(serve);
  // Once per connection, not per request: a keep-alive socket carries many requests.
  http.on('connection', (socket) => {
    state.sockets.add(socket);
    socket.once('close', () => state.sockets.delete(socket));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `${extra.tls ? 'https' : 'http'}://127.0.0.1:${port}${extra.path}`,
    requests,
    ran: state.ran,
    closedSessions: extra.closedSessions ?? [],
    gate: state.gate,
    crashGate: state.crashGate,
    async close() {
      for (const socket of state.sockets) socket.destroy();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

const newState = (): State => ({ ran: [], gate: new Gate(), crashGate: new Gate(), sockets: new Set() });

export interface StatefulServerOptions {
  /** Serve https with this key and certificate. */
  tls?: UpstreamTls;
  /** Adds tools to each session's server (beyond the ones every v1 server has). */
  tools?(server: McpServer): void;
}

/** v1 streamable HTTP with sessions (Mcp-Session-Id, GET listen stream, DELETE). */
export async function startStatefulServer(options: StatefulServerOptions = {}): Promise<TestUpstream> {
  const state = newState();
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const closedSessions: string[] = [];
  return listen(
    async (req, res, body) => {
      const sid = req.headers['mcp-session-id'] as string | undefined;
      let transport = sid ? transports.get(sid) : undefined;
      if (!transport) {
        if (sid || req.method !== 'POST' || !isInitializeRequest(body)) {
          res.writeHead(sid ? 404 : 400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32001, message: 'Session not found' } }));
          return;
        }
        const created = new StreamableHTTPServerTransport({
          sessionIdGenerator: randomUUID,
          onsessioninitialized: (id) => void transports.set(id, created),
          onsessionclosed: (id) => {
            closedSessions.push(id);
            transports.delete(id);
          },
        });
        transport = created;
        const server = v1Server(state);
        options.tools?.(server);
        await server.connect(created);
      }
      await transport.handleRequest(req, res, body);
    },
    state,
    { path: '/mcp', closedSessions, ...(options.tls ? { tls: options.tls } : {}) },
  );
}

/** v1 streamable HTTP without sessions: a new server and transport per request. */
export async function startStatelessServer(options: { json?: boolean } = {}): Promise<TestUpstream> {
  const state = newState();
  return listen(
    async (req, res, body) => {
      const server = v1Server(state);
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: options.json ?? false });
      res.on('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(req, res, body);
    },
    state,
    { path: '/mcp' },
  );
}

/** A low-level v1 server whose tools/list comes in pages of two, answered as plain JSON. */
export async function startPagedServer(tools: string[]): Promise<TestUpstream> {
  const state = newState();
  return listen(
    async (req, res, body) => {
      const server = new Server({ name: 'paged', version: '1.0.0' }, { capabilities: { tools: {} } });
      server.setRequestHandler(ListToolsRequestSchema, async (request) => {
        const start = Number(request.params?.cursor ?? 0);
        const page = tools.slice(start, start + 2).map((name) => ({ name, inputSchema: { type: 'object' as const } }));
        return start + 2 < tools.length ? { tools: page, nextCursor: String(start + 2) } : { tools: page };
      });
      server.setRequestHandler(CallToolRequestSchema, async (request) => {
        state.ran.push(request.params.name);
        return { content: [{ type: 'text', text: request.params.name }] };
      });
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      res.on('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(req, res, body);
    },
    state,
    { path: '/mcp' },
  );
}

/** v1 legacy HTTP+SSE (2024-11-05): GET /sse, POST /messages?sessionId=… */
export async function startLegacySseServer(): Promise<TestUpstream> {
  const state = newState();
  const transports = new Map<string, SSEServerTransport>();
  return listen(
    async (req, res, body) => {
      const url = new URL(req.url ?? '/', 'http://upstream');
      if (req.method === 'GET' && url.pathname === '/sse') {
        const transport = new SSEServerTransport('/messages', res);
        transports.set(transport.sessionId, transport);
        res.on('close', () => transports.delete(transport.sessionId));
        await v1Server(state).connect(transport);
        return;
      }
      const transport = transports.get(url.searchParams.get('sessionId') ?? '');
      if (req.method === 'POST' && url.pathname === '/messages' && transport) return transport.handlePostMessage(req, res, body);
      res.writeHead(404).end('Session not found');
    },
    state,
    { path: '/sse' },
  );
}

/** v2 (`createMcpHandler`): the 2026-07-28 stateless era, and 2025-era traffic served statelessly. */
export async function startV2Server(): Promise<TestUpstream> {
  const state = newState();
  const handler = createMcpHandler(() => {
    const server = new McpServerV2({ name: 'upstream-v2', version: '2.0.0' });
    server.registerTool('echo', { description: 'Echo the text', inputSchema: z.object({ text: z.string() }) }, async ({ text }) => {
      state.ran.push('echo');
      return { content: [{ type: 'text', text: `echo: ${text}` }] };
    });
    server.registerTool('secret', { description: 'Denied by the test policy', inputSchema: z.object({}) }, async () => {
      state.ran.push('secret');
      return { content: [{ type: 'text', text: 'the secret' }] };
    });
    return server;
  });
  const node = toNodeHandler(handler);
  return listen((req, res, body) => node(req as never, res as never, body), state, { path: '/mcp' });
}
