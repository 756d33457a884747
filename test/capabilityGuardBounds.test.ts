/**
 * The capability guard's memory under a hostile upstream, on both databases:
 * a server that lists ever new tool names, or huge definitions, cannot grow
 * the guard's memory without bound (the hash memo is bounded in characters as
 * well as entries, and new names are remembered as "something new appeared",
 * not one by one), and the verdict still hides every new and changed tool.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCapabilityGuard, snapshotOf } from '../src/inventory/index.js';
import { nowMicros, recordSnapshot } from '../src/store/index.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { testToolshed, type TestToolshed } from './support/testToolshed.js';

const SERVER = 'io.example/hostile-lists';
const lookup = { name: 'lookup', description: 'Look up a record', inputSchema: { type: 'object' } };

describe.each(DATABASES)('capability guard bounds on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;

    beforeAll(async () => {
      t = await testToolshed(kind);
      await t.catalog.importDocument({
        $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
        name: SERVER,
        description: 'Hostile lists',
        version: '1.0.0',
        remotes: [{ type: 'streamable-http', url: 'https://mcp.example.com/hostile' }],
      } as never);
      const snapshot = snapshotOf({ protocolVersion: '2025-06-18', era: 'session', lists: { tools: [lookup] } });
      await t.store.db.transaction().execute((tx) => recordSnapshot({ tx, server: SERVER, version: '1.0.0', snapshot, findings: [], source: 'probe', at: nowMicros() }));
      await t.drift.watch.pin({ server: SERVER, by: 'admin' });
    });
    afterAll(async () => {
      await t?.destroy();
    });

    it('keeps its memory bounded against endless new names and huge definitions, and still hides them', async () => {
      const guard = createCapabilityGuard({ store: t.store, defaultAction: 'hide', recordObserved: async () => undefined, hashMemoChars: 100_000 });
      await guard.reload();
      const huge = 'x'.repeat(200_000);
      for (let round = 0; round < 20; round++) {
        const tools = [lookup, ...Array.from({ length: 500 }, (_, i) => ({ name: `new_${round}_${i}`, description: i < 5 ? huge + round + i : 'd' }))];
        guard.observe({ server: SERVER, version: '1.0.0', kind: 'tools', result: { tools }, firstPage: false });
      }
      const use = guard.memoryUse();
      // 10,000 new names and 100 definitions of 200,000 characters were seen.
      expect(use.driftedKeys).toBeLessThanOrEqual(4);
      expect(use.hashedChars).toBeLessThanOrEqual(100_000);
      expect(use.hashedDefinitions).toBeGreaterThan(0);
      const verdict = guard.verdict(SERVER);
      expect(verdict.action).toBe('hide');
      if (verdict.action !== 'hide') return;
      expect(verdict.mayUse('tools', 'lookup')).toBe(true);
      expect(verdict.mayList('tools', lookup)).toBe(true);
      expect(verdict.mayUse('tools', 'new_3_7')).toBe(false);
      expect(verdict.mayList('tools', { name: 'new_3_7', description: 'd' })).toBe(false);
    });
  });
});
