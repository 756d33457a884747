/**
 * Gateway audit retention, on SQLite and PostgreSQL: deleteGatewayCallsBefore
 * deletes the rows strictly older than the cutoff and keeps the rest, in
 * statements of at most `batchSize` rows; the retention sweep deletes rows past
 * `retentionDays` and nothing at all with 0, never runs two sweeps at once, logs
 * a failed sweep and sweeps again at the next interval, and `stop()` interrupts
 * a sweep between batches; gatewayAuditRetentionDays refuses negative and
 * fractional values with a message naming the variable; and a real Toolshed
 * started with its background work deletes old rows on its own and counts them
 * in `toolshed_gateway_audit_deleted_total`.
 */
import { DeleteQueryNode, type Insertable, type KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../src/config.js';
import { configFailure } from './support/configFailure.js';
import { startAuditRetention } from '../src/gateway/auditRetention.js';
import { deleteGatewayCallsBefore, insertGatewayCalls, insertGatewayTask, nowMicros, type Db } from '../src/store/index.js';
import type { GatewayCallsTable } from '../src/store/schema.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { testToolshed, type TestToolshed } from './support/testToolshed.js';

const DAY = 86_400_000_000;

function row(at: number, server = 'com.acme/kept'): Insertable<GatewayCallsTable> {
  return {
    at,
    principal_id: 'admin',
    principal_label: 'admin',
    principal_via: 'admin-token',
    server,
    method: 'tools/call',
    target: 'search',
    outcome: 'ok',
    duration_us: 1,
    request_bytes: 1,
    response_bytes: 1,
  };
}

async function stamps(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('gateway_calls').select('at').orderBy('at').execute();
  return rows.map((r) => Number(r.at));
}

/**
 * Watches the DELETE statements run through a database handle: rows each one
 * deleted, and the most in flight at once. `hold` keeps each statement's result
 * back until released, so a test can act while a statement is in progress.
 */
function watchDeletes(db: Db) {
  const counts: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let started = 0;
  let gate: Promise<void> | undefined;
  let release: (() => void) | undefined;
  let failNext = 0;
  const deletes = new Set<unknown>();
  const plugin: KyselyPlugin = {
    transformQuery({ node, queryId }) {
      // Deletes from gateway_calls only (the sweep also clears old task owners).
      if (DeleteQueryNode.is(node) && JSON.stringify(node.from).includes('"gateway_calls"')) {
        if (failNext > 0) {
          failNext--;
          throw new Error('the database is unavailable (test)');
        }
        deletes.add(queryId);
        started++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
      }
      return node;
    },
    async transformResult({ result, queryId }) {
      if (deletes.delete(queryId)) {
        if (gate) await gate;
        counts.push(Number(result.numAffectedRows ?? 0));
        inFlight--;
      }
      return result;
    },
  };
  return {
    db: db.withPlugin(plugin),
    counts,
    get maxInFlight() {
      return maxInFlight;
    },
    get started() {
      return started;
    },
    hold() {
      gate = new Promise((resolve) => (release = resolve));
    },
    release() {
      gate = undefined;
      release?.();
    },
    failNextDeletes(n: number) {
      failNext = n;
    },
  };
}

describe('gatewayAuditRetentionDays', () => {
  const message = configFailure;

  it('defaults to 90 days, and 0 (keep forever) or any whole number of days is accepted', () => {
    expect(loadConfig({}).gatewayAuditRetentionDays).toBe(90);
    expect(loadConfig({ TOOLSHED_GATEWAY_AUDIT_RETENTION_DAYS: '0' }).gatewayAuditRetentionDays).toBe(0);
    expect(loadConfig({ TOOLSHED_GATEWAY_AUDIT_RETENTION_DAYS: '400' }).gatewayAuditRetentionDays).toBe(400);
    expect(loadConfig({}, { gatewayAuditRetentionDays: 7 }).gatewayAuditRetentionDays).toBe(7);
  });

  it('refuses negative, fractional and non-numeric values, naming the variable', () => {
    for (const value of ['-1', '1.5', 'ninety', '36501']) {
      expect(message({ TOOLSHED_GATEWAY_AUDIT_RETENTION_DAYS: value }), value).toContain('TOOLSHED_GATEWAY_AUDIT_RETENTION_DAYS (gatewayAuditRetentionDays): must be a whole number from 0 to 36500');
    }
  });
});

describe.each(DATABASES)('gateway audit retention on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    let db: Db;

    beforeAll(async () => {
      t = await testToolshed(kind);
      db = t.store.db;
    });
    afterAll(async () => {
      await t?.destroy();
    });
    beforeEach(async () => {
      await db.deleteFrom('gateway_calls').execute();
    });

    it('deletes the rows older than the cutoff and keeps the cutoff itself and newer ones', async () => {
      const cutoff = nowMicros() - 30 * DAY;
      const now = nowMicros();
      await insertGatewayCalls({ tx: db, rows: [row(1), row(cutoff - DAY), row(cutoff - 1), row(cutoff), row(cutoff + 1), row(now)] });
      expect(await deleteGatewayCallsBefore({ db, before: cutoff })).toBe(3);
      expect(await stamps(db)).toEqual([cutoff, cutoff + 1, now]);
      // Nothing left to delete: a second sweep deletes nothing.
      expect(await deleteGatewayCallsBefore({ db, before: cutoff })).toBe(0);
      expect(await stamps(db)).toEqual([cutoff, cutoff + 1, now]);
    });

    it('deletes in statements of at most batchSize rows until none are left', async () => {
      const cutoff = nowMicros() - DAY;
      const old = Array.from({ length: 23 }, (_, i) => row(cutoff - 1_000 - i));
      const recent = [row(cutoff + 1), row(cutoff + 2), row(cutoff + 3)];
      await insertGatewayCalls({ tx: db, rows: [...old, ...recent] });
      const watch = watchDeletes(db);
      expect(await deleteGatewayCallsBefore({ db: watch.db, before: cutoff, batchSize: 5 })).toBe(23);
      expect(watch.counts).toEqual([5, 5, 5, 5, 3]);
      expect(await stamps(db)).toEqual([cutoff + 1, cutoff + 2, cutoff + 3]);

      // A whole last batch: the next look finds nothing and deletes nothing.
      await insertGatewayCalls({ tx: db, rows: Array.from({ length: 10 }, (_, i) => row(cutoff - 1 - i)) });
      const again = watchDeletes(db);
      expect(await deleteGatewayCallsBefore({ db: again.db, before: cutoff, batchSize: 5 })).toBe(10);
      expect(again.counts).toEqual([5, 5]);
      expect(await stamps(db)).toEqual([cutoff + 1, cutoff + 2, cutoff + 3]);
    });

    it('refuses a batch size outside 1 to 10,000 or not whole', async () => {
      for (const batchSize of [0, 2.5, 10_001]) {
        await expect(deleteGatewayCallsBefore({ db, before: nowMicros(), batchSize }), String(batchSize)).rejects.toThrow(/batchSize must be a whole number from 1 to 10000/);
      }
    });

    it('sweeps the rows past retentionDays and counts them', async () => {
      const now = nowMicros();
      await insertGatewayCalls({ tx: db, rows: [row(now - 91 * DAY), row(now - 90 * DAY - 60_000_000), row(now - 89 * DAY), row(now)] });
      const seen: number[] = [];
      const retention = startAuditRetention({ db, retentionDays: 90, firstSweepDelayMs: 3_600_000, onDeleted: (n) => seen.push(n) });
      try {
        expect(await retention.sweep()).toBe(2);
        expect(await stamps(db)).toEqual([now - 89 * DAY, now]);
        expect(retention.deleted).toBe(2);
        expect(seen).toEqual([2]);
        expect(await retention.sweep()).toBe(0);
        expect(seen).toEqual([2]);
      } finally {
        await retention.stop();
      }
    });

    it('keeps every row with retention 0, and schedules no sweep', async () => {
      const ancient = nowMicros() - 10_000 * DAY;
      await insertGatewayCalls({ tx: db, rows: [row(1), row(ancient)] });
      const watch = watchDeletes(db);
      const retention = startAuditRetention({ db: watch.db, retentionDays: 0, firstSweepDelayMs: 0, intervalMs: 1 });
      try {
        expect(await retention.sweep()).toBe(0);
        // Long enough for a (wrongly) scheduled sweep to have started several times.
        await new Promise((resolve) => setTimeout(resolve, 30));
        expect(watch.started).toBe(0);
        expect(await stamps(db)).toEqual([1, ancient]);
      } finally {
        await retention.stop();
      }
    });

    it('never runs two sweeps at once', async () => {
      const cutoff = nowMicros() - 2 * DAY;
      await insertGatewayCalls({ tx: db, rows: Array.from({ length: 6 }, (_, i) => row(cutoff - i)) });
      const watch = watchDeletes(db);
      const retention = startAuditRetention({ db: watch.db, retentionDays: 1, firstSweepDelayMs: 3_600_000, batchSize: 2 });
      try {
        watch.hold();
        const first = retention.sweep();
        const second = retention.sweep();
        await vi.waitFor(() => expect(watch.started).toBe(1));
        // The second sweep waits for the whole first one, which is held at its first statement.
        await new Promise((resolve) => setImmediate(resolve));
        expect(watch.started).toBe(1);
        watch.release();
        expect(await first).toBe(6);
        expect(await second).toBe(0);
        expect(watch.maxInFlight).toBe(1);
        expect(watch.counts).toEqual([2, 2, 2]);
      } finally {
        watch.release();
        await retention.stop();
      }
    });

    it('logs a failed sweep without throwing, and sweeps again at the next interval', async () => {
      const now = nowMicros();
      await insertGatewayCalls({ tx: db, rows: [row(now - 10 * DAY), row(now)] });
      const watch = watchDeletes(db);
      watch.failNextDeletes(1);
      const warnings: string[] = [];
      const retention = startAuditRetention({
        db: watch.db,
        retentionDays: 7,
        firstSweepDelayMs: 0,
        intervalMs: 10,
        log: { warn: (details, message) => warnings.push(`${message} ${JSON.stringify(details)}`) },
      });
      try {
        await vi.waitFor(() => expect(retention.deleted).toBe(1));
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toContain('deleting old gateway audit rows failed');
        expect(warnings[0]).toContain('the database is unavailable (test)');
        expect(await stamps(db)).toEqual([now]);
      } finally {
        await retention.stop();
      }
    });

    it('stop() interrupts a sweep between batches and schedules nothing more', async () => {
      const cutoff = nowMicros() - 2 * DAY;
      await insertGatewayCalls({ tx: db, rows: Array.from({ length: 6 }, (_, i) => row(cutoff - i)) });
      const watch = watchDeletes(db);
      watch.hold();
      const retention = startAuditRetention({ db: watch.db, retentionDays: 1, firstSweepDelayMs: 0, intervalMs: 1, batchSize: 2 });
      await vi.waitFor(() => expect(watch.started).toBe(1));
      const stopped = retention.stop();
      watch.release();
      await stopped;
      expect(watch.counts).toEqual([2]);
      expect(retention.deleted).toBe(2);
      expect(await stamps(db)).toHaveLength(4);
      expect(await retention.sweep()).toBe(0);
      expect(watch.started).toBe(1);
    });
  });

  describe.skipIf(unavailable(kind))('in a running Toolshed', () => {
    let t: TestToolshed;

    beforeAll(async () => {
      t = await testToolshed(kind, { gatewayAuditRetentionDays: 1 }, { schedule: true, auditRetention: { firstSweepDelayMs: 0, intervalMs: 20 } });
    });
    afterAll(async () => {
      await t?.destroy();
    });

    it('deletes rows past the retention on its own, keeps recent ones, and counts them on /metrics', async () => {
      const now = nowMicros();
      await insertGatewayCalls({ tx: t.store.db, rows: [row(now - 3 * DAY, 'com.acme/old'), row(now - 2 * DAY, 'com.acme/old'), row(now, 'com.acme/recent')] });
      // Task owners go with them.
      for (const [taskId, at] of [
        ['old-task', now - 3 * DAY],
        ['new-task', now],
      ] as const) {
        await insertGatewayTask({ tx: t.store.db, row: { server: 'com.acme/old', task_id: taskId, principal_id: 'usr_x', tool: null, created_at: at } });
      }
      await vi.waitFor(async () => expect(await stamps(t.store.db)).toEqual([now]), { timeout: 10_000 });
      await vi.waitFor(async () => expect((await t.store.db.selectFrom('gateway_tasks').select('task_id').execute()).map((r) => r.task_id)).toEqual(['new-task']), { timeout: 10_000 });
      expect(t.gatewayAudit?.retention?.deleted).toBe(2);
      const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.statusCode).toBe(200);
      expect(metrics.body).toMatch(/^toolshed_gateway_audit_deleted_total 2$/m);
    });
  });
});
