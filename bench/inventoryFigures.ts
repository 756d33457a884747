/**
 * The inventory's figures (`BENCH_ONLY=inventory npm run -s bench`), on SQLite:
 * 1. RSS with 10,000 stored snapshots of 50 tools each (and 1,000 capability
 *    views read back) against the same process with the catalog alone (in this process);
 * 2. Toolshed with its probe schedule in a child process (`inventory-child.ts`),
 *    500 targets (distinct URLs on one hand-rolled MCP server in another child,
 *    `echo-child.ts`, so the figures measure the probe and the queue, not an SDK
 *    server): the first scheduled wave (every target new) and then warm waves
 *    (every target made due at once), while nothing else is asked: servers per second;
 * 3. the catalog list's throughput (GET /v0.1/servers?limit=100, autocannon
 *    from this process, so the load generator does not share the server's event
 *    loop) during a wave against the same without one, alternating rounds: the
 *    ratio, and how fast the paced wave went meanwhile.
 * BENCH_CPU_PROF=dir: the Toolshed child writes a V8 CPU profile there.
 */
import autocannon from 'autocannon';
import { loadConfig } from '../src/config.js';
import { createToolshed } from '../src/createToolshed.js';
import { snapshotOf } from '../src/inventory/index.js';
import { recordSnapshot } from '../src/store/index.js';
import type { Doc } from './catalogFixture.js';
import { startChild, toolshedEnv, type RunningChild } from './childProcess.js';
import { progress } from './progress.js';
import { scratchDatabase } from './scratchDatabases.js';

const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';

export interface InventoryFigures {
  probe: {
    servers: number;
    concurrency: number;
    /** The first wave: every target probed for the first time. */
    coldSeconds: number;
    coldServersPerSecond: number;
    /** Warm waves, each alone: seconds and servers per second. */
    waves: Array<{ seconds: number; serversPerSecond: number }>;
    serversPerSecond: { min: number; max: number };
    failed: number;
  };
  listDuringProbes: {
    busyShare: number;
    rpsWithout: number;
    rpsDuring: number;
    ratio: number;
    roundRatios: number[];
    /** Probes per second the paced wave managed while the list was loaded, each round. */
    pacedProbesPerSecond: number[];
  };
  rss: { catalogOnlyMb: number; withSnapshotsMb: number; addedMb: number; snapshots: number; toolsEach: number };
}

const rssMb = () => Math.round((process.memoryUsage().rss / 2 ** 20) * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

async function listRps(url: string, seconds: number): Promise<number> {
  const result = await autocannon({ url, connections: 16, duration: seconds });
  return result.requests.average;
}

type Wave = { probes: number; failed: number; seconds: number };
const nextWave = async (child: RunningChild) => (JSON.parse(await child.nextLine((l) => l.startsWith('{"wave"'))) as { wave: Wave }).wave;
const report = async (child: RunningChild) => {
  child.send('report');
  return (JSON.parse(await child.nextLine((l) => l.startsWith('{"report"'))) as { report: { probes: number; seconds: number; done: boolean } }).report;
};

export async function inventoryFigures(
  catalog: Doc[][],
  opts: { probes?: number; snapshots?: number; durationSec?: number; concurrency?: number; busyShare?: number } = {},
): Promise<InventoryFigures> {
  const probes = opts.probes ?? 500;
  const snapshots = opts.snapshots ?? Number(process.env.BENCH_SNAPSHOTS ?? 10_000);
  const durationSec = opts.durationSec ?? Number(process.env.BENCH_WINDOW_SECONDS ?? 5);
  const concurrency = opts.concurrency ?? 8;
  const busyShare = opts.busyShare ?? 0.1;
  const db = await scratchDatabase('sqlite');
  // In its own process, as a remote server would be, so its work is not counted against the probes.
  const echo = await startChild('./echo-child.ts', [], toolshedEnv({}));
  const children: RunningChild[] = [echo];
  try {
    const config = loadConfig({}, { dataDir: db.dataDir, adminToken: ADMIN_TOKEN, logLevel: 'silent', verifyPackages: [] });
    const t = await createToolshed(config, {});
    const names: string[] = [];
    let rss: InventoryFigures['rss'];
    try {
      progress(`inventory: importing ${catalog.length} servers and ${probes} probe targets`);
      for (const versions of catalog) for (const doc of versions) await t.catalog.importDocument(doc as never);
      for (let i = 0; i < probes; i++) {
        const name = `io.bench.probe/s${i}`;
        names.push(name);
        await t.catalog.importDocument({
          $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
          name,
          description: 'probe target',
          version: '1.0.0',
          remotes: [{ type: 'streamable-http', url: `${echo.address}/${i}` }],
        } as never);
      }
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
      rss = { catalogOnlyMb: rssCatalogOnly, withSnapshotsMb: withSnapshots, addedMb: Math.round((withSnapshots - rssCatalogOnly) * 10) / 10, snapshots, toolsEach: 50 };
    } finally {
      // Releases the SQLite lock for the child.
      await t.close();
    }

    progress(`inventory: Toolshed with its probe schedule in a child; the first wave of ${probes} probes, ${concurrency} at once`);
    const profileDir = process.env.BENCH_CPU_PROF;
    const server = await startChild(
      './inventory-child.ts',
      [],
      toolshedEnv({
        TOOLSHED_DATA_DIR: db.dataDir,
        TOOLSHED_ADMIN_TOKEN: ADMIN_TOKEN,
        TOOLSHED_OUTBOUND_ALLOW: '127.0.0.0/8',
        TOOLSHED_OUTBOUND_ALLOW_HTTP: 'true',
        TOOLSHED_PROBE_CONCURRENCY: String(concurrency),
        TOOLSHED_PROBE_BUSY_SHARE: String(busyShare),
        // No version comes due again by itself during the run: the waves are the bench's.
        TOOLSHED_PROBE_INTERVAL_SECONDS: '604800',
        BENCH_WAVE_SIZE: String(probes),
      }),
      profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
      { stdin: true },
    );
    children.push(server);
    const cold = await nextWave(server);

    progress('inventory: warm waves with nothing else asked');
    const waves: InventoryFigures['probe']['waves'] = [];
    let failed = cold.failed;
    for (let i = 0; i < 3; i++) {
      server.send('wave');
      const w = await nextWave(server);
      failed += w.failed;
      waves.push({ seconds: w.seconds, serversPerSecond: Math.round(w.probes / w.seconds) });
    }

    progress(`inventory: catalog list throughput with and without a wave (busy share ${busyShare})`);
    const listUrl = `${server.address}/v0.1/servers?limit=100`;
    await listRps(listUrl, 1);
    let without = 0;
    let during = 0;
    const roundRatios: number[] = [];
    const paced: number[] = [];
    const rounds = 3;
    for (let r = 0; r < rounds; r++) {
      const measureWithout = () => listRps(listUrl, durationSec);
      const measureDuring = async () => {
        server.send('wave');
        const rps = await listRps(listUrl, durationSec);
        const so = await report(server);
        paced.push(Math.round((so.probes / so.seconds) * 10) / 10);
        // Once the load stops the wave finishes at full speed; wait for it, so the next measurement is quiet.
        if (!so.done) await nextWave(server);
        return rps;
      };
      let a: number;
      let b: number;
      if (r % 2 === 0) {
        a = await measureWithout();
        b = await measureDuring();
      } else {
        b = await measureDuring();
        a = await measureWithout();
      }
      without += a;
      during += b;
      roundRatios.push(round3(b / a));
    }
    const rates = waves.map((w) => w.serversPerSecond);
    return {
      probe: {
        servers: probes,
        concurrency,
        coldSeconds: cold.seconds,
        coldServersPerSecond: Math.round(cold.probes / cold.seconds),
        waves,
        serversPerSecond: { min: Math.min(...rates), max: Math.max(...rates) },
        failed,
      },
      listDuringProbes: {
        busyShare,
        rpsWithout: Math.round(without / rounds),
        rpsDuring: Math.round(during / rounds),
        ratio: round3(during / without),
        roundRatios,
        pacedProbesPerSecond: paced,
      },
      rss,
    };
  } finally {
    for (const child of children.reverse()) await child.stop();
    await db.drop();
  }
}
