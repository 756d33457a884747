/**
 * The embedded database: SQLite through better-sqlite3, in WAL mode, in one file
 * under the data directory, guarded by a pid lock. Only search differs from
 * PostgreSQL (FTS5 with bm25 ranking).
 */
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type SelectQueryBuilder } from 'kysely';
import { acquireDataDirLock } from '../acquireDataDirLock.js';
import type { StoreDatabase } from '../schema.js';
import type { StoreDialect } from './storeDialect.js';
import { searchTerms } from './searchTerms.js';
import { makeDataDir } from '../../makeDataDir.js';

/**
 * Creates the database file (empty, which SQLite takes as a new database) as
 * 0600 before SQLite would create it 0644; SQLite gives its -wal and -shm files
 * the database file's mode. An existing file keeps its mode.
 */
function createOwnerOnly(file: string): void {
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/**
 * Every word required, quoted; the last one (search as you type) as a word prefix,
 * or whole as a part of a name word: a prefix of parts would match nearly any
 * three letters and cost a scan of most of the index. Undefined when there are no
 * words (`q=:::`), which matches nothing, as on PostgreSQL; FTS5 would call it a
 * syntax error.
 */
function ftsMatch(query: string): string | undefined {
  const terms = searchTerms(query);
  if (terms.length === 0) return undefined;
  return terms.map((t, i) => (i === terms.length - 1 ? `({search_name title description search_owner} : "${t}"* OR search_parts : "${t}")` : `"${t}"`)).join(' AND ');
}

/** Past any bm25 score a name, title or description match can have. */
const TOOL_RANK_OFFSET = 1_000_000;

/** Every word required in a version's tool names and descriptions, the last as a prefix (callers checked there are words). */
function toolMatch(query: string): string {
  return searchTerms(query)
    .map((t, i, all) => (i === all.length - 1 ? `"${t}"*` : `"${t}"`))
    .join(' AND ');
}

export function openSqlite(dataDir: string): StoreDialect {
  makeDataDir(dataDir);
  const file = join(dataDir, 'toolshed.db');
  const lock = acquireDataDirLock(`${file}.lock`);
  let raw: Database.Database;
  try {
    createOwnerOnly(file);
    raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('busy_timeout = 5000');
  } catch (err) {
    lock.release();
    throw err;
  }
  // Kysely prepares every query anew; compiling the SQL is most of a small query's
  // cost (the gateway looks a token up on every call), so statements are reused by
  // their text. Safe because nothing here iterates a statement while another use
  // of it could run (no streaming queries).
  const statements = new Map<string, Database.Statement>();
  const database = {
    prepare(source: string) {
      let statement = statements.get(source);
      if (!statement) {
        if (statements.size >= 1000) statements.clear();
        statement = raw.prepare(source);
        statements.set(source, statement);
      }
      return statement;
    },
    close: () => raw.close(),
  };
  const db = new Kysely<StoreDatabase>({ dialect: new SqliteDialect({ database }) });
  // One process holds the database (the pid lock), so publish/subscribe stays in memory.
  const channels = new Map<string, Set<(payload: string) => void>>();
  return {
    name: 'sqlite',
    db,
    // Transactions already run one at a time: Kysely's SQLite driver holds a single
    // connection behind a mutex, and the pid lock keeps other processes out.
    async lockName() {},
    searchMatches<O>(qb: SelectQueryBuilder<StoreDatabase, 'server_versions', O>, query: string) {
      const match = ftsMatch(query);
      if (match === undefined) return qb.where(sql<boolean>`0 = 1`);
      return qb.where(
        sql<boolean>`(server_versions.rowid IN (SELECT rowid FROM server_versions_fts WHERE server_versions_fts MATCH ${match})
          OR (server_versions.name, server_versions.version) IN (
            SELECT cs.server, cs.version FROM capability_states cs
            WHERE cs.rowid IN (SELECT rowid FROM capability_tools_fts WHERE capability_tools_fts MATCH ${toolMatch(query)})))`,
      );
    },
    rankedSearch<O>(qb: SelectQueryBuilder<StoreDatabase, 'server_versions', O>, query: string) {
      const match = ftsMatch(query);
      if (match === undefined) return qb.where(sql<boolean>`0 = 1`);
      // Column weights in the table's order: search_name, search_parts, title, description, search_owner.
      // bm25 is negative (lower is better): a tool-only match is pushed past every other one.
      return qb
        .innerJoin(
          sql<{ rowid: number; rank: number }>`(
            SELECT rowid, min(rank) AS rank FROM (
              SELECT rowid, bm25(server_versions_fts, 10.0, 4.0, 8.0, 2.0, 1.0) AS rank
              FROM server_versions_fts WHERE server_versions_fts MATCH ${match}
              UNION ALL
              SELECT sv.rowid, ${TOOL_RANK_OFFSET} + bm25(capability_tools_fts) AS rank
              FROM capability_tools_fts
              JOIN capability_states cs ON cs.rowid = capability_tools_fts.rowid
              JOIN server_versions sv ON sv.name = cs.server AND sv.version = cs.version
              WHERE capability_tools_fts MATCH ${toolMatch(query)}
            ) GROUP BY rowid
          )`.as('fts'),
          (join) => join.onRef(sql.ref('fts.rowid'), '=', sql.ref('server_versions.rowid')),
        )
        .orderBy(sql`fts.rank`, 'asc');
    },
    // The pid lock already keeps every other process out of this database.
    async tryLockRun() {
      return async () => {};
    },
    async notifyChange() {},
    async listenForChanges() {
      return async () => {};
    },
    async publish(channel, payload) {
      for (const onMessage of channels.get(channel) ?? []) onMessage(payload);
    },
    async subscribe(channel, onMessage) {
      const subscribers = channels.get(channel) ?? new Set();
      channels.set(channel, subscribers);
      const own = (payload: string) => onMessage(payload);
      subscribers.add(own);
      return async () => {
        subscribers.delete(own);
      };
    },
    async close() {
      await db.destroy();
      lock.release();
    },
  };
}
