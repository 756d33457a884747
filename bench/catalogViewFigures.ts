/**
 * Per-user catalog figures for one database: `GET /v0.1/servers?limit=100` as a
 * user of a private catalog, against the public listing of the same catalog.
 *
 * The rule set is a realistic one: the user's groups are allowed on most of the
 * catalog's namespaces by prefix, with a namespace and a few dozen servers denied,
 * among 1,000 rules for 100 other groups and some users. Public and private run
 * the same child script (catalog-view-child.ts), differing only in visibility.
 * Both servers run side by side (on SQLite, the private one on a copy of the
 * data directory) and are measured in alternating rounds, the public one as the
 * baseline, so machine drift lands on both. Cached: the user's first page
 * repeatedly, against the public page starting at the same server (the same
 * bytes, so only the per-user work differs); uncached (response cache off):
 * walking every page's cursor on each side.
 */
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccessRule } from '../src/access/accessRules.js';
import { createDecider } from '../src/access/createDecider.js';
import { loadConfig } from '../src/config.js';
import { createToolshed } from '../src/createToolshed.js';
import type { Doc } from './catalogFixture.js';
import { startChild, toolshedEnv, type RunningChild } from './childProcess.js';
import { compareWithBaseline, type Comparison, type ThroughputSettings } from './httpThroughput.js';
import { importDerivedCatalog } from './importFigures.js';
import { fetchGetter, FIRST_PAGE, walkListPages, type Page } from './listPages.js';
import { progress } from './progress.js';
import { scratchDatabase, type DatabaseKind } from './scratchDatabases.js';

const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
const USER = { id: 'u-bench', groups: ['platform', 'data', 'g7'] };
export const USER_AUTHORIZATION = `Bearer test-user:${USER.id}:${USER.groups.join(',')}`;

export interface CatalogViewFigures {
  rules: number;
  servers: number;
  visibleServers: number;
  /** Pages of the walk at limit 100, for each side. */
  pages: { public: number; private: number };
  /**
   * The cached comparison's URLs: the user's first page, and the public page that
   * starts at the same server, so both sides send (nearly always exactly) the same bytes.
   */
  cachedPaths: { private: string; public: string; sameBytes: boolean; bytes: number };
  /** The private server against the public one (`baseline*` is the public side). */
  cached: Comparison;
  uncached: Comparison;
  /** Private listing throughput as a share of the public one. */
  ratio: { cached: number; uncached: number };
}

/** mulberry32, so every run has the same rules. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The bench user's rules (most namespaces allowed, some denied) among 1,000 rules in all. */
export function catalogViewRules(names: string[]): AccessRule[] {
  const random = prng(7);
  const int = (n: number) => Math.floor(random() * n);
  const rules: AccessRule[] = [];
  const allow = (id: string, subject: AccessRule['subject'], server: string) => rules.push({ id, effect: 'allow', subject, actions: ['discover', 'connect'], resource: { server } });
  const deny = (id: string, subject: AccessRule['subject'], server: string) => rules.push({ id, effect: 'deny', subject, actions: ['discover'], resource: { server } });
  // Dataset namespaces are io.github.<owner>: prefixes by the owner's first letter.
  for (const letter of 'abcdefghijklmnop') allow(`platform-${letter}`, { group: 'platform' }, `io.github.${letter}*`);
  for (const letter of 'rst') allow(`data-${letter}`, { group: 'data' }, `io.github.${letter}*`);
  deny('no-kukapay', { group: 'platform' }, 'io.github.kukapay/*');
  for (let i = 0; i < 40; i++) deny(`deny-${i}`, { everyone: true }, names[int(names.length)]!);
  allow('everyone-one', { everyone: true }, names[int(names.length)]!);
  while (rules.length < 1000) {
    const i = rules.length;
    const subject: AccessRule['subject'] = random() < 0.8 ? { group: `g${int(100)}` } : { user: `u${int(500)}` };
    const server = random() < 0.3 ? `io.github.${'abcdefghijklmnopqrstuvwxyz'[int(26)]}*` : names[int(names.length)]!;
    if (random() < 0.8) allow(`filler-${i}`, subject, server);
    else deny(`filler-${i}`, subject, server);
  }
  return rules;
}

interface Side {
  env: NodeJS.ProcessEnv;
}

/** Starts the public and the private server side by side. */
async function startPair(pub: Side, priv: Side, rulesFile: string, extra: Record<string, string>, children: RunningChild[]) {
  const a = await startChild('./catalog-view-child.ts', [rulesFile], { ...pub.env, ...extra });
  children.push(a);
  const b = await startChild('./catalog-view-child.ts', [rulesFile], { ...priv.env, ...extra });
  children.push(b);
  return { pub: a, priv: b };
}

function check(label: string, c: Comparison): void {
  if (c.non2xx || c.errors) throw new Error(`${label} answered ${c.non2xx} non-2xx and ${c.errors} errors`);
}

async function measure(kind: DatabaseKind, db: { dataDir: string; databaseUrl: string | undefined }, rulesFile: string, s: ThroughputSettings, children: RunningChild[]) {
  const env = toolshedEnv({ TOOLSHED_DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl, TOOLSHED_ADMIN_TOKEN: ADMIN_TOKEN });
  // SQLite admits one process per data directory: the private server gets a copy.
  const privateDir = kind === 'sqlite' ? `${db.dataDir}-private` : db.dataDir;
  if (privateDir !== db.dataDir) cpSync(db.dataDir, privateDir, { recursive: true });
  const headers = { authorization: USER_AUTHORIZATION };
  const pubSide: Side = { env: { ...env, TOOLSHED_CATALOG_VISIBILITY: 'public' } };
  const privSide: Side = { env: { ...env, TOOLSHED_DATA_DIR: privateDir, TOOLSHED_CATALOG_VISIBILITY: 'private' } };
  try {
    const uncachedPair = await startPair(pubSide, privSide, rulesFile, { TOOLSHED_RESPONSE_CACHE_MB: '0' }, children);
    const pubPages: Map<string, Page> = await walkListPages(fetchGetter(uncachedPair.pub.address));
    const privPages: Map<string, Page> = await walkListPages(fetchGetter(uncachedPair.priv.address, headers));
    progress(`${kind}: catalog view: uncached, private (${privPages.size} cursors) against public (${pubPages.size} cursors)`);
    // The public server's read API is anonymous: it ignores the Authorization header.
    const uncached = await compareWithBaseline(uncachedPair.priv.address, uncachedPair.pub.address, [...privPages.keys()], s, headers, [...pubPages.keys()]);
    check('uncached listing', uncached);
    await uncachedPair.pub.stop();
    await uncachedPair.priv.stop();
    // The same bytes on both sides: the public page that starts where the user's first page does.
    const firstVisible = (JSON.parse(privPages.get(FIRST_PAGE)!.body) as { servers: Array<{ server: { name: string } }> }).servers[0]!.server.name;
    const publicPath = `${FIRST_PAGE}&cursor=${encodeURIComponent(`${firstVisible}:`)}`;
    const cachedPair = await startPair(pubSide, privSide, rulesFile, {}, children);
    const [privBody, pubBody] = await Promise.all([fetchGetter(cachedPair.priv.address, headers)(FIRST_PAGE), fetchGetter(cachedPair.pub.address)(publicPath)]);
    progress(`${kind}: catalog view: cached, private against public`);
    const cached = await compareWithBaseline(cachedPair.priv.address, cachedPair.pub.address, [FIRST_PAGE], s, headers, [publicPath]);
    check('cached listing', cached);
    await cachedPair.pub.stop();
    await cachedPair.priv.stop();
    const cachedPaths = { private: FIRST_PAGE, public: publicPath, sameBytes: privBody.body === pubBody.body, bytes: privBody.body.length };
    return { pages: { public: pubPages.size, private: privPages.size }, cachedPaths, cached, uncached };
  } finally {
    if (privateDir !== db.dataDir) rmSync(privateDir, { recursive: true, force: true });
  }
}

export async function catalogViewFigures(kind: DatabaseKind, catalog: Doc[][], s: ThroughputSettings, importConcurrency: number): Promise<CatalogViewFigures> {
  const db = await scratchDatabase(kind, 'view');
  const children: RunningChild[] = [];
  try {
    const config = loadConfig(
      {},
      { dataDir: db.dataDir, ...(db.databaseUrl ? { databaseUrl: db.databaseUrl } : {}), adminToken: ADMIN_TOKEN, logLevel: 'silent', reviewDefault: 'approve', responseCacheMb: 0 },
    );
    const inProcess = await createToolshed(config);
    try {
      progress(`${kind}: catalog view: importing ${catalog.length * 3} documents`);
      await importDerivedCatalog(inProcess.catalog, catalog, importConcurrency);
    } finally {
      await inProcess.close();
    }
    const names = catalog.map((versions) => versions[0]!.name);
    const rules = catalogViewRules(names);
    const decider = createDecider(rules);
    const visibleServers = names.filter((server) => decider.decide(USER, 'discover', { server }).allowed).length;
    const rulesFile = join(db.dataDir, 'view-rules.json');
    writeFileSync(rulesFile, JSON.stringify(rules));
    progress(`${kind}: catalog view: the user sees ${visibleServers} of ${names.length} servers`);
    const measured = await measure(kind, db, rulesFile, s, children);
    const figures: CatalogViewFigures = {
      rules: rules.length,
      servers: names.length,
      visibleServers,
      ...measured,
      ratio: { cached: measured.cached.ratio, uncached: measured.uncached.ratio },
    };
    progress(`${kind}: catalog view: private/public cached ${figures.ratio.cached}, uncached ${figures.ratio.uncached}`);
    return figures;
  } finally {
    for (const child of children) await child.stop();
    await db.drop();
  }
}
