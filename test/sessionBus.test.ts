/**
 * The store's publish/subscribe and the gateway's shared session bus on it, on both
 * databases: a message published on a channel reaches every subscriber (on
 * PostgreSQL, across two stores opened separately on one database, as two
 * replicas would), other channels and unsubscribed listeners get nothing, a bus
 * delivers to a stream held by another bus and stops once it unsubscribes, and a
 * message too large for the channel (or, on the in-process bus, for a stream
 * nobody holds) is reported undelivered so the gateway answers in the POST.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalSessionBus, createSharedSessionBus } from '../src/gateway/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { DATABASES, scratchDatabase, unavailable, type ScratchDatabase } from './support/testDatabases.js';

function waitFor<T>(read: () => T | undefined, ms = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      const value = read();
      if (value !== undefined) return resolve(value);
      if (Date.now() - started > ms) return reject(new Error('timed out waiting'));
      setTimeout(tick, 10);
    };
    tick();
  });
}

describe.each(DATABASES)('store publish/subscribe and the shared session bus on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let db: ScratchDatabase;
    let a: Store;
    let b: Store;

    beforeAll(async () => {
      db = await scratchDatabase(kind);
      a = await openStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
      // SQLite has one process: the "other replica" is the same store.
      b = kind === 'postgres' ? await openStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir }) : a;
    });
    afterAll(async () => {
      if (b !== a) await b?.close();
      await a?.close();
      await db?.drop();
    });

    it('delivers a payload to the subscribers of its channel only, until they unsubscribe', async () => {
      const got: string[] = [];
      const other: string[] = [];
      const stop = await b.subscribe('bus_test', (p) => got.push(p));
      const stopOther = await b.subscribe('bus_test_other', (p) => other.push(p));
      await a.publish('bus_test', 'first');
      await waitFor(() => (got.length ? got : undefined));
      expect(got).toEqual(['first']);
      await stop();
      await a.publish('bus_test', 'second');
      await a.publish('bus_test_other', 'elsewhere');
      await waitFor(() => (other.length ? other : undefined));
      expect(got).toEqual(['first']);
      expect(other).toEqual(['elsewhere']);
      await stopOther();
    });

    it('delivers a session-bus message to the stream another bus holds', async () => {
      const holder = await createSharedSessionBus(b, 'bus_test_sessions');
      const sender = await createSharedSessionBus(a, 'bus_test_sessions');
      try {
        const received: unknown[] = [];
        const unsubscribe = holder.subscribe('stream-1', (m) => received.push(m));
        const error = { jsonrpc: '2.0', id: 5, error: { code: -32602, message: 'Unknown tool: secret' } };
        expect(await sender.publish('stream-1', error)).toBe(true);
        await waitFor(() => (received.length ? received : undefined));
        expect(received).toEqual([error]);
        // Held here: delivered directly.
        expect(await holder.publish('stream-1', { id: 6 })).toBe(true);
        expect(received).toHaveLength(2);
        // Too large for NOTIFY: undelivered, so the gateway answers in the POST.
        expect(await sender.publish('stream-1', { id: 'x'.repeat(8000) })).toBe(false);
        unsubscribe();
        await sender.publish('stream-1', { id: 7 });
        await new Promise((r) => setTimeout(r, 200));
        expect(received).toHaveLength(2);
        // The in-process bus of a single replica knows when nobody holds the stream.
        expect(createLocalSessionBus().publish('stream-1', { id: 8 })).toBe(false);
      } finally {
        await holder.close();
        await sender.close();
      }
    });
  });
});
