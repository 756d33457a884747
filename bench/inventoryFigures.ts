/**
 * The inventory's figures (`BENCH_ONLY=inventory npm run -s bench`), on SQLite,
 * in process:
 * 1. probe 500 local upstreams (distinct URLs on one hand-rolled MCP server in
 *    a child process, `echo-child.ts`, so the figure measures the probe and the
 *    queue, not an SDK server) with the configured bounded concurrency: servers per second;
 * 2. the catalog list's throughput (GET /v0.1/servers?limit=100, autocannon)
 *    while probes run back to back, against the same without probes, alternating
 *    rounds: the ratio; and the same probes through a second inventory on the
 *    same store whose probes get no era memo (each one first tries the modern era,
 *    as before the memo), in the same rounds: the memo's effect;
 * 3. RSS with 10,000 stored snapshots of 50 tools each (and 1,000 capability
 *    views read back) against the same process with the catalog alone.
 */
import autocannon from 'autocannon';
import { loadConfig } from '../src/config.js';
import { createToolshed } from '../src/createToolshed.js';
import { randomBytes } from 'node:crypto';
import { createSecretBox } from '../src/federation/index.js';
import { createInventory, probeServer, snapshotOf } from '../src/inventory/index.js';
import { recordSnapshot } from '../src/store/index.js';
import type { Doc } from './catalogFixture.js';
import { startChild, toolshedEnv } from './childProcess.js';
import { progress } from './progress.js';
import { scratchDatabase } from './scratchDatabases.js';

const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';

type Side = { rpsDuring: number; ratio: number; roundRatios: number[]; probesDuring: number };

export interface InventoryFigures {
  probe: { servers: number; concurrency: number; seconds: number; serversPerSecond: number; failed: number };
  listDuringProbes: {
    rpsWithout: number;
    rpsDuring: number;
    ratio: number;
    roundRatios: number[];
    probesDuring: number;
    /** The same rounds with the probes of two bare inventories (no drift watch, no metrics), with and without the era memo. */
    bareWithEraMemo: Side;
    bareWithoutEraMemo: Side;
  };
  rss: { catalogOnlyMb: number; withSnapshotsMb: number; addedMb: number; snapshots: number; toolsEach: number };
}

const rssMb = () => Math.round((process.memoryUsage().rss / 2 ** 20) * 10) / 10;

async function listRps(url: string, seconds: number): Promise<number> {
  const result = await autocannon({ url, connections: 16, duration: seconds });
  return result.requests.average;
}

export async function inventoryFigures(catalog: Doc[][], opts: { probes?: number; snapshots?: number; durationSec?: number; concurrency?: number } = {}): Promise<InventoryFigures> {
  const probes = opts.probes ?? 500;
  const snapshots = opts.snapshots ?? 10_000;
  const durationSec = opts.durationSec ?? 3;
  const concurrency = opts.concurrency ?? 8;
  const db = await scratchDatabase('sqlite');
  // In its own process, as a remote server would be, so its work is not counted against the probes.
  const echo = await startChild('./echo-child.ts', [], toolshedEnv({}));
  const upstream = { url: echo.address };
  const config = loadConfig(
    {},
    {
      dataDir: db.dataDir,
      adminToken: ADMIN_TOKEN,
      logLevel: 'silent',
      reviewDefault: 'approve',
      verifyPackages: [],
      outboundAllow: ['127.0.0.0/8'],
      outboundAllowHttp: true,
      probeConcurrency: concurrency,
    },
  );
  const t = await createToolshed(config, {});
  try {
    progress(`inventory: importing ${catalog.length} servers and ${probes} probe targets`);
    for (const versions of catalog) for (const doc of versions) await t.catalog.importDocument(doc as never);
    const names: string[] = [];
    for (let i = 0; i < probes; i++) {
      const name = `io.bench.probe/s${i}`;
      names.push(name);
      await t.catalog.importDocument({
        $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
        name,
        description: 'probe target',
        version: '1.0.0',
        remotes: [{ type: 'streamable-http', url: `${upstream.url}/${i}` }],
      } as never);
    }

    progress(`inventory: probing ${probes} upstreams, ${concurrency} at once`);
    const started = performance.now();
    const reports = await Promise.all(names.map((n) => t.inventory.probe(n)));
    const seconds = (performance.now() - started) / 1000;
    const failed = reports.filter((r) => !r.up).length;

    progress('inventory: catalog list throughput with and without probes running');
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const listUrl = `${address}/v0.1/servers?limit=100`;
    await listRps(listUrl, 1);
    // The era memo's effect: two bare inventories on the same store (no drift
    // watch, no metrics), alike but for the memo; before it, each probe negotiated from the start.
    const bare = (memo: boolean) =>
      createInventory({
        store: t.store,
        outbound: t.outbound,
        secretBox: createSecretBox(randomBytes(32).toString('hex')),
        sharedSecrets: t.upstreamSecrets,
        settings: { concurrency },
        probe: memo ? probeServer : (target, options) => probeServer(target, { ...options, eras: undefined }),
      });
    const withMemo = bare(true);
    const noMemo = bare(false);
    const sides = [
      { inventory: t.inventory, during: 0, probes: 0, ratios: [] as number[] },
      { inventory: withMemo, during: 0, probes: 0, ratios: [] as number[] },
      { inventory: noMemo, during: 0, probes: 0, ratios: [] as number[] },
    ];
    let without = 0;
    const rounds = 2;
    for (let round = 0; round < rounds; round++) {
      // Reverse the order every other round.
      for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
        const a = await listRps(listUrl, durationSec);
        let stop = false;
        const loop = (async () => {
          while (!stop) {
            await Promise.all(names.map((n) => side.inventory.probe(n).then(() => side.probes++)));
          }
        })();
        const b = await listRps(listUrl, durationSec);
        stop = true;
        await loop;
        without += a;
        side.during += b;
        side.ratios.push(Math.round((b / a) * 1000) / 1000);
      }
    }
    await withMemo.close();
    await noMemo.close();
    without /= sides.length;
    const sideOf = (x: (typeof sides)[number]): Side => ({
      rpsDuring: Math.round(x.during / rounds),
      ratio: Math.round((x.during / without) * 1000) / 1000,
      roundRatios: x.ratios,
      probesDuring: x.probes,
    });

    // After the probe and throughput rounds, so the difference is the snapshots alone.
    global.gc?.();
    const rssCatalogOnly = rssMb();
    progress(`inventory: storing ${snapshots} snapshots of 50 tools each`);
    const tools = (i: number) =>
      Array.from({ length: 50 }, (_, k) => ({
        name: `tool_${k}`,
        title: `Tool ${k}`,
        description: `Does thing ${k} for server ${i}: reads the input, checks it and answers with a summary of what it found.`,
        inputSchema: { type: 'object', properties: { query: { type: 'string', description: 'What to look for' }, limit: { type: 'integer', minimum: 1 } }, required: ['query'] },
        annotations: { readOnlyHint: k % 2 === 0 },
      }));
    for (let i = 0; i < snapshots; i += 500) {
      await t.store.db.transaction().execute(async (tx) => {
        for (let j = i; j < Math.min(snapshots, i + 500); j++) {
          const snapshot = snapshotOf({ protocolVersion: '2025-06-18', era: 'session', lists: { tools: tools(j) } });
          await recordSnapshot({ tx, server: names[j % names.length]!, version: '1.0.0', snapshot, findings: [], source: 'probe', at: j + 1 });
        }
      });
    }
    for (let i = 0; i < 1000; i++) await t.inventory.capabilities(names[i % names.length]!);
    global.gc?.();
    const withSnapshots = rssMb();
    return {
      probe: { servers: probes, concurrency, seconds: Math.round(seconds * 1000) / 1000, serversPerSecond: Math.round(probes / seconds), failed },
      listDuringProbes: {
        rpsWithout: Math.round(without / rounds),
        rpsDuring: Math.round(sides[0]!.during / rounds),
        ratio: Math.round((sides[0]!.during / without) * 1000) / 1000,
        roundRatios: sides[0]!.ratios,
        probesDuring: sides[0]!.probes,
        bareWithEraMemo: sideOf(sides[1]!),
        bareWithoutEraMemo: sideOf(sides[2]!),
      },
      rss: { catalogOnlyMb: rssCatalogOnly, withSnapshotsMb: withSnapshots, addedMb: Math.round((withSnapshots - rssCatalogOnly) * 10) / 10, snapshots, toolsEach: 50 },
    };
  } finally {
    await t.close();
    await echo.stop();
    await db.drop();
  }
}
