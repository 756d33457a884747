/**
 * The background sync schedule, on every database: each enabled source with an
 * interval is synced again and again (a version published upstream later
 * arrives without anyone asking), never twice at once; a source with no interval
 * or disabled is left alone; a failing source is logged and recorded while the
 * others keep syncing; nothing runs after stop. `createToolshed` with
 * `schedule: true` (as `toolshed serve` starts it) syncs a source from the config
 * file on its own.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Federation } from '../src/federation/federationTypes.js';
import { startSyncScheduler } from '../src/federation/syncScheduler.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { serverDoc } from './support/serverDocs.js';
import { stubUpstream, type StubUpstream } from './support/stubUpstream.js';

/** Polls `check` until it holds, for at most `seconds`. */
async function eventually(what: string, check: () => Promise<boolean> | boolean, seconds = 30): Promise<void> {
  for (let i = 0; i < seconds * 10; i++) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`${what}: not within ${seconds} s`);
}

/** The real federation, counting calls and the most runs of one source at once. */
function watched(federation: Federation) {
  const calls = new Map<string, number>();
  const active = new Map<string, number>();
  let maxActive = 0;
  const wrapper: Federation = Object.assign(Object.create(null), {
    ...Object.fromEntries(
      (['addSource', 'updateSource', 'removeSource', 'listSources', 'getSource', 'curate', 'removeCuration', 'listCurations', 'rejections'] as const).map((m) => [
        m,
        (...args: unknown[]) => (federation[m] as (...a: unknown[]) => unknown)(...args),
      ]),
    ),
    async sync(name: string) {
      calls.set(name, (calls.get(name) ?? 0) + 1);
      active.set(name, (active.get(name) ?? 0) + 1);
      maxActive = Math.max(maxActive, active.get(name)!);
      try {
        return await federation.sync(name);
      } finally {
        active.set(name, active.get(name)! - 1);
      }
    },
  });
  return { federation: wrapper, calls, active, maxActive: () => maxActive };
}

describe.each(DATABASES)('sync schedule on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let upstream: TestToolshed;
    let upstreamUrl: string;
    let failing: StubUpstream;
    const publishUpstream = async (name: string, version: string) =>
      expect((await upstream.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: serverDoc(name, version) })).statusCode).toBe(200);

    beforeAll(async () => {
      upstream = await testToolshed(kind);
      await publishUpstream('com.example/sched', '1.0.0');
      upstreamUrl = await upstream.app.listen({ host: '127.0.0.1', port: 0 });
      failing = await stubUpstream((_req, res) => void res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"gone"}'));
    });
    afterAll(async () => {
      await upstream?.destroy();
      await failing?.close();
    });

    it('syncs due sources repeatedly, one run per source at a time, and stops', async () => {
      const t = await testToolshed(kind, { outboundAllow: ['127.0.0.0/8'], outboundAllowHttp: true });
      try {
        const add = (payload: object) => t.app.inject({ method: 'POST', url: '/api/admin/sources', headers: AUTH, payload });
        expect((await add({ name: 'every-second', baseUrl: upstreamUrl, intervalSeconds: 1 })).statusCode).toBe(201);
        expect((await add({ name: 'broken', baseUrl: failing.url, intervalSeconds: 1, precedence: 5 })).statusCode).toBe(201);
        expect((await add({ name: 'on-demand', baseUrl: upstreamUrl, intervalSeconds: 0, precedence: 6 })).statusCode).toBe(201);
        expect((await add({ name: 'disabled', baseUrl: upstreamUrl, intervalSeconds: 1, enabled: false, precedence: 7 })).statusCode).toBe(201);
        const warnings: Array<{ source?: string }> = [];
        const w = watched(t.federation);
        const scheduler = startSyncScheduler({
          federation: w.federation,
          log: { info: () => {}, warn: (obj) => void warnings.push(obj as { source?: string }) },
          firstRunDelayMs: 0,
          tickMs: 20,
        });
        const listedVersions = async () => ((await t.app.inject({ url: '/v0.1/servers?source=every-second' })).json().servers as Array<{ server: { version: string } }>).map((s) => s.server.version);
        try {
          await eventually('the first scheduled sync', async () => (await listedVersions()).includes('1.0.0'));
          await publishUpstream('com.example/sched', '2.0.0');
          await eventually('a later scheduled sync', async () => (await listedVersions()).includes('2.0.0'));
          await eventually('the broken source tried and logged', () => warnings.some((x) => x.source === 'broken'));
        } finally {
          await scheduler.stop();
        }
        expect(w.calls.get('every-second')).toBeGreaterThanOrEqual(2);
        expect(w.maxActive()).toBe(1);
        expect(w.calls.has('on-demand')).toBe(false);
        expect(w.calls.has('disabled')).toBe(false);
        expect([...w.active.values()].every((n) => n === 0)).toBe(true);
        const broken = (await t.app.inject({ url: '/api/admin/sources/broken', headers: AUTH })).json();
        expect(broken.lastError).not.toBeNull();

        const after = new Map(w.calls);
        await sleep(1500);
        expect(w.calls).toEqual(after);
      } finally {
        await t.destroy();
      }
    });

    it('runs when createToolshed is asked to schedule, for a source from the config file', async () => {
      const toolshed = await testToolshed(
        kind,
        {
          outboundAllow: ['127.0.0.0/8'],
          outboundAllowHttp: true,
          federationSources: [{ name: 'from-config', baseUrl: upstreamUrl, intervalSeconds: 3600 }],
        },
        { schedule: true },
      );
      try {
        await eventually('the scheduled sync of the configured source', async () => {
          const res = await toolshed.app.inject({ url: '/v0.1/servers?source=from-config' });
          return res.json().servers.length > 0;
        });
      } finally {
        await toolshed.destroy();
      }
    });
  });
});
