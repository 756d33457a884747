/**
 * Fixture MCP servers for the hosting tests, written to disk as npm packages or MCPB
 * bundle folders: a dependency-free stdio JSON-RPC server (newline-delimited, the
 * MCP stdio framing), optionally using `content-type` (a real npm package) in its
 * tool; the same tool built from the real SDK; and a helper that runs a prepared command outside the sandbox (`/pkg` mapped
 * to the cache folder) and sends `initialize` and one `tools/call`.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** The server's source: answers initialize, tools/list and tools/call (`parse`: content-type when `useDependency`). */
export function stdioServerSource(useDependency: boolean): string {
  return `#!/usr/bin/env node
${useDependency ? "const contentType = require('content-type');" : ''}
const readline = require('node:readline');
const rl = readline.createInterface({ input: process.stdin });
const send = (m) => process.stdout.write(JSON.stringify(m) + '\\n');
rl.on('line', (line) => {
  let msg;
  try { msg = JSON.parse(line); } catch { return; }
  if (msg.id === undefined) return;
  if (msg.method === 'initialize') {
    send({ jsonrpc: '2.0', id: msg.id, result: { protocolVersion: msg.params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'fixture', version: '1.0.0' } } });
  } else if (msg.method === 'tools/list') {
    send({ jsonrpc: '2.0', id: msg.id, result: { tools: [{ name: 'parse', inputSchema: { type: 'object' } }] } });
  } else if (msg.method === 'tools/call') {
    const text = ${useDependency ? 'contentType.parse(msg.params.arguments.value).type' : "'no dependency'"};
    send({ jsonrpc: '2.0', id: msg.id, result: { content: [{ type: 'text', text }] } });
  } else {
    send({ jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: 'no such method' } });
  }
});
`;
}

/** The same tool served by the real SDK (`McpServer` over `StdioServerTransport`), an ES module. */
export const SDK_SERVER_SOURCE = `#!/usr/bin/env node
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
const server = new McpServer({ name: 'fixture', version: '1.0.0' });
server.registerTool('parse', { inputSchema: { value: z.string() } }, async ({ value }) => ({ content: [{ type: 'text', text: value.split(';')[0] }] }));
await server.connect(new StdioServerTransport());
`;

/** Writes an npm package folder with the SDK server as its bin (`bin/server.mjs`); returns the folder. */
export function writeSdkServerPackage(root: string, manifest: Record<string, unknown>): string {
  const dir = join(root, String(manifest.name).replace('/', '__'));
  mkdirSync(join(dir, 'bin'), { recursive: true });
  writeFileSync(join(dir, 'bin/server.mjs'), SDK_SERVER_SOURCE, { mode: 0o755 });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ version: '1.0.0', type: 'module', bin: 'bin/server.mjs', ...manifest }));
  return dir;
}

/** Writes an npm package folder with the server as its bin; returns the folder. */
export function writeServerPackage(root: string, manifest: Record<string, unknown>, useDependency = false): string {
  const dir = join(root, String(manifest.name).replace('/', '__'));
  mkdirSync(join(dir, 'bin'), { recursive: true });
  writeFileSync(join(dir, 'bin/server.js'), stdioServerSource(useDependency), { mode: 0o755 });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ version: '1.0.0', bin: { [String(manifest.name).replace(/^@[^/]+\//, '')]: 'bin/server.js' }, ...manifest }));
  return dir;
}

/** Runs `command` (paths under `/pkg` mapped to `root`), initializes, calls `parse`; resolves with both results. */
export async function talkToServer(command: readonly string[], root: string): Promise<{ initialize: Record<string, unknown>; call: Record<string, unknown> }> {
  const argv = command.map((a) => (a.startsWith('/pkg/') ? join(root, a.slice(5)) : a));
  const child = spawn(argv[0]!, argv.slice(1), { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const waiting = new Map<number, (m: Record<string, unknown>) => void>();
  lines.on('line', (line) => {
    const msg = JSON.parse(line) as { id: number };
    waiting.get(msg.id)?.(msg as unknown as Record<string, unknown>);
  });
  const ask = (id: number, method: string, params: unknown) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      waiting.set(id, resolve);
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
      child.stdin!.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  try {
    const initialize = await ask(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '1' } });
    const call = await ask(2, 'tools/call', { name: 'parse', arguments: { value: 'text/html; charset=utf-8' } });
    return { initialize, call };
  } finally {
    child.kill();
  }
}
