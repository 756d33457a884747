/**
 * Every figure for one database, in an order that keeps them independent:
 * 1. in-process (response cache off): import the derived catalog, walk the list
 *    pages, time the search set, explain the list and search queries;
 * 2. `toolshed import` of the real dataset file into an empty database;
 * 3. a Toolshed child with the cache off: uncached cursor walk vs the baseline;
 * 4. a Toolshed child with the default cache: walk every page and run the search
 *    set, read its RSS, then cached throughput vs the baseline, then publish.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { configSchema, loadConfig } from '../src/config.js';
import { createToolshed } from '../src/createToolshed.js';
import type { Doc } from './catalogFixture.js';
import { startChild, toolshedEnv, type RunningChild } from './childProcess.js';
import { compareWithBaseline, type Comparison, type ThroughputSettings } from './httpThroughput.js';
import { importDatasetFile, importDerivedCatalog, type DatasetImportFigure, type ImportFigure } from './importFigures.js';
import { searchLatency, searchUrl, type SearchLatency } from './latency.js';
import { fetchGetter, FIRST_PAGE, walkListPages, type Getter, type Page } from './listPages.js';
import { progress } from './progress.js';
import { publishThroughput, type PublishThroughput } from './publishThroughput.js';
import { queryPlans, type PlanCase, type QueryPlan } from './queryPlans.js';
import { readRssMb } from './rss.js';
import { scratchDatabase, type DatabaseKind } from './scratchDatabases.js';
import type { SearchQuery } from './searchQueries.js';

const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';

export interface Fixture {
  catalog: Doc[][];
  queries: SearchQuery[];
  publishSequential: Doc[];
  publishConcurrent: Doc[];
}

export interface BenchSettings {
  throughput: ThroughputSettings;
  importConcurrency: Record<DatabaseKind, number>;
  publishClients: number;
  searchRounds: number;
}

export interface DatabaseFigures {
  import: ImportFigure;
  importDataset: DatasetImportFigure;
  list: { pages: number; cached: Comparison; uncached: Comparison };
  search: SearchLatency;
  publish: { sequential: PublishThroughput; concurrent: PublishThroughput };
  rssMb: number;
  rss: { atStartMb: number; afterWalkAndSearchMb: number; afterThroughputMb: number; responseCacheMb: number };
  queryPlans: QueryPlan[];
}

function injectGetter(app: FastifyInstance): Getter {
  return async (url) => {
    const res = await app.inject({ method: 'GET', url });
    return { status: res.statusCode, body: res.body, etag: String(res.headers.etag ?? '') };
  };
}

function planCases(pages: Map<string, Page>, queries: SearchQuery[]): PlanCase[] {
  const urls = [...pages.keys()];
  const midCursor = new URL(urls[Math.floor(urls.length / 2)]!, 'http://x').searchParams.get('cursor') ?? '';
  const sep = midCursor.indexOf(':');
  const first = (kind: SearchQuery['kind']) => queries.find((q) => q.kind === kind)!.q;
  const words = queries.filter((q) => q.kind === 'word');
  const search = (label: string, text: string): PlanCase => ({ label: `${label}: q=${text}`, filter: { includeDeleted: false, text }, limit: 30 });
  return [
    { label: 'list first page (limit 100)', filter: { includeDeleted: false }, limit: 100 },
    {
      label: 'list page after a mid-catalog cursor (limit 100)',
      filter: { includeDeleted: false },
      position: { kind: 'after', name: midCursor.slice(0, sep), version: midCursor.slice(sep + 1) },
      limit: 100,
    },
    search('search, most common word', first('word')),
    search('search, rare word', words[words.length - 1]!.q),
    search('search, two words', first('twoWords')),
    search('search, prefix', first('prefix')),
    // The official `search` (name substring) and `version=latest`, for comparison.
    { label: 'name substring search=semantic (limit 100)', filter: { includeDeleted: false, nameContains: 'semantic' }, limit: 100 },
    { label: 'version=latest (limit 100)', filter: { includeDeleted: false, version: 'latest' }, limit: 100 },
  ];
}

export async function benchDatabase(kind: DatabaseKind, fx: Fixture, s: BenchSettings): Promise<DatabaseFigures> {
  const db = await scratchDatabase(kind);
  const children: RunningChild[] = [];
  try {
    const config = loadConfig(
      {},
      {
        dataDir: db.dataDir,
        ...(db.databaseUrl ? { databaseUrl: db.databaseUrl } : {}),
        adminToken: ADMIN_TOKEN,
        reviewDefault: 'approve',
        logLevel: 'silent',
        responseCacheMb: 0,
      },
    );
    const inProcess = await createToolshed(config);
    let imported: ImportFigure, pages: Map<string, Page>, search: SearchLatency, plans: QueryPlan[];
    try {
      const total = fx.catalog.length * 3;
      progress(`${kind}: importing ${total} derived documents (concurrency ${s.importConcurrency[kind]})`);
      imported = await importDerivedCatalog(inProcess.catalog, fx.catalog, s.importConcurrency[kind], (done) => {
        if (done % 5000 === 0) progress(`${kind}:   ${done}/${total}`);
      });
      progress(`${kind}: import ${imported.docsPerSec} docs/s (${imported.failed} failed); walking the list`);
      pages = await walkListPages(injectGetter(inProcess.app));
      progress(`${kind}: ${pages.size} pages; search latency over ${fx.queries.length} queries`);
      search = await searchLatency(inProcess.app, fx.queries, s.searchRounds);
      progress(`${kind}: search p50 ${search.p50Ms} ms, p99 ${search.p99Ms} ms; query plans`);
      plans = await queryPlans(inProcess.store, planCases(pages, fx.queries));
    } finally {
      await inProcess.close();
    }

    progress(`${kind}: toolshed import of the dataset file into an empty database`);
    const importDataset = await importDatasetFile(kind);

    const pagesFile = join(db.dataDir, 'baseline-pages.json');
    writeFileSync(pagesFile, JSON.stringify(Object.fromEntries(pages)));
    const baseline = await startChild('./baseline-child.ts', [pagesFile], process.env);
    children.push(baseline);
    const env = toolshedEnv({ TOOLSHED_DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl, TOOLSHED_ADMIN_TOKEN: ADMIN_TOKEN });

    progress(`${kind}: uncached list throughput over ${pages.size} cursors`);
    const uncachedServer = await startChild('./serve-child.ts', [], { ...env, TOOLSHED_RESPONSE_CACHE_MB: '0' });
    children.push(uncachedServer);
    const uncached = await compareWithBaseline(uncachedServer.address, baseline.address, [...pages.keys()], s.throughput);
    await uncachedServer.stop();

    const server = await startChild('./serve-child.ts', [], env);
    children.push(server);
    const atStartMb = readRssMb(server.pid);
    progress(`${kind}: RSS: walking every page and running the search set on the server child`);
    const walked = await walkListPages(fetchGetter(server.address));
    if (walked.size !== pages.size) throw new Error(`the server child walked ${walked.size} pages, in-process ${pages.size}`);
    for (const { q } of fx.queries) {
      const res = await fetch(`${server.address}${searchUrl(q)}`);
      if (res.status !== 200) throw new Error(`search ${q} answered ${res.status}`);
      await res.arrayBuffer();
    }
    const rssMb = readRssMb(server.pid);
    progress(`${kind}: RSS ${rssMb} MB; cached list throughput`);
    const cached = await compareWithBaseline(server.address, baseline.address, [FIRST_PAGE], s.throughput);
    const afterThroughputMb = readRssMb(server.pid);

    progress(`${kind}: publish, sequential then ${s.publishClients} clients`);
    const sequential = await publishThroughput(server.address, ADMIN_TOKEN, fx.publishSequential, 1);
    const concurrent = await publishThroughput(server.address, ADMIN_TOKEN, fx.publishConcurrent, s.publishClients);
    progress(`${kind}: publish ${sequential.docsPerSec} docs/s sequential, ${concurrent.docsPerSec} docs/s concurrent`);
    await server.stop();
    await baseline.stop();

    return {
      import: imported,
      importDataset,
      list: { pages: pages.size, cached, uncached },
      search,
      publish: { sequential, concurrent },
      rssMb,
      rss: { atStartMb, afterWalkAndSearchMb: rssMb, afterThroughputMb, responseCacheMb: configSchema.parse({}).responseCacheMb },
      queryPlans: plans,
    };
  } finally {
    for (const child of children) await child.stop();
    await db.drop();
  }
}
