/**
 * The "fast upstream" of the gateway figures: a minimal hand-rolled MCP server
 * over streamable HTTP, stateless, answering `tools/call echo` with one
 * application/json response (no SDK, no schema validation, no session), so the
 * figures measure the relay, not the upstream. It also offers `progress`, which
 * streams `steps` progress notifications `intervalMs` apart (each carrying the
 * wall-clock time, `performance.timeOrigin + performance.now()`, it left at), and
 * answers GET with an event stream that stays open (a listen stream).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EchoUpstream {
  url: string;
  close(): Promise<void>;
}

/** Milliseconds since the epoch, with sub-millisecond resolution (same clock in one process). */
export const preciseNow = () => performance.timeOrigin + performance.now();

type Message = { id?: string | number; method?: string; params?: { name?: string; arguments?: Record<string, unknown>; _meta?: { progressToken?: unknown } } };

const BASE_TOOLS = [
  { name: 'echo', description: 'Echo the text', inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } },
  { name: 'progress', description: 'Streams progress', inputSchema: { type: 'object', properties: { steps: { type: 'number' }, intervalMs: { type: 'number' } } } },
];

/** `count` tools in all: the two above, then definitions shaped like a real server's (the drift-guard figure lists 50). */
function toolsOf(count: number) {
  const extra = Array.from({ length: Math.max(0, count - BASE_TOOLS.length) }, (_, k) => ({
    name: `tool_${k}`,
    title: `Tool ${k}`,
    description: `Does thing ${k}: reads the input, checks it and answers with a summary of what it found.`,
    inputSchema: { type: 'object', properties: { query: { type: 'string', description: 'What to look for' }, limit: { type: 'integer', minimum: 1 } }, required: ['query'] },
    annotations: { readOnlyHint: k % 2 === 0 },
  }));
  return [...BASE_TOOLS, ...extra];
}

function json(res: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function progress(res: ServerResponse, msg: Message): Promise<void> {
  const steps = Number(msg.params?.arguments?.steps ?? 10);
  const intervalMs = Number(msg.params?.arguments?.intervalMs ?? 10);
  const token = msg.params?._meta?.progressToken ?? 'progress';
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
  for (let i = 1; i <= steps && !res.destroyed; i++) {
    await new Promise((r) => setTimeout(r, intervalMs));
    const note = { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: token, progress: i, total: steps, message: String(preciseNow()) } };
    res.write(`event: message\ndata: ${JSON.stringify(note)}\n\n`);
  }
  res.end(`event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', id: msg.id, result: { content: [{ type: 'text', text: `done after ${steps} steps` }] } })}\n\n`);
}

async function handle(req: IncomingMessage, res: ServerResponse, tools: unknown[]): Promise<void> {
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(': listening\n\n');
    return;
  }
  if (req.method === 'DELETE') return void res.writeHead(200).end();
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  let msg: Message;
  try {
    msg = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Message;
  } catch {
    return void res.writeHead(400).end();
  }
  if (msg.id === undefined) return void res.writeHead(202).end();
  switch (msg.method) {
    case 'initialize':
      return json(res, { jsonrpc: '2.0', id: msg.id, result: { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'echo', version: '1.0.0' } } });
    case 'tools/list':
      return json(res, { jsonrpc: '2.0', id: msg.id, result: { tools } });
    case 'tools/call':
      if (msg.params?.name === 'progress') return progress(res, msg);
      return json(res, { jsonrpc: '2.0', id: msg.id, result: { content: [{ type: 'text', text: String(msg.params?.arguments?.text ?? '') }] } });
    default:
      return json(res, { jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: 'Method not found' } });
  }
}

export async function startEchoUpstream(opts: { tools?: number } = {}): Promise<EchoUpstream> {
  const tools = toolsOf(opts.tools ?? BASE_TOOLS.length);
  const server = createServer((req, res) => void handle(req, res, tools).catch(() => res.destroy()));
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
