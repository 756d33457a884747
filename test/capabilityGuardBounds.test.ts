/**
 * The capability guard's memory under a hostile upstream, on both databases:
 * a server that lists ever new tool names, or huge definitions, cannot grow
 * the guard's memory without bound (the hash memo is bounded in characters as
 * well as entries, and new names are remembered as "something new appeared",
 * not one by one), and the verdict still hides every new and changed tool.
 * List walks put together from pages are bounded in number, items, pages and
 * characters, and end on a repeated cursor or key; personal connections' holds
 * are bounded per server.
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

    it('bounds list walks and personal holds, and records a walk only when it is whole and within bounds', async () => {
      const recorded: string[][] = [];
      const guard = createCapabilityGuard({
        store: t.store,
        defaultAction: 'hide',
        recordObserved: async (list) => void recorded.push(list.definitions.map((d) => String(d.name))),
        walkLimits: { maxItems: 5, maxPages: 3, maxChars: 10_000 },
        maxWalks: 10,
      });
      await guard.reload();
      const page = (walk: string, names: string[], cursor?: string, next?: string, scope?: string) =>
        guard.observe({
          server: SERVER,
          version: '1.0.0',
          kind: 'tools',
          result: { tools: names.map((name) => (name === 'lookup' ? lookup : { name, inputSchema: { type: 'object' } })), ...(next ? { nextCursor: next } : {}) },
          firstPage: cursor === undefined,
          walk,
          ...(cursor !== undefined ? { cursor } : {}),
          ...(scope !== undefined ? { scope } : {}),
        });
      // Endless walks that never finish keep at most maxWalks in memory.
      for (let i = 0; i < 1000; i++) page(`w${i}`, ['lookup'], undefined, 'c1');
      expect(guard.memoryUse().walks).toBe(10);
      // Walks holding large definitions are bounded together in characters too.
      const big = createCapabilityGuard({ store: t.store, defaultAction: 'hide', recordObserved: async () => undefined, maxWalkChars: 50_000 });
      await big.reload();
      for (let i = 0; i < 20; i++) {
        const tools = [{ name: `big${i}`, description: 'x'.repeat(10_000), inputSchema: { type: 'object' } }];
        big.observe({ server: SERVER, version: '1.0.0', kind: 'tools', result: { tools, nextCursor: 'c1' }, firstPage: true, walk: `big${i}` });
      }
      expect(big.memoryUse().walkChars).toBeLessThanOrEqual(50_000);
      expect(big.memoryUse().walks).toBeGreaterThan(0);
      // A whole walk of two pages is one list.
      page('whole', ['lookup', 'a'], undefined, 'c1');
      page('whole', ['b'], 'c1');
      // A walk past the item bound, one with a repeated cursor, one with a key twice, one answered with the wrong cursor: nothing.
      page('many', ['lookup', 'a', 'b'], undefined, 'c1');
      page('many', ['c', 'd', 'e'], 'c1');
      page('loop', ['lookup'], undefined, 'c1');
      page('loop', ['a'], 'c1', 'c1');
      page('twice', ['lookup'], undefined, 'c1');
      page('twice', ['lookup'], 'c1');
      page('skip', ['lookup'], undefined, 'c1');
      page('skip', ['a'], 'c2');
      page('pages', ['lookup'], undefined, 'c1');
      page('pages', ['a'], 'c1', 'c2');
      page('pages', ['b'], 'c2', 'c3');
      page('pages', ['c'], 'c3');
      await guard.settled();
      expect(recorded).toEqual([['lookup', 'a', 'b']]);
      // Personal connections' holds: at most 1,000 per server, each for that connection only.
      const personal = (i: number) =>
        guard.observe({
          server: SERVER,
          version: '1.0.0',
          kind: 'tools',
          result: { tools: [{ ...lookup, description: `changed ${i}` }] },
          firstPage: true,
          walk: `p${i}`,
          scope: `person-${i}\u0000con`,
        });
      for (let i = 0; i < 1500; i++) personal(i);
      await guard.settled();
      expect(guard.memoryUse().personalScopes).toBe(1000);
      const mine = guard.verdict(SERVER, 'person-1499\u0000con');
      expect(mine.action).toBe('hide');
      expect(mine.action === 'hide' && mine.mayUse('tools', 'lookup')).toBe(false);
      const everyone = guard.verdict(SERVER);
      expect(everyone.action === 'hide' && everyone.mayUse('tools', 'lookup')).toBe(true);
      const forgotten = guard.verdict(SERVER, 'person-0\u0000con');
      expect(forgotten.action === 'hide' && forgotten.mayUse('tools', 'lookup')).toBe(true);
    });
  });
});
