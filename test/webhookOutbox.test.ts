/**
 * The drift webhook outbox on both databases: concurrent claims (as two
 * replicas would make) never hand one delivery out twice for one attempt; a
 * failed attempt is due again only after its backoff; the last attempt gives
 * it up; and a re-pin resolves the server's open drift events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDueWebhooks, enqueueWebhook, insertDriftEvent, listDriftEvents, markWebhookFailed, openStore, pinSnapshot, type Store } from '../src/store/index.js';
import { DATABASES, scratchDatabase, unavailable, type ScratchDatabase } from './support/testDatabases.js';

describe.each(DATABASES)('webhook outbox and drift events on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let db: ScratchDatabase;
    let store: Store;
    beforeAll(async () => {
      db = await scratchDatabase(kind);
      store = await openStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
    });
    afterAll(async () => {
      await store?.close();
      await db?.drop();
    });

    it('hands each due delivery to one claimer only, and backs off after a failure', async () => {
      for (let i = 0; i < 10; i++) await enqueueWebhook({ tx: store.db, event: 'capability.drift', payload: `{"n":${i}}`, at: 1000 });
      const claims = await Promise.all(Array.from({ length: 4 }, () => claimDueWebhooks({ tx: store.db, now: 2000, leaseUntil: 9000, limit: 10 })));
      const ids = claims.flat().map((d) => d.id);
      expect(ids).toHaveLength(10);
      expect(new Set(ids).size).toBe(10);
      expect(claims.flat().every((d) => d.attempts === 1)).toBe(true);
      // Leased: not due again until the lease ends.
      expect(await claimDueWebhooks({ tx: store.db, now: 3000, leaseUntil: 9000, limit: 10 })).toEqual([]);
      await markWebhookFailed({ tx: store.db, id: ids[0]!, error: 'HTTP 500', at: 3000, retryAt: 5000 });
      await markWebhookFailed({ tx: store.db, id: ids[1]!, error: 'HTTP 500', at: 3000 });
      expect((await claimDueWebhooks({ tx: store.db, now: 4999, leaseUntil: 9000, limit: 10 })).map((d) => d.id)).toEqual([]);
      expect((await claimDueWebhooks({ tx: store.db, now: 5000, leaseUntil: 9000, limit: 10 })).map((d) => [d.id, d.attempts])).toEqual([[ids[0], 2]]);
      // Given up: never due again.
      expect((await claimDueWebhooks({ tx: store.db, now: 1e15, leaseUntil: 2e15, limit: 20 })).map((d) => d.id)).not.toContain(ids[1]);
    });

    it('a pin resolves the server’s open drift events with who and when, and no other server’s', async () => {
      const event = (server: string) => ({ server, version: '1.0.0', snapshotId: 2, pinnedSnapshotId: 1, via: 'probe' as const, detectedAt: 100, changes: '[]', severity: 'none' });
      await insertDriftEvent({ tx: store.db, event: event('io.example/a') });
      await insertDriftEvent({ tx: store.db, event: event('io.example/b') });
      const { resolved } = await pinSnapshot({ tx: store.db, server: 'io.example/a', snapshotId: 2, by: 'usr_admin', at: 200 });
      expect(resolved).toBe(1);
      expect(await listDriftEvents({ tx: store.db, filter: { server: 'io.example/a' }, limit: 10 })).toMatchObject([{ resolvedBy: 'usr_admin', resolvedAt: 200 }]);
      expect((await listDriftEvents({ tx: store.db, filter: { open: true }, limit: 10 })).map((e) => e.server)).toEqual(['io.example/b']);
    });
  });
});
