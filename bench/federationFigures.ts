/**
 * Federation figures: an upstream Toolshed child process serving the derived
 * catalog (10,000 servers x 3 versions), mirrored by an in-process downstream on
 * each database (the engine `toolshed sync` and the schedule run): the initial
 * mirror in versions/s, then a re-sync when nothing changed upstream, in seconds.
 * The upstream is loaded once, on SQLite, and shared by both downstreams.
 */
import { loadConfig } from '../src/config.js';
import { createToolshed } from '../src/createToolshed.js';
import type { Doc } from './catalogFixture.js';
import { startChild, toolshedEnv, type RunningChild } from './childProcess.js';
import { importDerivedCatalog } from './importFigures.js';
import { progress } from './progress.js';
import { scratchDatabase, type DatabaseKind, type ScratchDatabase } from './scratchDatabases.js';

const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';

export interface MirrorFigure {
  initial: { versions: number; pages: number; seconds: number; versionsPerSec: number; rejected: number; catalogRows: number };
  resync: { seconds: number; mode: string; fetched: number; changed: number };
}

export interface FederationFigures {
  upstream: { servers: number; versions: number; loadSeconds: number };
  sqlite: MirrorFigure;
  postgres: MirrorFigure | { skipped: string };
}

const round3 = (ms: number) => Math.round(ms) / 1000;

async function mirror(kind: DatabaseKind, upstreamUrl: string): Promise<MirrorFigure> {
  const db = await scratchDatabase(kind, 'federation');
  try {
    const downstream = await createToolshed(
      loadConfig(
        {},
        {
          dataDir: db.dataDir,
          ...(db.databaseUrl ? { databaseUrl: db.databaseUrl } : {}),
          adminToken: ADMIN_TOKEN,
          reviewDefault: 'approve',
          logLevel: 'silent',
          outboundAllow: ['127.0.0.0/8'],
          outboundAllowHttp: true,
        },
      ),
    );
    try {
      await downstream.federation.addSource({ name: 'upstream', baseUrl: upstreamUrl }, 'bench');
      progress(`${kind}: federation: initial mirror`);
      let start = performance.now();
      const first = await downstream.federation.sync('upstream', (p) => {
        if (p.page % 50 === 0) progress(`${kind}:   page ${p.page}, ${p.stored} versions stored`);
      });
      const initialMs = performance.now() - start;
      const rows = await downstream.store.db
        .selectFrom('server_versions')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('origin', '=', 'upstream')
        .executeTakeFirstOrThrow();
      progress(`${kind}: federation: ${first.stored} versions in ${round3(initialMs)} s; no-change re-sync`);
      start = performance.now();
      const again = await downstream.federation.sync('upstream');
      const resyncMs = performance.now() - start;
      progress(`${kind}: federation: re-sync ${round3(resyncMs)} s (${again.fetched} fetched, ${again.changed} changed)`);
      return {
        initial: {
          versions: first.stored,
          pages: first.pages,
          seconds: round3(initialMs),
          versionsPerSec: Math.round((first.stored / initialMs) * 1000),
          rejected: first.rejected,
          catalogRows: Number(rows.n),
        },
        resync: { seconds: round3(resyncMs), mode: again.mode, fetched: again.fetched, changed: again.changed },
      };
    } finally {
      await downstream.close();
    }
  } finally {
    await db.drop();
  }
}

/** Loads the upstream database in-process, then serves it from a child like `toolshed serve`. */
async function startUpstream(catalog: Doc[][]): Promise<{ db: ScratchDatabase; child: RunningChild; loadSeconds: number }> {
  const db = await scratchDatabase('sqlite', 'upstream');
  const config = loadConfig({}, { dataDir: db.dataDir, adminToken: ADMIN_TOKEN, logLevel: 'silent', reviewDefault: 'approve', responseCacheMb: 0 });
  const loader = await createToolshed(config);
  let loadSeconds: number;
  try {
    progress(`federation: loading the upstream with ${catalog.length * 3} versions`);
    const imported = await importDerivedCatalog(loader.catalog, catalog, 1);
    if (imported.failed) throw new Error(`the upstream refused ${imported.failed} documents: ${JSON.stringify(imported.firstFailures)}`);
    loadSeconds = imported.seconds;
  } finally {
    await loader.close();
  }
  const child = await startChild('./serve-child.ts', [], toolshedEnv({ TOOLSHED_DATA_DIR: db.dataDir, TOOLSHED_ADMIN_TOKEN: ADMIN_TOKEN }));
  return { db, child, loadSeconds };
}

export async function federationFigures(catalog: Doc[][], postgresProblem: string | undefined): Promise<FederationFigures> {
  const upstream = await startUpstream(catalog);
  try {
    const sqlite = await mirror('sqlite', upstream.child.address);
    const postgres = postgresProblem ? { skipped: postgresProblem } : await mirror('postgres', upstream.child.address);
    return {
      upstream: { servers: catalog.length, versions: catalog.length * 3, loadSeconds: upstream.loadSeconds },
      sqlite,
      postgres,
    };
  } finally {
    await upstream.child.stop();
    await upstream.db.drop();
  }
}
