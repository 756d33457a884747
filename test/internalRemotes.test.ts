/**
 * TOOLSHED_INTERNAL_REMOTES: the company's own MCP servers. By default the
 * public registry's rules hold (publish refuses plain http and loopback
 * remotes; the gateway refuses private and loopback addresses). A listed host
 * name (`http://localhost` here, plain http allowed because the entry says so)
 * passes publish, and the gateway relays to it (real SDK upstream and client)
 * with no TOOLSHED_OUTBOUND_ALLOW at all; a listed CIDR without `http://` lets
 * https remotes in it publish but not plain http ones; a host not listed stays
 * refused at publish and at the gateway. Bad entries stop the start.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { createInternalRemotes } from '../src/outbound/internalRemotes.js';
import { startStatefulServer, type TestUpstream } from './support/mcpUpstreams.js';
import { remoteDoc } from './support/serverDocs.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const allowAll = { policy: () => ({ allowed: true, reason: 'test: everything allowed' }) };

describe.each(DATABASES)('internal remotes on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let upstream: TestUpstream;
    let port: string;
    let internal: TestToolshed;
    let strict: TestToolshed;

    const publish = (t: TestToolshed, name: string, url: string) => t.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: remoteDoc(name, '1.0.0', url) as object });

    async function callEcho(t: TestToolshed, server: string): Promise<string> {
      if (!t.app.server.listening) await t.app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      const client = new Client({ name: 'internal-test', version: '1.0.0' });
      try {
        await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/gateway/${encodeURIComponent(server)}/mcp`), { requestInit: { headers: AUTH } }));
        const result = (await client.callTool({ name: 'echo', arguments: { text: 'inside' } })) as { content: Array<{ text: string }> };
        return result.content[0]!.text;
      } finally {
        await client.close();
      }
    }

    beforeAll(async () => {
      upstream = await startStatefulServer();
      port = new URL(upstream.url).port;
      // From the environment, as an operator sets it; no TOOLSHED_OUTBOUND_ALLOW(_HTTP).
      const fromEnv = loadConfig({ TOOLSHED_INTERNAL_REMOTES: 'http://localhost, 10.20.0.0/16' });
      internal = await testToolshed(kind, { internalRemotes: fromEnv.internalRemotes }, { gateway: allowAll });
      strict = await testToolshed(kind, {}, { gateway: allowAll });
    });

    afterAll(async () => {
      await internal?.destroy();
      await strict?.destroy();
      await upstream?.close();
    });

    it('by default publish refuses a plain http loopback remote, as the public registry does', async () => {
      const res = await publish(strict, 'io.example/strict', `http://localhost:${port}/mcp`);
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('invalid remote URL');
    });

    it('publishes a listed internal remote and relays to it through the gateway at its loopback address', async () => {
      const res = await publish(internal, 'io.example/internal', `http://localhost:${port}/mcp`);
      expect(res.statusCode).toBe(200);
      expect(await callEcho(internal, 'io.example/internal')).toBe('echo: inside');
    });

    it('a listed CIDR admits https remotes in it, plain http only when the entry says http://', async () => {
      expect((await publish(internal, 'io.example/range-https', 'https://10.20.1.2/mcp')).statusCode).toBe(200);
      const http = await publish(internal, 'io.example/range-http', 'http://10.20.1.3/mcp');
      expect(http.statusCode).toBe(422);
      expect(http.body).toContain('invalid remote URL');
    });

    it('keeps the rules for hosts not listed, at publish and at the gateway', async () => {
      expect((await publish(internal, 'io.example/unlisted', `http://127.0.0.1:${port}/mcp`)).statusCode).toBe(422);
      // A document that never went through publish (an import) still cannot make the gateway reach an unlisted loopback address.
      await internal.catalog.importDocument(remoteDoc('io.example/imported', '1.0.0', `http://127.0.0.1:${port}/mcp?imported`) as never);
      await expect(callEcho(internal, 'io.example/imported')).rejects.toThrow(/may not connect/);
    });

    it('the gateway refuses the internal remote when the setting is absent', async () => {
      await strict.catalog.importDocument(remoteDoc('io.example/internal', '1.0.0', `http://localhost:${port}/mcp`) as never);
      await expect(callEcho(strict, 'io.example/internal')).rejects.toThrow(/may not connect/);
    });
  });
});

describe('TOOLSHED_INTERNAL_REMOTES entries', () => {
  it('refuses entries that are not a host name, wildcard, address or CIDR, naming the variable', () => {
    for (const bad of ['ftp://mcp.corp', 'mcp corp', '10.0.0.0/33', 'https://mcp.corp/path']) {
      expect(() => loadConfig({ TOOLSHED_INTERNAL_REMOTES: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ TOOLSHED_INTERNAL_REMOTES: bad })).toThrow(/TOOLSHED_INTERNAL_REMOTES/);
    }
  });

  it('matches names, wildcards below a domain, and address ranges; never metadata addresses through a name', () => {
    const remotes = createInternalRemotes(['mcp.corp.example', 'http://*.lab.corp.example', '10.20.0.0/16']);
    expect(remotes.permits('https', 'mcp.corp.example')).toBe(true);
    expect(remotes.permits('http', 'mcp.corp.example')).toBe(false);
    expect(remotes.permits('http', 'a.lab.corp.example')).toBe(true);
    expect(remotes.permits('https', 'lab.corp.example')).toBe(false);
    expect(remotes.permits('https', 'evil-corp.example')).toBe(false);
    expect(remotes.permits('https', '10.20.3.4')).toBe(true);
    expect(remotes.permits('https', '10.21.0.1')).toBe(false);
    const named = remotes.policyFor('mcp.corp.example')!;
    expect(named.permits('10.1.2.3')).toBe(true);
    expect(named.permits('127.0.0.1')).toBe(true);
    expect(named.permits('169.254.169.254')).toBe(false);
    expect(remotes.policyFor('www.example.com')).toBeUndefined();
  });
});
