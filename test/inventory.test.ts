/**
 * The inventory's core end to end, on both databases, against real SDK servers
 * and the real probe: a published version is probed and its snapshot appears in
 * the API, and so is a version a federation sync mirrors; a server that goes down and comes back shows down then up in its
 * health history and in the `toolshed_server_up` gauge; a server that needs
 * credentials is `personal` until the gateway's observed list fills it, and a
 * probe credential lets the probe in; a scheduler round claims due versions;
 * old health readings are swept; every route refuses bad input with a 4xx
 * problem, and an unknown server is a 404.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { insertProbeResult, listProbeResults } from '../src/store/index.js';
import { CuttableProxy } from './support/cuttableProxy.js';
import { startStatelessServer, type TestUpstream } from './support/mcpUpstreams.js';
import { startBearerServer, type ProbeUpstream } from './support/probeUpstreams.js';
import { remoteDoc, serverDoc } from './support/serverDocs.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const enc = encodeURIComponent;
const LOOPBACK = { outboundAllow: ['127.0.0.0/8'], outboundAllowHttp: true };

function gauge(text: string, name: string, server: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{server="${server}"}`));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

describe.each(DATABASES)('inventory on %s', (kind) => {
  describe.skipIf(unavailable(kind))('probes, snapshots and health', () => {
    let t: TestToolshed;
    let upstream: TestUpstream;
    let bearer: ProbeUpstream;
    let proxy: CuttableProxy;
    beforeAll(async () => {
      upstream = await startStatelessServer({ json: true });
      bearer = await startBearerServer('probe-token-1');
      const port = Number(new URL(upstream.url).port);
      proxy = new CuttableProxy({ host: '127.0.0.1', port });
      await proxy.open();
      t = await testToolshed(kind, LOOPBACK, { probeNewVersions: true });
    });
    afterAll(async () => {
      await t?.destroy();
      await proxy?.cut();
      await upstream?.close();
      await bearer?.close();
    });

    const metrics = async () => (await t.app.inject({ url: '/metrics' })).body;

    it('probes a version once it is published, and serves its snapshot', async () => {
      await t.catalog.importDocument(remoteDoc('io.inv/echo', '1.0.0', upstream.url) as never);
      await vi.waitFor(async () => expect((await t.inventory.capabilities('io.inv/echo')).status).toBe('ok'), { timeout: 20_000 });

      const res = await t.app.inject({ url: `/api/servers/${enc('io.inv/echo')}/capabilities`, headers: AUTH });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ server: 'io.inv/echo', version: '1.0.0', status: 'ok', hasRemote: true, current: { source: 'probe', toolCount: 4 }, lastProbe: { up: true, failure: null } });
      expect(body.current.snapshot.items.tools.map((i: { key: string }) => i.key)).toEqual(['crash', 'echo', 'progress', 'secret']);
      expect(body.current.snapshot.items.tools[1].definition.description).toBe('Echo the text');

      const history = (await t.app.inject({ url: `/api/servers/${enc('io.inv/echo')}/capabilities/history?version=1.0.0`, headers: AUTH })).json();
      expect(history.snapshots).toHaveLength(1);
      const one = await t.app.inject({ url: `/api/servers/${enc('io.inv/echo')}/capabilities/snapshots/${history.snapshots[0].id}`, headers: AUTH });
      expect(one.statusCode).toBe(200);
      expect(one.json().hash).toBe(body.current.hash);

      // Probing again finds the same snapshot: no new history row.
      const again = await t.inventory.probe('io.inv/echo');
      expect(again).toMatchObject({ status: 'ok', up: true, changed: false, snapshotId: history.snapshots[0].id });
      expect(gauge(await metrics(), 'toolshed_server_up', 'io.inv/echo')).toBe(1);
    });

    it('probes a version a federation sync mirrors', async () => {
      const up = await testToolshed(kind);
      try {
        await up.catalog.importDocument(remoteDoc('io.inv/mirrored', '2.0.0', upstream.url) as never);
        const upUrl = await up.app.listen({ host: '127.0.0.1', port: 0 });
        await t.federation.addSource({ name: 'up', baseUrl: upUrl } as never, 'test');
        await t.federation.sync('up');
        await vi.waitFor(async () => expect((await t.inventory.capabilities('io.inv/mirrored')).status).toBe('ok'), { timeout: 20_000 });
        expect((await t.inventory.capabilities('io.inv/mirrored')).snapshot?.tool_count).toBe(4);
      } finally {
        await up.destroy();
      }
    });

    it('records a server going down and coming back in its health history and gauge', async () => {
      await t.catalog.importDocument(remoteDoc('io.inv/flaky', '1.0.0', `http://127.0.0.1:${proxy.port}/mcp`) as never);
      await vi.waitFor(async () => expect((await t.inventory.capabilities('io.inv/flaky')).status).toBe('ok'), { timeout: 20_000 });
      expect(gauge(await metrics(), 'toolshed_server_up', 'io.inv/flaky')).toBe(1);

      await proxy.cut();
      const down = await t.inventory.probe('io.inv/flaky');
      expect(down).toMatchObject({ status: 'failed', up: false, failure: { kind: 'refused' } });
      expect(gauge(await metrics(), 'toolshed_server_up', 'io.inv/flaky')).toBe(0);
      expect((await t.inventory.capabilities('io.inv/flaky')).snapshot).not.toBeNull();

      await proxy.open();
      expect(await t.inventory.probe('io.inv/flaky')).toMatchObject({ status: 'ok', up: true });
      expect(gauge(await metrics(), 'toolshed_server_up', 'io.inv/flaky')).toBe(1);

      const health = (await t.app.inject({ url: `/api/servers/${enc('io.inv/flaky')}/health?limit=10`, headers: AUTH })).json();
      expect(health.readings.map((r: { up: boolean }) => r.up)).toEqual([true, false, true]);
      expect(health.readings[1].failure.kind).toBe('refused');
      expect(health.uptime).toBeCloseTo(2 / 3);
      expect(await metrics()).toMatch(/toolshed_server_probes_total\{outcome="refused"\} 1/);
    });

    it('marks a server that needs credentials personal, learns it from an observed list, and probes it with a probe credential', async () => {
      await t.catalog.importDocument(remoteDoc('io.inv/bearer', '1.0.0', bearer.url) as never);
      await vi.waitFor(async () => expect((await t.inventory.capabilities('io.inv/bearer')).status).toBe('personal'), { timeout: 20_000 });
      expect((await t.inventory.capabilities('io.inv/bearer')).snapshot).toBeNull();

      const events: Array<{ source: string; isNew: boolean }> = [];
      const stop = t.inventory.onSnapshot((e) => void events.push({ source: e.source, isNew: e.isNew }));
      const observed = await t.inventory.recordObserved({
        server: 'io.inv/bearer',
        version: '1.0.0',
        kind: 'tools',
        definitions: [{ name: 'private', description: 'Seen through the gateway', inputSchema: { type: 'object' } }],
      });
      expect(observed?.isNew).toBe(true);
      const view = await t.inventory.capabilities('io.inv/bearer');
      expect(view).toMatchObject({ status: 'ok', snapshot: { source: 'observed', tool_count: 1 } });
      expect(view.snapshot?.snapshot.items.tools[0]?.definition.description).toBe('Seen through the gateway');

      const put = await t.app.inject({
        method: 'PUT',
        url: `/api/admin/servers/${enc('io.inv/bearer')}/probe-credential`,
        headers: AUTH,
        payload: { header: 'Authorization', value: 'Bearer probe-token-1' },
      });
      expect(put.statusCode).toBe(204);
      expect(put.body).not.toContain('probe-token-1');
      const queued = await t.app.inject({ method: 'POST', url: `/api/admin/servers/${enc('io.inv/bearer')}/probe`, headers: AUTH, payload: {} });
      expect(queued.statusCode).toBe(202);
      expect(queued.json()).toMatchObject({ server: 'io.inv/bearer', version: '1.0.0', queued: true });
      await vi.waitFor(async () => expect((await t.inventory.capabilities('io.inv/bearer')).snapshot?.source).toBe('probe'), { timeout: 20_000 });
      expect((await t.inventory.capabilities('io.inv/bearer')).snapshot?.snapshot.items.tools[0]?.definition.description).toBe('Only with the token');
      expect(events).toEqual([
        { source: 'observed', isNew: true },
        { source: 'probe', isNew: true },
      ]);
      stop();

      expect((await t.app.inject({ method: 'DELETE', url: `/api/admin/servers/${enc('io.inv/bearer')}/probe-credential`, headers: AUTH })).statusCode).toBe(204);
      expect(await t.inventory.probe('io.inv/bearer')).toMatchObject({ status: 'personal', failure: { kind: 'auth' } });
    });

    it('claims due versions in a scheduler round and sweeps old health readings', async () => {
      await t.store.db.updateTable('capability_states').set({ next_probe_at: 0 }).where('server', '=', 'io.inv/echo').execute();
      const before = (await listProbeResults({ tx: t.store.db, server: 'io.inv/echo', limit: 100 })).length;
      expect(await t.inventory.runDue()).toBeGreaterThanOrEqual(1);
      await t.inventory.idle();
      expect((await listProbeResults({ tx: t.store.db, server: 'io.inv/echo', limit: 100 })).length).toBe(before + 1);
      // Claimed: not due again this round.
      expect((await t.store.db.selectFrom('capability_states').select('next_probe_at').where('server', '=', 'io.inv/echo').executeTakeFirstOrThrow()).next_probe_at).toBeGreaterThan(0);

      await insertProbeResult({
        tx: t.store.db,
        result: { server: 'io.inv/echo', version: '1.0.0', at: 1, up: false, latencyMs: 1, protocolVersion: null, failureKind: 'timeout', failureMessage: 'old', httpStatus: null },
      });
      expect(await t.inventory.sweepHealth()).toBe(1);
      expect((await listProbeResults({ tx: t.store.db, server: 'io.inv/echo', limit: 100 })).every((r) => r.at > 1)).toBe(true);
    });

    it('answers bad input on every route with a 4xx problem, and an unknown server with 404', async () => {
      await t.catalog.importDocument(serverDoc('io.inv/packaged', '1.0.0') as never);
      const echo = enc('io.inv/echo');
      const cases: Array<{ method?: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; payload?: unknown; status: number }> = [
        { url: `/api/servers/${enc('io.inv/nope')}/capabilities`, status: 404 },
        { url: `/api/servers/${echo}/capabilities?version=9.9.9`, status: 404 },
        { url: `/api/servers/${echo}/capabilities?bogus=1`, status: 422 },
        { url: `/api/servers/${enc('io.inv/nope')}/capabilities/history`, status: 404 },
        { url: `/api/servers/${echo}/capabilities/history?limit=0`, status: 422 },
        { url: `/api/servers/${echo}/capabilities/history?limit=abc`, status: 422 },
        { url: `/api/servers/${echo}/capabilities/history?before=-1`, status: 422 },
        { url: `/api/servers/${echo}/capabilities/snapshots/abc`, status: 422 },
        { url: `/api/servers/${echo}/capabilities/snapshots/999999999`, status: 404 },
        { url: `/api/servers/${enc('io.inv/nope')}/health`, status: 404 },
        { url: `/api/servers/${echo}/health?limit=100000`, status: 422 },
        { method: 'POST', url: `/api/admin/servers/${enc('io.inv/nope')}/probe`, payload: {}, status: 404 },
        { method: 'POST', url: `/api/admin/servers/${enc('io.inv/packaged')}/probe`, payload: {}, status: 422 },
        { method: 'POST', url: `/api/admin/servers/${echo}/probe`, payload: { version: '' }, status: 422 },
        { method: 'POST', url: `/api/admin/servers/${echo}/probe`, payload: { version: '0.0.1' }, status: 404 },
        { method: 'PUT', url: `/api/admin/servers/${echo}/probe-credential`, payload: { header: 'Host', value: 'x' }, status: 422 },
        { method: 'PUT', url: `/api/admin/servers/${echo}/probe-credential`, payload: { header: 'X-Key', value: 'a\nb' }, status: 422 },
        { method: 'PUT', url: `/api/admin/servers/${echo}/probe-credential`, payload: { header: 'X-Key' }, status: 422 },
        { method: 'PUT', url: `/api/admin/servers/${enc('io.inv/nope')}/probe-credential`, payload: { header: 'X-Key', value: 'v' }, status: 404 },
        { method: 'DELETE', url: `/api/admin/servers/${enc('io.inv/nope')}/probe-credential`, status: 404 },
      ];
      for (const c of cases) {
        const res = await t.app.inject({ method: c.method ?? 'GET', url: c.url, headers: AUTH, ...(c.payload !== undefined ? { payload: c.payload as object } : {}) });
        expect(res.statusCode, `${c.method ?? 'GET'} ${c.url}`).toBe(c.status);
        expect(res.headers['content-type'], c.url).toContain('application/problem+json');
      }
      // Another server's snapshot id is not this server's.
      const id = (await t.inventory.history('io.inv/echo', { limit: 1 }))[0]!.id;
      expect((await t.app.inject({ url: `/api/servers/${enc('io.inv/flaky')}/capabilities/snapshots/${id}`, headers: AUTH })).statusCode).toBe(404);
      expect((await t.inventory.capabilities('io.inv/packaged')).status).toBe('unprobed');
    });
  });
});
