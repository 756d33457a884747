/**
 * An MCP server (SDK v1, stateless streamable HTTP) that trusts Toolshed's
 * identity headers only after verifying them exactly as docs/gateway.md tells
 * an upstream to (plain node:crypto, no Toolshed code): unsigned, altered or
 * stale requests get 401. Its `whoami` tool answers the verified identity.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

// --- the verification snippet of docs/gateway.md ---
function verifyToolshedIdentity(req: IncomingMessage, key: Buffer, serverName: string): { user: string; groups: string[] } | null {
  const h = (name: string) => req.headers[name] as string | undefined;
  const user = h('x-toolshed-user');
  const groups = h('x-toolshed-groups') ?? '';
  const ts = h('x-toolshed-timestamp');
  const sig = h('x-toolshed-signature');
  if (!user || !ts || !sig || Math.abs(Date.now() / 1000 - Number(ts)) > 300) return null;
  const canonical = `toolshed-identity-v1\n${ts}\n${serverName}\n${user}\n${groups}`;
  const expected = Buffer.from(`v1=${createHmac('sha256', key).update(canonical).digest('hex')}`);
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { user: decodeURIComponent(user), groups: groups ? groups.split(',').map(decodeURIComponent) : [] };
}
// --- end of snippet ---

export interface IdentityUpstream {
  url: string;
  refused: number;
  close(): Promise<void>;
}

export async function startIdentityUpstream(key: Buffer, serverName: string): Promise<IdentityUpstream> {
  const state = { refused: 0 };
  const http = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const identity = verifyToolshedIdentity(req, key, serverName);
      if (!identity) {
        state.refused++;
        res.writeHead(401, { 'content-type': 'text/plain' }).end('identity headers missing or not verified');
        return;
      }
      const server = new McpServer({ name: 'identity', version: '1.0.0' });
      server.registerTool('whoami', { description: 'The verified caller', inputSchema: {} }, async () => ({ content: [{ type: 'text', text: JSON.stringify(identity) }] }));
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      res.on('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      const text = Buffer.concat(chunks).toString('utf8');
      await transport.handleRequest(req, res, text ? JSON.parse(text) : undefined);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`,
    get refused() {
      return state.refused;
    },
    async close() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
