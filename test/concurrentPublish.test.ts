/**
 * Data safety under concurrency, on every database: 50 concurrent publishes of one
 * name never produce duplicate versions or two latest versions, and concurrent
 * publishes of the same version store it exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { serverDoc } from './support/serverDocs.js';

describe.each(DATABASES)('concurrent publishes on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    let url: string;
    beforeAll(async () => {
      t = await testToolshed(kind, { databasePoolSize: 20 });
      url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    });
    afterAll(async () => {
      await t?.destroy();
    });

    const post = (doc: unknown) =>
      fetch(`${url}/v0.1/publish`, {
        method: 'POST',
        headers: { ...AUTH, 'content-type': 'application/json' },
        body: JSON.stringify(doc),
      });

    it('50 different versions at once: all stored, exactly one latest, and it is the highest', async () => {
      const name = 'com.example/race';
      const versions = Array.from({ length: 50 }, (_, i) => `1.${i}.0`);
      const results = await Promise.all(versions.map((v) => post(serverDoc(name, v))));
      expect(results.map((r) => r.status)).toEqual(versions.map(() => 200));
      const all = await (await fetch(`${url}/v0.1/servers/${encodeURIComponent(name)}/versions`)).json();
      expect(all.servers).toHaveLength(50);
      const latest = all.servers.filter((s: any) => s._meta['io.modelcontextprotocol.registry/official'].isLatest);
      expect(latest.map((s: any) => s.server.version)).toEqual(['1.49.0']);
    });

    it('50 publishes of the same version at once: one succeeds, 49 get the duplicate error', async () => {
      const name = 'com.example/same';
      const results = await Promise.all(Array.from({ length: 50 }, () => post(serverDoc(name, '1.0.0'))));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 400)).toHaveLength(49);
      const bodies = await Promise.all(results.filter((r) => r.status === 400).map((r) => r.json()));
      expect(new Set(bodies.map((b) => b.errors[0].message))).toEqual(new Set(['invalid version: cannot publish duplicate version']));
      const all = await (await fetch(`${url}/v0.1/servers/${encodeURIComponent(name)}/versions`)).json();
      expect(all.metadata.count).toBe(1);
    });
  });
});
