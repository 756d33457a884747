/**
 * Access rules on two replicas sharing PostgreSQL: a rule change saved through
 * one replica reaches the other's decide() (LISTEN/NOTIFY, then a reload), its
 * generation moves, and both end up deciding alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Toolshed } from '../src/createToolshed.js';
import { unavailable } from './support/testDatabases.js';
import { AUTH } from './support/testToolshed.js';
import { startReplicaPair, type ReplicaPair } from './support/replicaPair.js';

describe.skipIf(unavailable('postgres'))('access rules on replicas sharing PostgreSQL', () => {
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

  async function eventually(done: () => boolean): Promise<void> {
    for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 20));
  }

  it('a change on one replica reaches the other replica’s decisions', async () => {
    const alice = { id: 'usr_alice', groups: [] };
    const db1 = { server: 'com.example/db', source: '' };
    expect(b.accessPolicy.decide(alice, 'connect', db1).allowed).toBe(false);
    const generation = b.accessPolicy.generation;

    const rule = { id: 'alice-db', effect: 'allow', subject: { user: 'usr_alice' }, actions: ['connect'], resource: { server: 'com.example/db' } };
    expect((await a.app.inject({ method: 'POST', url: '/api/admin/access/rules', headers: AUTH, payload: rule })).statusCode).toBe(201);
    expect(a.accessPolicy.decide(alice, 'connect', db1).allowed).toBe(true);

    await eventually(() => b.accessPolicy.decide(alice, 'connect', db1).allowed);
    expect(b.accessPolicy.decide(alice, 'connect', db1)).toMatchObject({ allowed: true, rule: { id: 'alice-db' } });
    expect(b.accessPolicy.generation).toBeGreaterThan(generation);
    expect(b.accessPolicy.etag).toBe(a.accessPolicy.etag);

    expect((await b.app.inject({ method: 'DELETE', url: '/api/admin/access/rules/alice-db', headers: AUTH })).statusCode).toBe(204);
    await eventually(() => !a.accessPolicy.decide(alice, 'connect', db1).allowed);
    expect(a.accessPolicy.decide(alice, 'connect', db1)).toMatchObject({ allowed: false, rule: null });
    expect(a.accessPolicy.rules).toEqual([]);
  });
});
