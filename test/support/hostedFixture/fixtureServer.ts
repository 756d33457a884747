/**
 * A stdio MCP server for the hosting tests, bundled with the SDK into one file
 * (hostedFixture.ts) and run inside the sandbox. Its tools try what the sandbox
 * must prevent, and report what happened; its first argument picks a bad
 * behaviour (`silent`: never answers initialize, `flood`: writes one endless stdout line, `non-json`: writes a line that
 * is not JSON-RPC, `exit`: exits at once).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const mode = process.argv[2] ?? 'normal';
if (mode === 'exit') process.exit(4);
if (mode === 'silent') {
  process.stdin.resume();
} else if (mode === 'flood') {
  // One stdout line that never ends.
  const chunk = 'x'.repeat(1024 * 1024);
  const write = () => process.stdout.write(chunk, write);
  write();
  process.stdin.resume();
} else {
  if (mode === 'non-json') process.stdout.write('starting up, not JSON\n');
  console.error(`fixture starting; token is ${process.env.FIXTURE_TOKEN ?? '(none)'}`);
  const server = new McpServer({ name: 'hosted-fixture', version: '1.0.0' });
  const text = (value: unknown) => ({ content: [{ type: 'text' as const, text: typeof value === 'string' ? value : JSON.stringify(value) }] });
  server.registerTool('env', { inputSchema: { name: z.string() } }, ({ name }) => text(process.env[name] ?? '(unset)'));
  server.registerTool('pid', {}, () => text(String(process.pid)));
  server.registerTool('sleep', { inputSchema: { ms: z.number() } }, async ({ ms }) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return text('slept');
  });
  server.registerTool('read_file', { inputSchema: { path: z.string() } }, ({ path }) => {
    try {
      return text(`read:${readFileSync(path, 'utf8').slice(0, 200)}`);
    } catch (err) {
      return text(`error:${(err as NodeJS.ErrnoException).code}`);
    }
  });
  server.registerTool('write_file', { inputSchema: { path: z.string() } }, ({ path }) => {
    try {
      writeFileSync(path, 'x');
      return text('written');
    } catch (err) {
      return text(`error:${(err as NodeJS.ErrnoException).code}`);
    }
  });
  server.registerTool('processes', {}, () => {
    const pids = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
    return text(pids.map((p) => readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ').trim()));
  });
  server.registerTool('allocate', { inputSchema: { mb: z.number() } }, ({ mb }) => {
    const kept: Buffer[] = [];
    for (let i = 0; i < mb; i++) kept.push(Buffer.alloc(1024 * 1024, 1));
    return text(`allocated:${kept.length}`);
  });
  server.registerTool('fork_many', { inputSchema: { count: z.number() } }, async ({ count }) => {
    let started = 0;
    let failed = 0;
    const children = [];
    for (let i = 0; i < count; i++) {
      try {
        const child = spawn('/bin/sleep', ['30'], { stdio: 'ignore' });
        const ok = await new Promise<boolean>((resolve) => {
          child.once('spawn', () => resolve(true));
          child.once('error', () => resolve(false));
        });
        if (ok) {
          started++;
          children.push(child);
        } else failed++;
      } catch {
        failed++;
      }
    }
    for (const child of children) child.kill('SIGKILL');
    return text({ started, failed });
  });
  server.registerTool(
    'connect',
    { inputSchema: { host: z.string(), port: z.number() } },
    ({ host, port }) =>
      new Promise((resolve) => {
        const socket = connect({ host, port, timeout: 3000 });
        socket.once('connect', () => {
          socket.destroy();
          resolve(text('connected'));
        });
        socket.once('timeout', () => {
          socket.destroy();
          resolve(text('error:TIMEOUT'));
        });
        socket.once('error', (err: NodeJS.ErrnoException) => resolve(text(`error:${err.code}`)));
      }),
  );
  server.registerTool('crash', {}, () => {
    setTimeout(() => process.exit(3), 10);
    return text('crashing');
  });
  await server.connect(new StdioServerTransport());
}
