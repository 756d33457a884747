/**
 * Rate limits shared through the real Redis (`TOOLSHED_TEST_REDIS_URL`; skipped without it): two gateway
 * instances (two createToolshed, on one PostgreSQL database, or on SQLite each
 * with its own data directory since SQLite is single-process) share one token
 * bucket, so the limit holds across them and the refused call never reaches
 * the upstream; the bucket keys carry a TTL and the run's own prefix (removed
 * afterwards). With Redis unreachable the limiter fails open or closed as
 * configured, and the refused call is audited.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../src/config.js';
import { createToolshed, type Toolshed } from '../src/createToolshed.js';
import { createRedisRateLimiter, type GatewayPolicy } from '../src/gateway/index.js';
import { startStatelessServer, type TestUpstream } from './support/mcpUpstreams.js';
import { DATABASES, scratchDatabase, unavailable, type ScratchDatabase } from './support/testDatabases.js';
import { TEST_REDIS_URL } from './support/testRedis.js';
import { ADMIN_TOKEN, AUTH } from './support/testToolshed.js';

const REDIS_URL = TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const policy: GatewayPolicy = () => ({ allowed: true, reason: 'test: allow' });
const HEADERS = { authorization: `Bearer ${ADMIN_TOKEN}` };
const doc = (url: string) => ({
  $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
  name: 'io.example/shared',
  description: 'A test upstream',
  version: '1.0.0',
  remotes: [{ type: 'streamable-http', url }],
});

async function start(db: ScratchDatabase, overrides: Partial<Config>): Promise<{ toolshed: Toolshed; base: string }> {
  const config = loadConfig(
    {},
    {
      dataDir: db.dataDir,
      ...(db.databaseUrl ? { databaseUrl: db.databaseUrl } : {}),
      adminToken: ADMIN_TOKEN,
      logLevel: 'silent',
      reviewDefault: 'approve',
      verifyPackages: [],
      outboundAllow: ['127.0.0.0/8'],
      outboundAllowHttp: true,
      shutdownGraceSeconds: 1,
      ...overrides,
    },
  );
  const toolshed = await createToolshed(config, { gateway: { policy } });
  await toolshed.app.listen({ port: 0, host: '127.0.0.1' });
  return { toolshed, base: `http://127.0.0.1:${(toolshed.app.server.address() as AddressInfo).port}` };
}

async function echo(base: string, text: string): Promise<unknown> {
  const client = new Client({ name: 'redis-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/gateway/${encodeURIComponent('io.example/shared')}/mcp`), { requestInit: { headers: HEADERS } }));
  try {
    return await client.callTool({ name: 'echo', arguments: { text } });
  } catch (err) {
    return err;
  } finally {
    await client.close();
  }
}

describe.each(DATABASES)('rate limits shared through Redis on %s', (kind) => {
  describe.skipIf(unavailable(kind) || !TEST_REDIS_URL)('', () => {
    const prefix = `toolshed-test:${randomUUID()}:`;
    let redis: Redis;
    const dbs: ScratchDatabase[] = [];
    const toolsheds: Toolshed[] = [];
    let upstream: TestUpstream;

    beforeAll(async () => {
      redis = new Redis(REDIS_URL);
      upstream = await startStatelessServer({ json: true });
    });
    afterAll(async () => {
      for (const t of toolsheds) t.app.server.closeAllConnections();
      // Oldest first, which used to hang: a connection to a later Toolshed that never sent a whole
      // request head kept its close() waiting; the shutdown grace now cuts it (test/shutdown.test.ts).
      for (const t of toolsheds) await t.close();
      for (const db of dbs) await db.drop();
      await upstream?.close();
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    });

    it('two gateway instances share one limit, and the refused call never reaches the upstream', async () => {
      const rules = [{ scope: 'user+tool' as const, tool: 'echo', ratePerMinute: 1, burst: 3 }];
      const first = await scratchDatabase(kind);
      dbs.push(first);
      const second = kind === 'postgres' ? first : await scratchDatabase(kind);
      if (second !== first) dbs.push(second);
      const a = await start(first, { redisUrl: REDIS_URL, redisKeyPrefix: prefix, gatewayRateLimits: rules });
      toolsheds.push(a.toolshed);
      const b = await start(second, { redisUrl: REDIS_URL, redisKeyPrefix: prefix, gatewayRateLimits: rules });
      toolsheds.push(b.toolshed);
      await a.toolshed.catalog.importDocument(doc(upstream.url) as never);
      if (second !== first) await b.toolshed.catalog.importDocument(doc(upstream.url) as never);

      const before = upstream.ran.length;
      expect(await echo(a.base, '1')).toMatchObject({ content: [{ text: 'echo: 1' }] });
      expect(await echo(b.base, '2')).toMatchObject({ content: [{ text: 'echo: 2' }] });
      expect(await echo(a.base, '3')).toMatchObject({ content: [{ text: 'echo: 3' }] });
      expect(await echo(b.base, '4')).toMatchObject({ code: -32000, data: { reason: 'rate_limited' } });
      expect(await echo(a.base, '5')).toMatchObject({ code: -32000, data: { reason: 'rate_limited' } });
      expect(upstream.ran.length - before).toBe(3);

      const keys = await redis.keys(`${prefix}*`);
      expect(keys).toHaveLength(1);
      const ttl = await redis.pttl(keys[0]!);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(3 * 60_000 + 1_000);

      // On PostgreSQL both replicas write to one audit table, so b reads a's refusal too once a has flushed.
      await a.toolshed.gatewayAudit!.writer.flush();
      await b.toolshed.gatewayAudit!.writer.flush();
      const res = await b.toolshed.app.inject({ method: 'GET', url: '/api/admin/gateway/calls?outcome=rate_limited&tool=echo', headers: AUTH });
      expect(res.json().calls).toHaveLength(second === first ? 2 : 1);
    });

    it('fails open or closed as configured when Redis is unreachable', async () => {
      const rules = [{ scope: 'user' as const, ratePerMinute: 1, burst: 1 }];
      const warnings: string[] = [];
      const log = { warn: (_d: Record<string, unknown>, message: string) => void warnings.push(message) };
      const open = createRedisRateLimiter({ rules, url: 'redis://127.0.0.1:1', onFailure: 'open', log, keyPrefix: prefix });
      const closed = createRedisRateLimiter({ rules, url: 'redis://127.0.0.1:1', onFailure: 'closed', log, keyPrefix: prefix });
      try {
        const subject = { user: 'usr_a', server: 'io.example/shared' };
        for (let i = 0; i < 3; i++) expect(await open.take(subject)).toEqual({ limited: false });
        expect(await closed.take(subject)).toEqual({ limited: true, retryAfterSeconds: 1, scope: 'user', reason: 'limiter_unavailable' });
        expect(open.failures).toBe(3);
        expect(warnings).toEqual([expect.stringContaining('requests pass unlimited'), expect.stringContaining('requests are refused')]);
      } finally {
        await open.close?.();
        await closed.close?.();
      }

      // Through a whole gateway, failing closed: the call is refused with the JSON-RPC error and audited.
      const db = await scratchDatabase(kind);
      dbs.push(db);
      const g = await start(db, {
        redisUrl: 'redis://127.0.0.1:1',
        redisKeyPrefix: prefix,
        gatewayRateLimits: [{ scope: 'user+tool', tool: 'echo', ratePerMinute: 60 }],
        gatewayRateLimitFailure: 'closed',
      });
      toolsheds.push(g.toolshed);
      await g.toolshed.catalog.importDocument(doc(upstream.url) as never);
      const before = upstream.ran.length;
      expect(await echo(g.base, 'down')).toMatchObject({ code: -32000, data: { reason: 'limiter_unavailable' } });
      expect(upstream.ran.length).toBe(before);
      await g.toolshed.gatewayAudit!.writer.flush();
      const res = await g.toolshed.app.inject({ method: 'GET', url: '/api/admin/gateway/calls?outcome=rate_limited', headers: AUTH });
      expect(res.json().calls[0]).toMatchObject({ target: 'echo', error: { code: -32000, message: expect.stringContaining('cannot be checked') } });
    });
  });
});
