/**
 * Two Toolshed processes' worth of state on one PostgreSQL database: a write on one
 * replica invalidates the other replica's response cache (LISTEN/NOTIFY), so a
 * client alternating between them never reads a stale version after the write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Toolshed } from '../src/createToolshed.js';
import { unavailable } from './support/testDatabases.js';
import { AUTH } from './support/testToolshed.js';
import { serverDoc } from './support/serverDocs.js';
import { startReplicaPair, type ReplicaPair } from './support/replicaPair.js';

describe.skipIf(unavailable('postgres'))('replicas sharing PostgreSQL', () => {
  let pair: ReplicaPair;
  let a: Toolshed;
  let b: Toolshed;

  beforeAll(async () => {
    pair = await startReplicaPair();
    ({ a, b } = pair);
  });
  afterAll(async () => {
    await pair?.close();
  });

  async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
    let value = await read();
    for (let i = 0; i < 100 && !done(value); i++) {
      await new Promise((r) => setTimeout(r, 20));
      value = await read();
    }
    return value;
  }

  it('a publish on one replica invalidates the other replica’s cached listing and detail', async () => {
    const url = `/v0.1/servers/${encodeURIComponent('com.example/shared')}/versions/latest`;
    expect((await b.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: serverDoc('com.example/shared', '1.0.0') })).statusCode).toBe(200);
    // let b's first notification reach a, then a caches both responses
    await new Promise((r) => setTimeout(r, 300));
    expect((await a.app.inject({ url })).json().server.version).toBe('1.0.0');
    expect((await a.app.inject({ url: '/v0.1/servers' })).json().metadata.count).toBe(1);
    expect(a.catalog.cache.size).toBe(2);

    expect((await b.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: serverDoc('com.example/shared', '2.0.0') })).statusCode).toBe(200);

    const detail = await eventually(
      async () => (await a.app.inject({ url })).json().server.version,
      (v) => v === '2.0.0',
    );
    expect(detail).toBe('2.0.0');
    expect((await a.app.inject({ url: '/v0.1/servers' })).json().metadata.count).toBe(2);
  });
});
