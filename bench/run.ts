/**
 * `npm run bench`: builds the dataset-derived catalog, runs every figure on SQLite
 * and on PostgreSQL (skipped with the reason when it is not reachable), and prints
 * one JSON document on stdout. Throughput is only ever reported as a ratio to a
 * baseline measured in the same run; progress goes to stderr.
 *
 * `BENCH_ONLY=catalog-view npm run -s bench` runs only the access figures (decide()
 * and the per-user catalog listing against the public one) and prints the same
 * document without the other figures. BENCH_SERVERS and BENCH_DURATION_SEC apply.
 * `npm run -s bench -- gateway` runs only the gateway figures; `BENCH_ONLY=drift-guard`
 * only the pinned-vs-unpinned tools/list latency.
 */
import { cpus, totalmem } from 'node:os';
import { catalogViewFigures } from './catalogViewFigures.js';
import { decideFigures } from './decideFigures.js';
import { driftGuardChecks, driftGuardFigures } from './driftGuardFigures.js';
import { benchDatabase, type BenchSettings, type DatabaseFigures, type Fixture } from './benchDatabase.js';
import { DATASET_PATH, deriveCatalog, loadDataset, publishDocuments, splitValid, type Doc } from './catalogFixture.js';
import { federationFigures } from './federationFigures.js';
import { gatewayChecks, gatewayFigures, type GatewaySettings } from './gatewayFigures.js';
import { inventoryFigures } from './inventoryFigures.js';
import { progress } from './progress.js';
import { postgresUnavailable } from './scratchDatabases.js';
import { searchQueries } from './searchQueries.js';
import { catalogViewChecks, evaluateTargets } from './targets.js';
import { webUiFigures } from './webUiFigures.js';

const SERVERS = Number(process.env.BENCH_SERVERS ?? 10_000);
const ONLY = process.env.BENCH_ONLY;

const settings: BenchSettings = {
  throughput: { connections: 32, warmupSec: 1, durationSec: Number(process.env.BENCH_DURATION_SEC ?? 3), rounds: 2 },
  // SQLite runs one transaction at a time whatever the concurrency, so it imports
  // like the CLI (sequentially); PostgreSQL spends most of an import in round trips.
  importConcurrency: { sqlite: 1, postgres: 8 },
  publishClients: 8,
  searchRounds: 5,
};

const gatewaySettings: GatewaySettings = {
  connections: 32,
  warmupSec: 1,
  durationSec: Number(process.env.BENCH_DURATION_SEC ?? 3),
  rounds: 2,
  sequentialCalls: 2000,
  streams: 1000,
  progressEvents: 400,
  // One worker process, as the gateway is one Node process.
  nginxWorkers: Number(process.env.BENCH_NGINX_WORKERS ?? 1),
};

const machine = () => ({ cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryMb: Math.round(totalmem() / 2 ** 20), node: process.version });

/** `bench gateway`: the gateway figures alone. */
async function gatewayOnly(): Promise<number> {
  const gateway = await gatewayFigures(gatewaySettings);
  const checks = gatewayChecks(gateway);
  process.stdout.write(`${JSON.stringify({ machine: machine(), settings: gatewaySettings, gateway, targets: { checks, allMet: checks.every((c) => c.met) } }, null, 2)}\n`);
  progress('done');
  return 0;
}

/** `BENCH_ONLY=drift-guard`: tools/list through the gateway with and without a pin. */
async function driftGuardOnly(): Promise<number> {
  const driftGuard = await driftGuardFigures();
  const checks = driftGuardChecks(driftGuard);
  process.stdout.write(`${JSON.stringify({ machine: machine(), driftGuard, targets: { checks, allMet: checks.every((c) => c.met) } }, null, 2)}\n`);
  progress('done');
  return 0;
}

async function main(): Promise<number> {
  if (process.argv[2] === 'gateway' || ONLY === 'gateway') return gatewayOnly();
  if (ONLY === 'drift-guard') return driftGuardOnly();
  let dataset: Doc[];
  try {
    dataset = loadDataset();
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).message}\n`);
    return 1;
  }
  const { valid, rejected } = splitValid(dataset);
  const fixture: Fixture = {
    catalog: deriveCatalog(valid, SERVERS),
    queries: searchQueries(dataset),
    publishSequential: publishDocuments(valid, 400, 'pubseq'),
    publishConcurrent: publishDocuments(valid, 1200, 'pubconc'),
  };
  progress(`catalog: ${fixture.catalog.length} servers x 3 versions from the ${valid.length} valid of ${dataset.length} documents`);
  if (ONLY === 'inventory') {
    const inventory = await inventoryFigures(deriveCatalog(valid, Number(process.env.BENCH_SERVERS ?? 1_000)));
    process.stdout.write(`${JSON.stringify({ machine: machine(), inventory }, null, 2)}\n`);
    progress('done');
    return 0;
  }
  if (ONLY !== undefined && ONLY !== 'catalog-view') {
    process.stderr.write(`bench: BENCH_ONLY=${ONLY} is unknown (the partial runs are catalog-view, inventory, gateway and drift-guard)\n`);
    return 1;
  }

  progress('access: decide() over 1,000 rules and 100 groups');
  const decide = decideFigures();
  const pgProblemForView = await postgresUnavailable();
  const catalogView = {
    decide,
    sqlite: await catalogViewFigures('sqlite', fixture.catalog, settings.throughput, settings.importConcurrency.sqlite),
    postgres: pgProblemForView ? { skipped: pgProblemForView } : await catalogViewFigures('postgres', fixture.catalog, settings.throughput, settings.importConcurrency.postgres),
  };
  const catalogSummary = {
    source: DATASET_PATH,
    datasetDocuments: dataset.length,
    derivedFrom: valid.length,
    refusedByValidation: rejected,
    servers: fixture.catalog.length,
    versions: fixture.catalog.length * 3,
    searchQueries: fixture.queries,
  };
  if (ONLY === 'catalog-view') {
    const checks = catalogViewChecks(catalogView);
    const report = { machine: machine(), catalog: catalogSummary, settings, catalogView, targets: { checks, allMet: checks.every((c) => c.met) } };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    progress('done');
    return 0;
  }

  const sqlite = await benchDatabase('sqlite', fixture, settings);
  const pgProblem = await postgresUnavailable();
  let postgres: DatabaseFigures | { skipped: string };
  if (pgProblem) {
    progress(`postgres skipped: ${pgProblem}`);
    postgres = { skipped: pgProblem };
  } else {
    postgres = await benchDatabase('postgres', fixture, settings);
  }
  const federation = await federationFigures(fixture.catalog, pgProblem);
  // In Chromium; skipped with the reason when it is not installed.
  const webUi = await webUiFigures(fixture.catalog, fixture.queries);

  const gateway = await gatewayFigures(gatewaySettings);
  const driftGuard = await driftGuardFigures();
  progress('inventory: probes, list throughput during them, snapshot RSS');
  const inventory = await inventoryFigures(deriveCatalog(valid, 1_000));
  const targets = evaluateTargets(sqlite, postgres, federation, catalogView, webUi);
  targets.checks.push(...gatewayChecks(gateway), ...driftGuardChecks(driftGuard));
  targets.allMet = targets.checks.every((c) => c.met);

  const report = {
    machine: machine(),
    catalog: catalogSummary,
    settings: { ...settings, gateway: gatewaySettings },
    sqlite,
    postgres,
    federation,
    catalogView,
    webUi,
    gateway,
    driftGuard,
    inventory,
    targets,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  progress('done');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  },
);
