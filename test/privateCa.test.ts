/**
 * TOOLSHED_CA_FILE: a company CA (made here with openssl) trusted for every
 * outbound TLS connection, in addition to Node's roots. Without it, a real SDK
 * upstream serving a certificate that CA signed is refused, and the failure is
 * named as a TLS failure ("certificate signed by an unknown authority for host
 * X") in the client's JSON-RPC error, the audit record and the log line, not
 * as "could not be reached"; with it, the gateway relays to that upstream and
 * the guarded client every other fetch uses (federation, package registries,
 * OIDC) trusts it too. A CA file that cannot be used stops the start.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../src/config.js';
import { createRedisRateLimiter } from '../src/gateway/index.js';
import { loadCaBundle } from '../src/outbound/loadCaBundle.js';
import { freePort } from './support/freePort.js';
import { startStatefulServer, type TestUpstream } from './support/mcpUpstreams.js';
import { remoteDoc } from './support/serverDocs.js';
import { makeTestCertificates, type TestCertificates } from './support/testCertificates.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { ADMIN_TOKEN, AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const SERVER = 'io.example/internal-tls';
const allowAll = { policy: () => ({ allowed: true, reason: 'test: everything allowed' }) };

describe.each(DATABASES)('private certificate authorities on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let certs: TestCertificates;
    let upstream: TestUpstream;
    let host: string;

    async function started(caFile: string | undefined, lines: Array<Record<string, unknown>> = []): Promise<{ toolshed: TestToolshed; mcp: URL }> {
      const toolshed = await testToolshed(
        kind,
        { outboundAllow: ['127.0.0.0/8'], logLevel: 'info', ...(caFile ? { caFile } : {}) },
        { gateway: allowAll, logStream: { write: (text: string) => void lines.push(JSON.parse(text) as Record<string, unknown>) } },
      );
      await toolshed.catalog.importDocument(remoteDoc(SERVER, '1.0.0', upstream.url) as never);
      await toolshed.app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${(toolshed.app.server.address() as AddressInfo).port}`;
      return { toolshed, mcp: new URL(`${base}/gateway/${encodeURIComponent(SERVER)}/mcp`) };
    }

    beforeAll(async () => {
      certs = makeTestCertificates();
      upstream = await startStatefulServer({ tls: { key: certs.key, cert: certs.cert } });
      host = new URL(upstream.url).host;
    });
    afterAll(async () => {
      await upstream?.close();
    });

    it('without the CA: the client, the audit and the log name the TLS failure, and other fetches refuse the host too', async () => {
      const lines: Array<Record<string, unknown>> = [];
      const { toolshed, mcp } = await started(undefined, lines);
      try {
        const expected = `certificate signed by an unknown authority for host ${host}`;
        const res = await fetch(mcp, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } }),
        });
        expect(res.status).toBe(502);
        const body = (await res.json()) as { error: { message: string } };
        expect(body.error.message).toContain(expected);
        expect(body.error.message).not.toMatch(/could not be reached/);

        await toolshed.gatewayAudit!.writer.flush();
        const audit = await toolshed.app.inject({ method: 'GET', url: `/api/admin/gateway/calls?server=${encodeURIComponent(SERVER)}`, headers: AUTH });
        const calls = audit.json().calls as Array<{ outcome: string; error: { message: string } | null }>;
        expect(calls).toHaveLength(1);
        expect(calls[0]!.error?.message).toContain(expected);

        await new Promise((resolve) => setTimeout(resolve, 50));
        const logged = lines.filter((l) => l.path === '/gateway/{server}/mcp');
        expect(logged).toHaveLength(1);
        expect(logged[0]).toMatchObject({ level: 40, status: 502, reason: expect.stringContaining(expected) });

        await expect(toolshed.outbound.fetch(upstream.url)).rejects.toMatchObject({ reason: 'tls', message: expect.stringContaining(expected) });
      } finally {
        await toolshed.destroy();
      }
    });

    it('with TOOLSHED_CA_FILE: the gateway relays to the upstream, and the guarded client trusts it', async () => {
      const { toolshed, mcp } = await started(certs.caFile);
      try {
        const client = new Client({ name: 'ca-test', version: '1.0.0' });
        await client.connect(new StreamableHTTPClientTransport(mcp, { requestInit: { headers: AUTH } }));
        const result = (await client.callTool({ name: 'echo', arguments: { text: 'over TLS' } })) as { content: Array<{ text: string }> };
        expect(result.content[0]!.text).toBe('echo: over TLS');
        await client.close();
        // Federation, package registries, proofs and OIDC all fetch through this one client.
        const res = await toolshed.outbound.fetch(upstream.url, { headers: { accept: 'application/json, text/event-stream' } });
        expect(res.status).toBeGreaterThanOrEqual(400); // the MCP endpoint refuses a bare GET, over a TLS connection that was trusted
        expect(res.status).toBeLessThan(500);
      } finally {
        await toolshed.destroy();
      }
    });

    it('stops the start when the CA file cannot be read or holds no certificate', async () => {
      await expect(testToolshed(kind, { caFile: join(tmpdir(), 'no-such-ca.pem') })).rejects.toThrow(ConfigError);
      await expect(testToolshed(kind, { caFile: join(tmpdir(), 'no-such-ca.pem') })).rejects.toThrow(/TOOLSHED_CA_FILE.*cannot read/);
      const empty = join(tmpdir(), `toolshed-empty-ca-${process.pid}.pem`);
      writeFileSync(empty, 'not a certificate\n');
      await expect(testToolshed(kind, { caFile: empty })).rejects.toThrow(/TOOLSHED_CA_FILE.*holds no PEM certificate/);
    });
  });
});

/**
 * The rate limits' Redis over TLS (`rediss://`): a real redis-server serving a
 * certificate the company CA signed is trusted with TOOLSHED_CA_FILE's bundle,
 * and refused (each check counted as a failure) without it.
 */
// redis-server comes with the Redis service CI runs (Debian's redis-server); a machine without it reports this as skipped.
const HAS_REDIS_SERVER = spawnSync('redis-server', ['--version']).status === 0;

describe.skipIf(!HAS_REDIS_SERVER)('a rediss:// rate-limit store signed by the company CA', () => {
  let redis: ChildProcess;
  let url: string;
  let caBundle: string[];

  beforeAll(async () => {
    const certs = makeTestCertificates();
    caBundle = loadCaBundle(certs.caFile);
    const dir = mkdtempSync(join(tmpdir(), 'toolshed-redis-tls-'));
    writeFileSync(join(dir, 'server.key'), certs.key);
    writeFileSync(join(dir, 'server.pem'), certs.cert);
    const port = await freePort();
    url = `rediss://127.0.0.1:${port}`;
    redis = spawn(
      'redis-server',
      [
        '--port',
        '0',
        '--tls-port',
        String(port),
        '--tls-cert-file',
        join(dir, 'server.pem'),
        '--tls-key-file',
        join(dir, 'server.key'),
        '--tls-auth-clients',
        'no',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      redis.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
      redis.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('Ready to accept connections')) resolve();
      });
    });
  });
  afterAll(() => {
    redis?.kill();
  });

  it('trusts the Redis server with the CA bundle and fails every check without it', async () => {
    const rules = [{ scope: 'user' as const, ratePerMinute: 60, burst: 2 }];
    const prefix = `tls-${process.pid}:`;
    const trusted = createRedisRateLimiter({ rules, url, ca: caBundle, onFailure: 'closed', keyPrefix: prefix });
    const untrusted = createRedisRateLimiter({ rules, url, onFailure: 'closed', keyPrefix: prefix });
    try {
      // Checks fail fast while the connection is being made (no offline queue): wait until one passes.
      await vi.waitFor(async () => expect(await trusted.take({ user: 'usr_probe', server: 'io.example/tls' })).toEqual({ limited: false }), { timeout: 10_000, interval: 100 });
      const subject = { user: 'usr_tls', server: 'io.example/tls' };
      expect(await trusted.take(subject)).toEqual({ limited: false });
      expect(await trusted.take(subject)).toEqual({ limited: false });
      expect(await trusted.take(subject)).toMatchObject({ limited: true, scope: 'user', reason: 'rate_limited' });
      // The same server, the same time to connect, and Node's roots alone: no check ever passes.
      for (let i = 0; i < 20; i++) {
        expect(await untrusted.take(subject)).toMatchObject({ limited: true, reason: 'limiter_unavailable' });
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(untrusted.failures).toBe(20);
    } finally {
      await trusted.close?.();
      await untrusted.close?.();
    }
  });
});
