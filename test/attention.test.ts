/**
 * "Needs attention" on both databases (issue #21, item 8), each reason from real
 * rows: re-certification due (server_governance.recertify_due_at), unused through
 * the gateway for N days (gateway_calls), health failing for N days (probe_results,
 * capability_states), and a mirrored server whose upstream lists a newer version than
 * the approved one (mirrored_versions vs server_versions.review_state); who may read
 * the list; the job announcing `recertification.due` once per due date (signed, to
 * owners too) and the digest once per period.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../src/outbound/index.js';
import { nowMicros } from '../src/store/index.js';
import { personWithToken } from './support/people.js';
import { seedGatewayCalls } from './support/seedGatewayCalls.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhookReceiver.js';

const SECRET = 'attention-secret-0123456789';
const DAY = 86_400_000_000;
const NAMES = ['io.example/due', 'io.example/unused', 'io.example/used', 'io.example/sick', 'io.example/wobbly', 'io.example/mirrored', 'io.example/current'];

describe.each(DATABASES)('needs attention on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    let receiver: WebhookReceiver;
    let base: string;
    const now = nowMicros();
    const iso = (micros: number) => new Date(Math.floor(micros / 1000)).toISOString();

    beforeAll(async () => {
      receiver = await startWebhookReceiver();
      t = await testToolshed(kind, {
        outboundAllow: ['127.0.0.0/8'],
        outboundAllowHttp: true,
        governanceWebhookUrl: receiver.url,
        governanceWebhookSecret: SECRET,
        attentionUnusedDays: 30,
        attentionUnhealthyDays: 3,
        attentionDigestHours: 24,
      });
      base = await t.app.listen({ host: '127.0.0.1', port: 0 });
      for (const name of NAMES) {
        await t.catalog.importDocument({
          $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
          name,
          description: `The ${name} server`,
          version: '1.0.0',
          remotes: [{ type: 'streamable-http', url: `https://${name.split('/')[1]}.example.com/mcp` }],
        } as never);
      }
      const db = t.store.db;
      await db
        .updateTable('server_versions')
        .set({ published_at: now - 100 * DAY })
        .execute();
      // Used yesterday, and 40 days ago: only the second is unused for 30 days.
      await seedGatewayCalls(t.store, [
        [iso(now - DAY), 'io.example/used', 'tools/call', 'x', 'ok'],
        [iso(now - 40 * DAY), 'io.example/unused', 'tools/call', 'x', 'ok'],
        ...NAMES.filter((n) => !['io.example/used', 'io.example/unused'].includes(n)).map((n): [string, string, string, null, 'ok'] => [iso(now - 2 * DAY), n, 'initialize', null, 'ok']),
      ]);
      // Re-certification: one overdue (with an owner), one due next week.
      await db
        .insertInto('server_governance')
        .values([
          { name: 'io.example/due', owners: JSON.stringify([{ kind: 'user', id: 'usr_owner' }]), recertify_due_at: now - DAY, trust: 'internal', revision: 1, updated_at: now, updated_by: 'test' },
          { name: 'io.example/used', owners: '[]', recertify_due_at: now + 7 * DAY, revision: 1, updated_at: now, updated_by: 'test' },
        ])
        .execute();
      // Health: sick failed since five days (after a success ten days ago); wobbly only since yesterday.
      await db.deleteFrom('capability_states').execute();
      const state = (server: string) => ({
        server,
        version: '1.0.0',
        snapshot_id: null,
        status: 'failed' as const,
        last_probe_at: now - DAY,
        failure_kind: 'connect',
        failure_message: 'refused',
        next_probe_at: now,
      });
      await db
        .insertInto('capability_states')
        .values([state('io.example/sick'), state('io.example/wobbly')])
        .execute();
      const probe = (server: string, ago: number, up: number) => ({ server, version: '1.0.0', at: now - ago * DAY, up, latency_ms: 10, failure_kind: up ? null : 'connect' });
      await db
        .insertInto('probe_results')
        .values([probe('io.example/sick', 10, 1), probe('io.example/sick', 5, 0), probe('io.example/sick', 1, 0), probe('io.example/wobbly', 2, 1), probe('io.example/wobbly', 1, 0)])
        .execute();
      // Mirrored: upstream lists 1.1.0 (in review here) above the approved 1.0.0; `current` is up to date.
      await db.updateTable('server_versions').set({ origin: 'upstream' }).where('name', 'in', ['io.example/mirrored', 'io.example/current']).execute();
      const mirrored = (name: string, version: string) => ({
        source: 'upstream',
        name,
        version,
        doc: '{}',
        status: 'active' as const,
        status_message: null,
        upstream_published_at: now - DAY,
        upstream_updated_at: now - DAY,
        upstream_status_changed_at: now - DAY,
        synced_at: now,
      });
      await db
        .insertInto('mirrored_versions')
        .values([mirrored('io.example/mirrored', '1.0.0'), mirrored('io.example/mirrored', '1.1.0'), mirrored('io.example/current', '1.0.0')])
        .execute();
      // The sync wrote 1.1.0 beside 1.0.0; under review it is not approved yet.
      // Generated columns (PostgreSQL's search vector) are left out of the copy.
      const { search: _search, ...first } = (await db.selectFrom('server_versions').selectAll().where('name', '=', 'io.example/mirrored').executeTakeFirstOrThrow()) as Record<string, any>;
      await db.updateTable('server_versions').set({ is_latest: 0 }).where('name', '=', 'io.example/mirrored').execute();
      await db
        .insertInto('server_versions')
        .values({ ...(first as any), version: '1.1.0', doc: String(first.doc).replace('"1.0.0"', '"1.1.0"'), is_latest: 1, review_state: 'in_review' })
        .execute();
    });
    afterAll(async () => {
      await t?.destroy();
      await receiver?.close();
    });

    const api = async (path: string, headers: Record<string, string> = AUTH) => {
      const res = await fetch(`${base}${path}`, { headers });
      return { status: res.status, body: (await res.json()) as any };
    };
    const reasonsOf = (body: { servers: Array<{ name: string; reasons: Array<{ reason: string }> }> }, name: string) => body.servers.find((s) => s.name === name)?.reasons.map((r) => r.reason) ?? [];

    it('lists each reason from real rows, and nothing that does not qualify', async () => {
      const { status, body } = await api('/api/admin/attention');
      expect(status).toBe(200);
      expect(body.settings).toEqual({ unusedDays: 30, unhealthyDays: 3 });
      expect(reasonsOf(body, 'io.example/due')).toEqual(['recertification_due']);
      expect(body.servers.find((s: { name: string }) => s.name === 'io.example/due')).toMatchObject({
        owners: [{ kind: 'user', id: 'usr_owner' }],
        reasons: [{ reason: 'recertification_due', dueAt: iso(now - DAY) }],
      });
      expect(body.servers.find((s: { name: string }) => s.name === 'io.example/unused').reasons).toEqual([{ reason: 'unused', lastUsedAt: iso(now - 40 * DAY), since: iso(now - 100 * DAY) }]);
      expect(reasonsOf(body, 'io.example/used')).toEqual([]);
      expect(body.servers.find((s: { name: string }) => s.name === 'io.example/sick').reasons).toEqual([
        { reason: 'unhealthy', version: '1.0.0', failingSince: iso(now - 5 * DAY), lastSuccessAt: iso(now - 10 * DAY), failureKind: 'connect' },
      ]);
      expect(reasonsOf(body, 'io.example/wobbly')).toEqual([]);
      expect(body.servers.find((s: { name: string }) => s.name === 'io.example/mirrored').reasons).toEqual([
        { reason: 'upstream_newer', source: 'upstream', approvedVersion: '1.0.0', upstreamVersion: '1.1.0' },
      ]);
      expect(reasonsOf(body, 'io.example/current')).toEqual([]);
      expect(body.counts).toEqual({ recertification_due: 1, unused: 1, unhealthy: 1, upstream_newer: 1 });

      // Approving the newer version takes the server off the list.
      await t.store.db.updateTable('server_versions').set({ review_state: 'approved' }).where('name', '=', 'io.example/mirrored').execute();
      expect(reasonsOf((await api('/api/admin/attention')).body, 'io.example/mirrored')).toEqual([]);
    });

    it('needs catalog.approve or audit.read', async () => {
      const user = await personWithToken(t, 'ursula', ['catalog:read']);
      const denied = await api('/api/admin/attention', user.headers);
      expect(denied.status).toBe(403);
      expect(denied.body.code).toBe('GOVERNANCE_ATTENTION_FORBIDDEN');
      const reviewer = await personWithToken(t, 'rhea', ['admin'], { roles: ['reviewer'] });
      expect((await api('/api/admin/attention', reviewer.headers)).status).toBe(200);
      const auditor = await personWithToken(t, 'audrey', ['admin'], { roles: ['auditor'] });
      expect((await api('/api/admin/attention', auditor.headers)).status).toBe(200);
      expect((await api('/api/admin/attention', {})).status).toBe(401);
    });

    it('the job announces recertification.due once per due date, and the digest once per period', async () => {
      expect(await t.attention.run(now)).toEqual({ recertificationsDue: 1, digest: true });
      // Again, and from a second job (another replica): nothing new.
      await t.attention.run(now + 1000);
      const { createAttention } = await import('../src/governance/index.js');
      const other = createAttention({ store: t.store, notifications: t.notifications, unusedDays: 30, unhealthyDays: 3, digestHours: 24 });
      await other.run(now + 2000);
      await t.webhooks.deliverDue();
      const bodies = receiver.received.map((r) => JSON.parse(r.body) as Record<string, any>);
      for (const r of receiver.received) expect(verifyWebhook(SECRET, r.body, String(r.headers['toolshed-signature']), Math.floor(Date.now() / 1000))).toBe(true);
      expect(bodies.map((b) => b.event).sort()).toEqual(['attention.digest', 'recertification.due']);
      expect(bodies.find((b) => b.event === 'recertification.due')).toMatchObject({ server: 'io.example/due', details: { dueAt: iso(now - DAY), trust: 'internal' } });
      const digest = bodies.find((b) => b.event === 'attention.digest')!;
      expect(digest.server).toBeNull();
      expect(digest.details.counts).toEqual({ recertification_due: 1, unused: 1, unhealthy: 1, upstream_newer: 0 });
      expect(digest.details.servers.map((s: { name: string }) => s.name)).toContain('io.example/sick');
      // The owner was told.
      const told = await t.store.db.selectFrom('owner_notifications').selectAll().where('recipient', '=', 'usr_owner').execute();
      expect(told.map((n) => n.event)).toEqual(['recertification.due']);

      // A new due date is a new announcement; the next period a new digest.
      await t.store.db
        .updateTable('server_governance')
        .set({ recertify_due_at: now - 1000 })
        .where('name', '=', 'io.example/due')
        .execute();
      await other.run(now + DAY);
      await t.webhooks.deliverDue();
      const events = receiver.received.map((r) => (JSON.parse(r.body) as { event: string }).event);
      expect(events.filter((e) => e === 'recertification.due')).toHaveLength(2);
      expect(events.filter((e) => e === 'attention.digest')).toHaveLength(2);
      await other.close();
    });
  });
});
