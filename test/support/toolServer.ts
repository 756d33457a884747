/** A stateless SDK MCP server (v1, streamable HTTP, JSON answers) whose tools a test changes between requests. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

export interface ToolServer {
  url: string;
  /** Tool name → description; the next request serves what it holds then. */
  tools: Map<string, string>;
  close(): Promise<void>;
}

/** A stateless SDK server offering the tools the test puts in `tools`. */
export async function startToolServer(tools: Record<string, string>): Promise<ToolServer> {
  const held = new Map(Object.entries(tools));
  const http = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
    const server = new McpServer({ name: 'tools', version: '1.0.0' });
    for (const [name, description] of held) {
      server.registerTool(name, { description, inputSchema: { text: z.string() } }, async ({ text }) => ({ content: [{ type: 'text', text }] }));
    }
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => void transport.close());
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`,
    tools: held,
    close: () => new Promise<void>((r) => (http.closeAllConnections(), http.close(() => r()))),
  };
}
