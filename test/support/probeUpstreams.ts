/**
 * Upstreams for the probe tests that test/support/mcpUpstreams.ts does not
 * have: a v2 server in the session era (NodeStreamableHTTPServerTransport with
 * sessions), a low-level v1 server paging all four lists, a v1 server behind a
 * bearer token, and hostile plain node:http servers that speak just enough MCP
 * (JSON answers) to reach the step they break. Each records the methods it was
 * asked and the sessions DELETEd.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { ListPromptsRequestSchema, ListResourcesRequestSchema, ListResourceTemplatesRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { McpServer as McpServerV2 } from '@modelcontextprotocol/server';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import { z } from 'zod';

export interface ProbeUpstream {
  url: string;
  /** JSON-RPC methods received, in order (HTTP method for bodiless requests). */
  methods: string[];
  /** Session ids DELETEd. */
  deleted: string[];
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: unknown) => Promise<void> | void;

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

export async function serve(handler: Handler, path = '/mcp'): Promise<ProbeUpstream> {
  const methods: string[] = [];
  const deleted: string[] = [];
  const sockets = new Set<Socket>();
  const http: HttpServer = createServer((req, res) => {
    void (async () => {
      const body = req.method === 'POST' ? await readBody(req) : undefined;
      methods.push(typeof (body as { method?: unknown })?.method === 'string' ? (body as { method: string }).method : (req.method ?? ''));
      if (req.method === 'DELETE') deleted.push(String(req.headers['mcp-session-id']));
      try {
        await handler(req, res, body);
      } catch {
        if (!res.headersSent) res.writeHead(500).end();
      }
    })();
  });
  http.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    methods,
    deleted,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** v2 (`@modelcontextprotocol/server` + `@modelcontextprotocol/node`) with sessions: the session era only. */
export async function startV2SessionServer(): Promise<ProbeUpstream> {
  const transports = new Map<string, NodeStreamableHTTPServerTransport>();
  return serve(async (req, res, body) => {
    const sid = req.headers['mcp-session-id'] as string | undefined;
    let transport = sid ? transports.get(sid) : undefined;
    if (!transport) {
      if (sid || (body as { method?: string })?.method !== 'initialize') {
        res.writeHead(sid ? 404 : 400, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message: 'Bad Request: no session' } }));
        return;
      }
      const created = new NodeStreamableHTTPServerTransport({
        sessionIdGenerator: randomUUID,
        onsessioninitialized: (id) => void transports.set(id, created),
        onsessionclosed: (id) => void transports.delete(id),
      });
      transport = created;
      const server = new McpServerV2({ name: 'upstream-v2-session', version: '2.1.0' }, { instructions: 'Use search before fetch.' });
      server.registerTool('search', { description: 'Search the notes', inputSchema: z.object({ q: z.string() }) }, async ({ q }) => ({ content: [{ type: 'text', text: q }] }));
      server.registerPrompt('summary', { description: 'Summarise' }, async () => ({ messages: [{ role: 'user', content: { type: 'text', text: 'sum' } }] }));
      await server.connect(created);
    }
    await transport.handleRequest(req as never, res as never, body);
  });
}

/** A low-level v1 server (stateless, SSE answers) whose four lists each come in pages of two. */
export async function startPagedListsServer(count: number): Promise<ProbeUpstream> {
  const page = <T>(all: T[], cursor: string | undefined) => {
    const start = Number(cursor ?? 0);
    return { items: all.slice(start, start + 2), ...(start + 2 < all.length ? { nextCursor: String(start + 2) } : {}) };
  };
  const names = Array.from({ length: count }, (_, i) => `item-${String(i).padStart(2, '0')}`);
  return serve(async (req, res, body) => {
    const server = new Server({ name: 'paged-lists', version: '1.0.0' }, { capabilities: { tools: {}, prompts: {}, resources: {} } });
    server.setRequestHandler(ListToolsRequestSchema, async (r) => {
      const { items, nextCursor } = page(names, r.params?.cursor);
      return { tools: items.map((name) => ({ name, inputSchema: { type: 'object' as const } })), ...(nextCursor ? { nextCursor } : {}) };
    });
    server.setRequestHandler(ListPromptsRequestSchema, async (r) => {
      const { items, nextCursor } = page(names, r.params?.cursor);
      return { prompts: items.map((name) => ({ name })), ...(nextCursor ? { nextCursor } : {}) };
    });
    server.setRequestHandler(ListResourcesRequestSchema, async (r) => {
      const { items, nextCursor } = page(names, r.params?.cursor);
      return { resources: items.map((name) => ({ name, uri: `note://${name}` })), ...(nextCursor ? { nextCursor } : {}) };
    });
    server.setRequestHandler(ListResourceTemplatesRequestSchema, async (r) => {
      const { items, nextCursor } = page(names, r.params?.cursor);
      return { resourceTemplates: items.map((name) => ({ name, uriTemplate: `note://${name}/{part}` })), ...(nextCursor ? { nextCursor } : {}) };
    });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  });
}

/** A v1 server (stateless) that answers only requests carrying `Authorization: Bearer <token>`. */
export async function startBearerServer(token: string): Promise<ProbeUpstream> {
  return serve(async (req, res, body) => {
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { 'www-authenticate': 'Bearer realm="test"', 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
      return;
    }
    const server = new McpServer({ name: 'needs-bearer', version: '1.0.0' });
    server.registerTool('private', { description: 'Only with the token', inputSchema: {} }, async () => ({ content: [] }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  });
}

/** How a hostile server answers one step: write to `res` as it likes. */
export type HostileStep = (res: ServerResponse, id: unknown, params: Record<string, unknown>) => void;

export const sendJson = (res: ServerResponse, value: unknown, status = 200) => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));

/**
 * Plain node:http speaking the session era with JSON answers (discovery is refused with
 * 400, as a legacy server does), breaking at the steps it is given.
 */
export async function startHostileServer(steps: { initialize?: HostileStep; lists?: Record<string, HostileStep> }, capabilities: Record<string, unknown> = { tools: {} }): Promise<ProbeUpstream> {
  return serve((_req, res, body) => {
    const { id, method, params } = (body ?? {}) as { id?: unknown; method?: string; params?: Record<string, unknown> };
    if (method === 'server/discover') return sendJson(res, { jsonrpc: '2.0', id: null, error: { code: -32000, message: 'Bad Request: Mcp-Session-Id header is required' } }, 400);
    if (method === 'initialize') {
      if (steps.initialize) return steps.initialize(res, id, params ?? {});
      return sendJson(res, { jsonrpc: '2.0', id, result: { protocolVersion: '2025-06-18', capabilities, serverInfo: { name: 'hostile', version: '6.6.6' } } });
    }
    if (method?.startsWith('notifications/')) return void res.writeHead(202).end();
    const step = method ? steps.lists?.[method] : undefined;
    if (step) return step(res, id, params ?? {});
    return sendJson(res, { jsonrpc: '2.0', id, error: { code: -32601, message: 'Method not found' } });
  });
}
