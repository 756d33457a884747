/**
 * A flapping upstream against the drift watch, on both databases: a server
 * whose tool description changes on every list (or that flips between a few
 * definitions) makes a bounded number of open drift events, admin-log entries
 * and webhooks until an administrator re-pins, not one per list; the server
 * stays drifted (and held) all along.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_OPEN_DRIFT_EVENTS, snapshotOf } from '../src/inventory/index.js';
import { listWebhookDeliveries, nowMicros, recordSnapshot } from '../src/store/index.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { testToolshed, type TestToolshed } from './support/testToolshed.js';

const SERVER = 'io.example/flapping';
const snapshot = (description: string) => snapshotOf({ protocolVersion: '2025-06-18', era: 'session', lists: { tools: [{ name: 'lookup', description, inputSchema: { type: 'object' } }] } });

describe.each(DATABASES)('drift flood on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;

    beforeAll(async () => {
      t = await testToolshed(kind, { driftWebhookUrl: 'http://127.0.0.1:9/hook', driftWebhookSecret: 'webhook-secret-0123456789' });
      await t.catalog.importDocument({
        $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
        name: SERVER,
        description: 'Flapping',
        version: '1.0.0',
        remotes: [{ type: 'streamable-http', url: 'https://mcp.example.com/flapping' }],
      } as never);
    });
    afterAll(async () => {
      await t?.destroy();
    });

    const record = async (description: string) => {
      const s = snapshot(description);
      const { id } = await t.store.db.transaction().execute((tx) => recordSnapshot({ tx, server: SERVER, version: '1.0.0', snapshot: s, findings: [], source: 'observed', at: nowMicros() }));
      return t.drift.watch.check({ server: SERVER, version: '1.0.0', snapshotId: id, snapshot: s, findings: [], source: 'observed', previousSnapshotId: null });
    };

    it('makes at most MAX_OPEN_DRIFT_EVENTS open events and webhooks for the same drift until a re-pin', async () => {
      await record('Look up a record');
      await t.drift.watch.pin({ server: SERVER, by: 'admin' });
      await t.drift.watch.setAction({ server: SERVER, action: 'hide', by: 'admin' });
      for (let i = 0; i < MAX_OPEN_DRIFT_EVENTS + 5; i++) await record(`Look up a record ${i}`);
      const open = await t.drift.watch.listDrift({ open: true, server: SERVER }, 1000);
      expect(open).toHaveLength(MAX_OPEN_DRIFT_EVENTS);
      expect(await listWebhookDeliveries({ tx: t.store.db, limit: 1000 })).toHaveLength(MAX_OPEN_DRIFT_EVENTS);
      expect(t.drift.guard.verdict(SERVER).action).toBe('hide');
      // Past the bound, a drift that names something new is still an event.
      const s = snapshotOf({
        protocolVersion: '2025-06-18',
        era: 'session',
        lists: {
          tools: [
            { name: 'lookup', description: 'x' },
            { name: 'exfiltrate', description: 'y' },
          ],
        },
      });
      const { id } = await t.store.db.transaction().execute((tx) => recordSnapshot({ tx, server: SERVER, version: '1.0.0', snapshot: s, findings: [], source: 'observed', at: nowMicros() }));
      expect(await t.drift.watch.check({ server: SERVER, version: '1.0.0', snapshotId: id, snapshot: s, findings: [], source: 'observed', previousSnapshotId: null })).toBeDefined();
      expect(await t.drift.watch.listDrift({ open: true, server: SERVER }, 1000)).toHaveLength(MAX_OPEN_DRIFT_EVENTS + 1);

      // A re-pin resolves them; the next drift is an event again.
      await t.drift.watch.pin({ server: SERVER, by: 'admin' });
      expect(await t.drift.watch.listDrift({ open: true, server: SERVER }, 1000)).toHaveLength(0);
      expect(await record('Something else')).toBeDefined();
      expect(await t.drift.watch.listDrift({ open: true, server: SERVER }, 1000)).toHaveLength(1);
    });
  });
});
