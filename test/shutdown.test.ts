/**
 * Shutdown is bounded: a client that connected and went silent, or sent half a
 * request head, used to keep `close()` (and so `toolshed serve` on SIGTERM)
 * waiting for ever. Now requests in flight get the grace
 * (TOOLSHED_SHUTDOWN_GRACE_SECONDS) to finish, are answered meanwhile, and the
 * connections still open after it are cut; the rest of the shutdown (audit,
 * store) then runs. A connection that never sent a byte (a load balancer's
 * pre-opened one) gets a second to start its request, not the whole grace.
 */
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createToolshed } from '../src/createToolshed.js';
import { DATABASES, scratchDatabase, unavailable, type DatabaseKind } from './support/testDatabases.js';

/** A raw client: what it received, and whether the server closed it. */
async function rawClient(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let received = '';
  socket.on('data', (chunk: Buffer) => void (received += chunk.toString('latin1')));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, closed, received: () => received };
}

/**
 * A Toolshed with this shutdown grace, listening on a free port. `close()` starts
 * its shutdown once; `cleanup()` ends whatever is left (connections, the Toolshed,
 * the scratch database), also after a failed assertion.
 */
async function listeningToolshed(kind: DatabaseKind, shutdownGraceSeconds: number) {
  const db = await scratchDatabase(kind);
  const config = loadConfig({}, { dataDir: db.dataDir, ...(db.databaseUrl ? { databaseUrl: db.databaseUrl } : {}), logLevel: 'silent', reviewDefault: 'approve', shutdownGraceSeconds });
  const t = await createToolshed(config);
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= t.close());
  const cleanup = async () => {
    t.app.server.closeAllConnections();
    await close().catch(() => {});
    await db.drop();
  };
  try {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
  } catch (err) {
    await cleanup();
    throw err;
  }
  return { t, port: (t.app.server.address() as AddressInfo).port, close, cleanup };
}

describe.each(DATABASES)('shutdown on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    it('answers a request finished during the grace, then cuts silent and half-sent connections, and closes the store', async () => {
      const { t, port, close, cleanup } = await listeningToolshed(kind, 1);
      try {
        const silent = await rawClient(port);
        const halfSent = await rawClient(port);
        halfSent.socket.write('GET /v0/health HTTP/1.1\r\nHost: toolshed.test\r\n');
        // Both are on the server before it starts closing.
        await new Promise((r) => setTimeout(r, 100));

        let closedOk = false;
        const closing = close().then(() => void (closedOk = true));
        await new Promise((r) => setTimeout(r, 100));
        expect(closedOk).toBe(false); // the grace has not passed: the half-sent request may still finish
        halfSent.socket.write('\r\n');
        await closing;

        expect(closedOk).toBe(true);
        await Promise.all([silent.closed, halfSent.closed]);
        expect(silent.received()).toBe('');
        // The request whose head arrived during the grace got a whole HTTP answer before its connection went.
        expect(halfSent.received()).toMatch(/^HTTP\/1\.1 (200|503) /);
        // The rest of the shutdown ran: the store is closed.
        await expect(sql`SELECT 1`.execute(t.store.db)).rejects.toThrow();
      } finally {
        await cleanup();
      }
    });

    it('does not hold the shutdown for the grace on connections that never send a byte, yet answers one that starts its request just after the close', async () => {
      // A grace far longer than the test may run: close() can finish only if the silent connection is cut sooner.
      const { t, port, close, cleanup } = await listeningToolshed(kind, 3_600);
      try {
        const silent = await rawClient(port);
        const late = await rawClient(port);
        const used = await rawClient(port);
        used.socket.write('GET /v0/health HTTP/1.1\r\nHost: toolshed.test\r\n\r\n');
        await expect.poll(() => used.received()).toMatch(/^HTTP\/1\.1 200 [\s\S]*\r\n\r\n/);
        await new Promise((r) => setTimeout(r, 100)); // all three are on the server

        const closing = close().then(() => 'closed');
        // A connection accepted before the close whose request arrives a moment after it is still answered.
        await new Promise((r) => setTimeout(r, 100));
        late.socket.write('GET /v0/health HTTP/1.1\r\nHost: toolshed.test\r\n\r\n');
        const outcome = await Promise.race([closing, new Promise((r) => setTimeout(r, 20_000, 'still waiting for the grace'))]);

        expect(outcome).toBe('closed');
        await Promise.all([silent.closed, late.closed, used.closed]);
        expect(silent.received()).toBe('');
        expect(late.received()).toMatch(/^HTTP\/1\.1 (200|503) /);
        await expect(sql`SELECT 1`.execute(t.store.db)).rejects.toThrow();
      } finally {
        await cleanup();
      }
    }, 30_000);
  });
});
