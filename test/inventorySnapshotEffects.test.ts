/**
 * What recording a snapshot does beyond the inventory, on both databases, with
 * real SDK servers and the real probe: the read API's cached answer for a
 * version shows the new `_meta["io.toolshed/capabilities"]` right after a probe
 * records a new snapshot (no other write clears the cache), and again after the
 * server changes; and two probed servers offering a tool of the same name get
 * the `shadowed-name` finding (the later one at once, the earlier one on its
 * next probe), while a tool name only one server offers gets none. A reader a
 * real access rule keeps from discovering a server gets, on every
 * `/api/servers/{name}/capabilities*` and `/health` route, the very 404 a server
 * that does not exist gets, while another reader sees it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPABILITIES_META_KEY } from '../src/catalog/capabilitySummary.js';
import { personWithToken } from './support/people.js';
import { remoteDoc } from './support/serverDocs.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { startToolServer, type ToolServer } from './support/toolServer.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const LOOPBACK = { outboundAllow: ['127.0.0.0/8'], outboundAllowHttp: true };
const enc = encodeURIComponent;

describe.each(DATABASES)('recording a snapshot on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    const servers: ToolServer[] = [];
    beforeAll(async () => {
      t = await testToolshed(kind, { ...LOOPBACK, accessDefaultEffect: 'allow' });
    });
    afterAll(async () => {
      await t?.destroy();
      for (const s of servers) await s.close();
    });

    it('shows the new capabilities in the cached read API answer right after a probe', async () => {
      const upstream = await startToolServer({ lookup: 'Look up a record by id', echo: 'Echo the text' });
      servers.push(upstream);
      await t.catalog.importDocument(remoteDoc('io.fx/cached', '1.0.0', upstream.url) as never);
      const url = `/v0.1/servers/${enc('io.fx/cached')}/versions/1.0.0`;
      const before = await t.app.inject({ url });
      expect(before.statusCode).toBe(200);
      expect(before.json()._meta[CAPABILITIES_META_KEY]).toBeUndefined();
      // Asked twice: the answer is now cached.
      expect((await t.app.inject({ url })).headers.etag).toBe(before.headers.etag);

      const first = await t.inventory.probe('io.fx/cached');
      expect(first).toMatchObject({ status: 'ok', changed: true });
      const after = await t.app.inject({ url });
      expect(after.headers.etag).not.toBe(before.headers.etag);
      const summary = after.json()._meta[CAPABILITIES_META_KEY];
      expect(summary).toMatchObject({ source: 'probe', toolCount: 2 });
      const current = (await t.inventory.capabilities('io.fx/cached')).snapshot!;
      expect(summary.snapshotHash).toBe(current.hash);

      upstream.tools.set('lookup', 'Look up a record by its id, now with history');
      expect(await t.inventory.probe('io.fx/cached')).toMatchObject({ status: 'ok', changed: true });
      const changed = (await t.app.inject({ url })).json()._meta[CAPABILITIES_META_KEY];
      expect(changed.snapshotHash).not.toBe(summary.snapshotHash);
      expect(changed.tools.find((tool: { name: string }) => tool.name === 'lookup').description).toBe('Look up a record by its id, now with history');
    });

    it('gives two probed servers offering the same tool name the shadowed-name finding', async () => {
      const first = await startToolServer({ send_mail: 'Send an email', archive_mail: 'Archive an email' });
      const second = await startToolServer({ send_mail: 'Send an email through the other provider', list_calendars: 'List calendars' });
      servers.push(first, second);
      await t.catalog.importDocument(remoteDoc('io.fx/mail-a', '1.0.0', first.url) as never);
      await t.catalog.importDocument(remoteDoc('io.fx/mail-b', '1.0.0', second.url) as never);
      const shadowed = async (server: string) => {
        const res = await t.app.inject({ url: `/api/servers/${enc(server)}/capabilities`, headers: AUTH });
        expect(res.statusCode, res.body).toBe(200);
        const findings = res.json().current.findings as Array<{ rule: string; key: string; message: string }>;
        return findings.filter((f) => f.rule === 'shadowed-name');
      };

      expect(await t.inventory.probe('io.fx/mail-a')).toMatchObject({ status: 'ok' });
      expect(await shadowed('io.fx/mail-a')).toEqual([]);
      expect(await t.inventory.probe('io.fx/mail-b')).toMatchObject({ status: 'ok' });
      const onB = await shadowed('io.fx/mail-b');
      expect(onB.map((f) => f.key)).toEqual(['send_mail']);
      expect(onB[0]!.message).toContain('io.fx/mail-a');

      // The earlier server learns of it on its next probe (the same snapshot, its findings refreshed).
      expect(await t.inventory.probe('io.fx/mail-a')).toMatchObject({ status: 'ok', changed: false });
      const onA = await shadowed('io.fx/mail-a');
      expect(onA.map((f) => f.key)).toEqual(['send_mail']);
      expect(onA[0]!.message).toContain('io.fx/mail-b');
    });

    it('answers a reader who may not discover a server with the 404 of a missing server on every inventory read', async () => {
      const upstream = await startToolServer({ payroll_export: 'Export the payroll' });
      servers.push(upstream);
      await t.catalog.importDocument(remoteDoc('io.fx/payroll', '1.0.0', upstream.url) as never);
      expect(await t.inventory.probe('io.fx/payroll')).toMatchObject({ status: 'ok' });
      const snapshotId = (await t.inventory.capabilities('io.fx/payroll')).snapshot!.id;
      // The group exists once someone in it signed in.
      const contractor = await personWithToken(t, 'carla', ['catalog:read'], { groups: ['contractors'] });
      const staff = await personWithToken(t, 'stan', ['catalog:read']);
      const rule = await t.app.inject({
        method: 'POST',
        url: '/api/admin/access/rules',
        headers: { ...AUTH, 'content-type': 'application/json' },
        payload: JSON.stringify({ id: 'payroll-hidden', effect: 'deny', subject: { group: 'contractors' }, actions: ['discover'], resource: { server: 'io.fx/payroll' } }),
      });
      expect(rule.statusCode, rule.body).toBe(201);
      const paths = (name: string) => [
        `/api/servers/${enc(name)}/capabilities`,
        `/api/servers/${enc(name)}/capabilities?version=1.0.0`,
        `/api/servers/${enc(name)}/capabilities/history`,
        `/api/servers/${enc(name)}/capabilities/snapshots/${snapshotId}`,
        `/api/servers/${enc(name)}/health`,
      ];
      const hidden = paths('io.fx/payroll');
      const missing = paths('io.fx/nowhere');
      for (const [i, url] of hidden.entries()) {
        const res = await t.app.inject({ url, headers: contractor.headers });
        const none = await t.app.inject({ url: missing[i]!, headers: contractor.headers });
        expect(res.statusCode, url).toBe(404);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body.replaceAll('io.fx/payroll', '<s>'), url).toBe(none.body.replaceAll('io.fx/nowhere', '<s>'));
        expect((await t.app.inject({ url, headers: staff.headers })).statusCode, url).toBe(200);
      }
    });
  });
});
