/**
 * Probe pacing end to end, on both databases, with a real SDK upstream and the
 * real probe, on a clock and timer the test moves: once the app has answered
 * enough requests to be busy, a scheduler round's probes run one at a time and
 * the next waits for the pacing timer, while an on-demand probe runs at once;
 * once the requests stop, the rest of the round runs at full concurrency.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FOREGROUND_BUSY_REQUESTS } from '../src/inventory/index.js';
import { listProbeResults } from '../src/store/index.js';
import { startStatelessServer, type TestUpstream } from './support/mcpUpstreams.js';
import { remoteDoc } from './support/serverDocs.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { testToolshed, type TestToolshed } from './support/testToolshed.js';

describe.each(DATABASES)('probe pacing on %s', (kind) => {
  describe.skipIf(unavailable(kind))('a scheduled round while the app is busy', () => {
    let t: TestToolshed;
    let upstream: TestUpstream;
    const clock = { now: 0 };
    const timers: Array<{ fn: () => void; ms: number }> = [];
    beforeAll(async () => {
      upstream = await startStatelessServer({ json: true });
      t = await testToolshed(
        kind,
        { outboundAllow: ['127.0.0.0/8'], outboundAllowHttp: true, probeConcurrency: 4, probeBusyShare: 0.2 },
        {
          probePacing: {
            now: () => clock.now,
            // Each paced probe costs 100 ms: at a share of 0.2 the next waits 400 ms.
            meter: () => () => 100,
            setTimer: (fn, ms) => {
              timers.push({ fn, ms });
              return { cancel() {} };
            },
          },
        },
      );
    });
    afterAll(async () => {
      await t?.destroy();
      await upstream?.close();
    });

    const readings = async (server: string) => (await listProbeResults({ tx: t.store.db, server, limit: 10 })).length;

    it('holds the round to one probe at a time while an on-demand probe runs at once, and lets it go when the load ends', async () => {
      const scheduled = ['io.pace/a', 'io.pace/b', 'io.pace/c', 'io.pace/d'];
      for (const name of scheduled) await t.catalog.importDocument(remoteDoc(name, '1.0.0', `${upstream.url}?s=${name.slice(8)}`) as never);
      for (let i = 0; i < FOREGROUND_BUSY_REQUESTS; i++) expect((await t.app.inject({ url: '/v0.1/servers?limit=1' })).statusCode).toBe(200);

      expect(await t.inventory.runDue()).toBe(4);
      // The first probe ran alone; when it ended the queue armed the pacing timer instead of starting the next.
      await vi.waitFor(() => expect(timers).toHaveLength(1), { timeout: 20_000 });
      expect(timers[0]!.ms).toBe(400);
      const counts = async () => Promise.all(scheduled.map(readings));
      expect((await counts()).reduce((a, b) => a + b)).toBe(1);

      // On demand: not paced, even now.
      await t.catalog.importDocument(remoteDoc('io.pace/now', '1.0.0', `${upstream.url}?s=now`) as never);
      expect(await t.inventory.probe('io.pace/now')).toMatchObject({ status: 'ok', up: true });
      expect((await counts()).reduce((a, b) => a + b)).toBe(1);

      // The timer lets one more go, and is armed again after it.
      clock.now += 400;
      timers[0]!.fn();
      await vi.waitFor(() => expect(timers).toHaveLength(2), { timeout: 20_000 });
      expect((await counts()).reduce((a, b) => a + b)).toBe(2);

      // No request for two windows: not busy; the rest run at once.
      clock.now += 5000;
      timers[1]!.fn();
      await t.inventory.idle();
      expect(await counts()).toEqual([1, 1, 1, 1]);
      expect(timers).toHaveLength(2);
    });
  });
});
