/**
 * The README's first-screen tour, followed step by step: the commands are read
 * from the README's own block and run as a user would (the server and the CLI
 * through bin/toolshed.js, curl's requests, the MCP Inspector CLI from
 * node_modules), on a fresh install with a local person and no identity
 * provider; then a real MCP client (the SDK's) calls a tool of a real SDK server
 * through the gateway connection the tour made. The only substitutions are where
 * things run: the server on a free port instead of 8080 (TOOLSHED_URL for the
 * CLI), and the tour's example remote replaced by a real https MCP server on
 * 127.0.0.2 (its self-signed certificate trusted through NODE_EXTRA_CA_CERTS,
 * loopback allowed with TOOLSHED_OUTBOUND_ALLOW). On both databases.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { REPO_ROOT } from './support/browser.js';
import { freePort } from './support/freePort.js';
import { runToolshed } from './support/runToolshed.js';
import { DATABASES, scratchDatabase, unavailable, type ScratchDatabase } from './support/testDatabases.js';

const BIN = join(REPO_ROOT, 'bin', 'toolshed.js');
const INSPECTOR = join(dirname(createRequire(import.meta.url).resolve('@modelcontextprotocol/inspector/package.json')), 'clients/launcher/build/index.js');
const EXAMPLE_REMOTE = 'https://weather.example.com/mcp';
const README_BASE = 'http://127.0.0.1:8080';

/** The tour's shell block, as commands: continuation lines joined, comments dropped, quotes kept. */
function tourCommands(): string[] {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const heading = readme.indexOf('**From a fresh install to an MCP client calling a tool through the gateway**');
  expect(heading, 'the README has the tour').toBeGreaterThan(0);
  expect(heading, 'the tour is on the first screen, after the two set-up commands').toBeLessThan(readme.indexOf('## '));
  const start = readme.indexOf('```sh\n', heading) + 6;
  const text = readme.slice(start, readme.indexOf('\n```', start));
  const commands: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
      current += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      current += c;
    } else if (c === '\\' && text[i + 1] === '\n') {
      current += ' ';
      i++;
    } else if (c === '#' && /(^|\s)$/.test(current)) {
      while (i < text.length && text[i] !== '\n') i++;
      i--;
    } else if (c === '\n') {
      if (current.trim()) commands.push(current.trim());
      current = '';
    } else current += c;
  }
  if (current.trim()) commands.push(current.trim());
  return commands;
}

/** Shell words: single quotes literal, double quotes and bare words expanding $NAME. */
function words(command: string, vars: Record<string, string>): string[] {
  const out: string[] = [];
  const expand = (s: string) => s.replace(/\$([A-Z_]+)/g, (_m, name: string) => vars[name] ?? '');
  for (const m of command.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) out.push(m[1] ?? expand(m[2] ?? m[3] ?? ''));
  return out;
}

function run(file: string, args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 120_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** A real MCP server (the SDK's, stateless streamable HTTP) over https with a self-signed certificate for 127.0.0.2. */
async function startHttpsUpstream(dir: string): Promise<{ url: string; caFile: string; ran: string[]; server: Server }> {
  const key = join(dir, 'upstream-key.pem');
  const cert = join(dir, 'upstream-cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.2',
      '-addext',
      'subjectAltName=IP:127.0.0.2',
    ],
    { stdio: 'ignore' },
  );
  const ran: string[] = [];
  const server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const mcp = new McpServer({ name: 'weather', version: '1.0.0' });
        mcp.registerTool('echo', { description: 'Echo the text', inputSchema: { text: z.string() } }, async ({ text }) => {
          ran.push(text);
          return { content: [{ type: 'text', text: `echo: ${text}` }] };
        });
        const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
        await mcp.connect(transport);
        const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown) : undefined;
        await transport.handleRequest(req, res, body);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
  return { url: `https://127.0.0.2:${(server.address() as AddressInfo).port}/mcp`, caFile: cert, ran, server };
}

describe.each(DATABASES)('the README tour on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let dir: string;
    let db: ScratchDatabase;
    let upstream: Awaited<ReturnType<typeof startHttpsUpstream>>;
    let server: ChildProcess | undefined;
    let base: string;
    const vars: Record<string, string> = {};

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'toolshed-tour-'));
      db = await scratchDatabase(kind);
      upstream = await startHttpsUpstream(dir);
    });
    afterAll(async () => {
      if (server && server.exitCode === null) {
        const exited = new Promise((resolve) => server!.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
      await new Promise((resolve) => upstream?.server.close(resolve));
      await db?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    /** `npm start &`: the server from the bin, in a fresh directory (so ./data is the tour's own). */
    async function startServer(): Promise<void> {
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      const env = {
        PATH: process.env.PATH ?? '',
        TOOLSHED_PORT: String(port),
        TOOLSHED_OUTBOUND_ALLOW: '127.0.0.0/8',
        NODE_EXTRA_CA_CERTS: upstream.caFile,
        TOOLSHED_LOG_LEVEL: 'warn',
        ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
      };
      const child = spawn(process.execPath, [BIN, 'serve'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
      server = child;
      let stderr = '';
      child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
      // Ready when it answers its health check (or gone, which fails the step).
      for (;;) {
        if (child.exitCode !== null) throw new Error(`toolshed serve exited with ${child.exitCode}: ${stderr}`);
        const ok = await fetch(`${base}/v0/health`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    }

    async function curl(args: string[], filter: string | undefined): Promise<string> {
      let method = 'GET';
      let url = '';
      let body: string | undefined;
      const headers: Record<string, string> = {};
      for (let i = 0; i < args.length; i++) {
        const a = args[i]!;
        if (a === '-X') method = args[++i]!;
        else if (a === '-H') {
          const h = args[++i]!;
          headers[h.slice(0, h.indexOf(':')).trim()] = h.slice(h.indexOf(':') + 1).trim();
        } else if (a === '-d') body = args[++i]!.replace(EXAMPLE_REMOTE, upstream.url);
        else if (a.startsWith('http')) url = a.replace(README_BASE, base);
      }
      expect(url, 'curl talks to the Toolshed the tour started').toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      const res = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await res.text();
      expect(res.ok, `${method} ${url}: ${text}`).toBe(true);
      if (filter === undefined) return text;
      expect(filter).toBe('jq -r .connection.url');
      return (JSON.parse(text) as { connection: { url: string } }).connection.url;
    }

    it('gets from a fresh install to a tool listed through the gateway by the Inspector CLI, with the README’s commands', async () => {
      const commands = tourCommands();
      expect(commands[0]).toBe('npm start &');
      const outputs: string[] = [];
      for (const command of commands) {
        if (command === 'npm start &') {
          await startServer();
          continue;
        }
        const exported = /^export (\w+)=\$\(cat (\S+)\)$/.exec(command);
        if (exported) {
          vars[exported[1]!] = readFileSync(join(dir, exported[2]!), 'utf8').trim();
          continue;
        }
        const assigned = /^(\w+)=\$\((.*)\)$/s.exec(command);
        const [line, filter] = (assigned ? assigned[2]! : command).split(' | ') as [string, string | undefined];
        const argv = words(line, vars);
        let output: string;
        if (argv[0] === 'npx' && argv[1] === 'toolshed') {
          const r = await runToolshed(argv.slice(2), { cwd: dir, env: { TOOLSHED_URL: base, ...(vars.TOOLSHED_TOKEN ? { TOOLSHED_TOKEN: vars.TOOLSHED_TOKEN } : {}) } });
          expect(r.status, `${line}\n${r.stderr}`).toBe(0);
          output = r.stdout.trim();
        } else if (argv[0] === 'curl') {
          output = await curl(argv.slice(1), filter);
        } else if (argv[0] === 'npx' && argv[1] === '@modelcontextprotocol/inspector') {
          const r = await run(process.execPath, [INSPECTOR, ...argv.slice(2)], { HOME: dir, MCP_INSPECTOR_SECRET_STORE: 'memory' });
          expect(r.code, `${line}\n${r.stderr}`).toBe(0);
          output = r.stdout;
        } else {
          throw new Error(`the tour has a step this test cannot follow: ${command}`);
        }
        outputs.push(output);
        if (assigned) vars[assigned[1]!] = output;
      }
      expect(vars.TOOLSHED_TOKEN).toMatch(/^tsa_/);
      expect(vars.ALICE).toMatch(/^tsp_/);
      expect(vars.URL).toMatch(new RegExp(`^${base}/mcp/con_`));
      const listed = JSON.parse(outputs[outputs.length - 1]!) as { tools: Array<{ name: string }> };
      expect(listed.tools.map((t) => t.name)).toEqual(['echo']);
    }, 300_000);

    it('a real MCP client (the SDK’s) calls the tool through that connection with the local person’s token', async () => {
      expect(vars.URL, 'the tour ran').toBeDefined();
      const client = new Client({ name: 'tour-client', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(vars.URL!), { requestInit: { headers: { authorization: `Bearer ${vars.ALICE}` } } }));
      const result = await client.callTool({ name: 'echo', arguments: { text: 'from the tour' } });
      await client.close();
      expect(result.content).toEqual([{ type: 'text', text: 'echo: from the tour' }]);
      expect(upstream.ran).toContain('from the tour');

      // The same call from the Inspector CLI, as the tour's last line with tools/call.
      const r = await run(
        process.execPath,
        [INSPECTOR, '--cli', vars.URL!, '--transport', 'http', '--header', `Authorization: Bearer ${vars.ALICE}`, '--method', 'tools/call', '--tool-name', 'echo', '--tool-arg', 'text=inspected'],
        {
          HOME: dir,
          MCP_INSPECTOR_SECRET_STORE: 'memory',
        },
      );
      expect(JSON.parse(r.stdout)).toMatchObject({ content: [{ type: 'text', text: 'echo: inspected' }] });
    }, 120_000);
  });
});
