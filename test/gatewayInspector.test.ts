/**
 * The MCP Inspector CLI (@modelcontextprotocol/inspector, a client no one here
 * wrote) through the gateway, authenticated with a real personal access token
 * (scope `gateway`) in its `--header` option: tools/list shows only the tools the
 * access rules allow, an allowed tools/call returns the upstream's result, and a
 * denied one fails without reaching the upstream. (The Inspector looks a tool up
 * in tools/list before calling it, so for a tool the gateway hides it reports
 * "not found on server" itself and sends no call; the gateway's own -32602
 * answer on the wire is covered with the SDK clients in gateway.test.ts.) Over
 * streamable HTTP (a stateful v1 upstream) and the legacy HTTP+SSE transport.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDecider } from '../src/access/createDecider.js';
import { policyFromAccess } from '../src/gateway/index.js';
import { inspector, json } from './support/inspectorCli.js';
import { startLegacySseServer, startStatefulServer, type TestUpstream } from './support/mcpUpstreams.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { testToolshed, type TestToolshed } from './support/testToolshed.js';

const policy = policyFromAccess(
  createDecider([{ id: 'no-secret', effect: 'deny', subject: { everyone: true }, actions: ['discover', 'call'], resource: { server: '*', tool: 'secret' } }], undefined, { defaultEffect: 'allow' }),
);

describe.each(DATABASES)('MCP Inspector CLI through the gateway on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let toolshed: TestToolshed;
    let stateful: TestUpstream;
    let legacy: TestUpstream;
    let base: string;
    let header: string;
    let home: string;

    beforeAll(async () => {
      home = mkdtempSync(join(tmpdir(), 'toolshed-inspector-home-'));
      [stateful, legacy] = await Promise.all([startStatefulServer(), startLegacySseServer()]);
      toolshed = await testToolshed(kind, { outboundAllow: ['127.0.0.0/8'], outboundAllowHttp: true }, { gateway: { policy } });
      for (const [name, type, url] of [
        ['io.example/inspected', 'streamable-http', stateful.url],
        ['io.example/inspected-sse', 'sse', legacy.url],
      ] as const) {
        await toolshed.catalog.importDocument({
          $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
          name,
          description: 'A test upstream',
          version: '1.0.0',
          remotes: [{ type, url }],
        } as never);
      }
      const user = await toolshed.directory.recordSignIn({ issuer: 'https://idp.example', subject: 'inspector-user', email: 'i@example.com', claimGroups: [], claimRoles: [] });
      const caller = (await toolshed.directory.callerForUser(user.id, 'session'))!;
      const { secret } = await toolshed.apiTokens.createPersonal(caller, { name: 'inspector', scopes: ['gateway'] });
      header = `Authorization: Bearer ${secret}`;
      await toolshed.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(toolshed.app.server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      if (home) rmSync(home, { recursive: true, force: true });
      await toolshed?.destroy();
      await Promise.all([stateful, legacy].map((u) => u?.close()));
    });

    for (const [transport, server, path] of [
      ['http', 'io.example/inspected', 'mcp'],
      ['sse', 'io.example/inspected-sse', 'sse'],
    ] as const) {
      const target = () => [`${base}/gateway/${encodeURIComponent(server)}/${path}`, '--transport', transport, '--header', header];
      const upstream = () => (transport === 'http' ? stateful : legacy);

      it(`${transport}: tools/list shows only the allowed tools`, async () => {
        const listed = json(await inspector(home, [...target(), '--method', 'tools/list']));
        const names = (listed.tools as Array<{ name: string }>).map((t) => t.name);
        expect(names).toEqual(expect.arrayContaining(['echo', 'progress']));
        expect(names).not.toContain('secret');
      });

      it(`${transport}: an allowed tools/call returns the upstream's result`, async () => {
        const called = json(await inspector(home, [...target(), '--method', 'tools/call', '--tool-name', 'echo', '--tool-arg', 'text=from the inspector']));
        expect(called.content).toEqual([{ type: 'text', text: 'echo: from the inspector' }]);
      });

      it(`${transport}: a denied tools/call fails and never reaches the upstream`, async () => {
        const before = upstream().requests.length;
        const run = await inspector(home, [...target(), '--method', 'tools/call', '--tool-name', 'secret']);
        expect(run.code).not.toBe(0);
        // The CLI reports errors as JSON on stderr.
        expect(run.stdout).toBe('');
        expect(run.stderr).toContain('"code":"tool_not_found"');
        expect(run.stderr).toContain("Tool 'secret' not found on server.");
        expect(upstream().ran).not.toContain('secret');
        const sent = upstream()
          .requests.slice(before)
          .map((r) => JSON.stringify(r.body ?? ''));
        expect(sent.some((b) => b.includes('tools/list'))).toBe(true);
        expect(sent.some((b) => b.includes('"secret"'))).toBe(false);
      });

      it(`${transport}: without the token the gateway refuses the Inspector`, async () => {
        const run = await inspector(home, [`${base}/gateway/${encodeURIComponent(server)}/${path}`, '--transport', transport, '--method', 'tools/list']);
        expect(run.code).not.toBe(0);
        expect(run.stdout).not.toMatch(/"echo"/);
      });
    }
  });
});
