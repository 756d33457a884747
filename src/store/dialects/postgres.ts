/**
 * PostgreSQL for production: many stateless replicas share one database. Writers of
 * one server name are serialised with a transaction-scoped advisory lock (as the
 * official registry does), ranked search uses the weighted `search` tsvector (migration 008), and
 * replicas invalidate each other's caches with LISTEN/NOTIFY.
 */
import pg from 'pg';
import { Kysely, PostgresDialect, sql, type SelectQueryBuilder } from 'kysely';
import type { StoreDatabase, Tx } from '../schema.js';
import type { StoreDialect } from './storeDialect.js';
import { searchTerms } from './searchTerms.js';

// BIGINT microsecond timestamps fit in a double exactly until the year 2255.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

const CHANNEL = 'toolshed_catalog';

/** Channel names go into `LISTEN` unquoted: plain lower-case identifiers only. */
function checkChannel(channel: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`Invalid notification channel name: ${channel}`);
  return channel;
}

/**
 * Every word required; the last one (search as you type) as a word prefix, or whole
 * as a part of a name word (weight B, see migration 008). No words is an empty
 * query, which matches nothing.
 */
function tsQuery(query: string): string {
  return searchTerms(query)
    .map((t, i, all) => (i === all.length - 1 ? `(${t}:*ACD | ${t}:B)` : t))
    .join(' & ');
}

/** Every word required in a version's tool names and descriptions (migration 013), the last as a prefix. */
function toolTsQuery(query: string): string {
  return searchTerms(query)
    .map((t, i, all) => (i === all.length - 1 ? `${t}:*` : t))
    .join(' & ');
}

function searchMatches<O>(qb: SelectQueryBuilder<StoreDatabase, 'server_versions', O>, query: string) {
  return qb.where(
    sql<boolean>`(search @@ to_tsquery('english', ${tsQuery(query)})
      OR (server_versions.name, server_versions.version) IN (
        SELECT cs.server, cs.version FROM capability_states cs WHERE cs.tool_search_vector @@ to_tsquery('english', ${toolTsQuery(query)})))`,
  );
}

export interface PostgresOptions {
  url: string;
  poolSize?: number;
  /** Fails a query that waits longer than this for a connection (an outage answers 503 promptly). */
  connectionTimeoutMs?: number;
}

/**
 * A pool client that never crashes the process: pg emits 'error' on a client whose
 * connection drops, and while a client is checked out nobody else listens (pg-pool
 * only listens to idle ones). The query in flight still fails, and the pool drops
 * the broken client on release.
 */
class PoolClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', () => {});
  }
}

export function openPostgres(options: PostgresOptions): StoreDialect {
  const pool = new pg.Pool({
    Client: PoolClient,
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection (database restart) must not crash the
  // process; the pool replaces it on the next checkout.
  pool.on('error', () => {});
  const db = new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool }) });
  const listeners = new Set<pg.Client>();

  /**
   * LISTEN on a dedicated connection that reconnects (backing off up to 10 s) when
   * it drops; `onReconnect` runs once it is back, as messages may have been missed.
   * The first connection must work: its failure rejects without retrying.
   */
  async function listen(channel: string, onMessage: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>> {
    let client: pg.Client | undefined;
    let stopped = false;
    let retry: NodeJS.Timeout | undefined;
    const connect = async (delayMs: number, initial = false): Promise<void> => {
      if (stopped) return;
      const c = new pg.Client({ connectionString: options.url });
      const lost = () => {
        if (client !== c || stopped) return;
        listeners.delete(c);
        client = undefined;
        retry = setTimeout(() => void connect(Math.min(delayMs * 2, 10_000)), delayMs);
      };
      c.on('error', lost);
      c.on('end', lost);
      c.on('notification', (msg) => {
        if (msg.channel === channel) onMessage(msg.payload ?? '');
      });
      client = c;
      listeners.add(c);
      try {
        await c.connect();
        await c.query(`LISTEN ${channel}`);
        if (!initial) onReconnect?.();
      } catch (err) {
        if (initial) {
          stopped = true;
          listeners.delete(c);
          c.end().catch(() => {});
          throw err;
        }
        c.end().catch(() => {});
        lost();
      }
    };
    await connect(250, true);
    return async () => {
      stopped = true;
      clearTimeout(retry);
      if (client) {
        listeners.delete(client);
        await client.end().catch(() => {});
      }
    };
  }

  return {
    name: 'postgres',
    db,
    async lockName(tx: Tx, name: string) {
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${name}, 0))`.execute(tx);
    },
    searchMatches,
    rankedSearch<O>(qb: SelectQueryBuilder<StoreDatabase, 'server_versions', O>, query: string) {
      const tsquery = tsQuery(query);
      // Weights of D (owner), C (description), B (parts), A (the name's last segment, the title).
      // A tool-only match ranks 0 on `search`, so below every other match; among those, by the tools' own rank.
      return searchMatches(qb, query)
        .orderBy(sql`ts_rank_cd('{0.05, 0.2, 0.5, 1.0}', search, to_tsquery('english', ${tsquery}))`, 'desc')
        .orderBy(
          sql`coalesce((SELECT ts_rank_cd(cs.tool_search_vector, to_tsquery('english', ${toolTsQuery(query)})) FROM capability_states cs
            WHERE cs.server = server_versions.name AND cs.version = server_versions.version), 0)`,
          'desc',
        );
    },
    async tryLockRun(key: string) {
      // A session-level lock on a connection of its own, so it lasts across the
      // job's transactions and dies with the process (the connection closes).
      const client = await pool.connect();
      try {
        const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 1)) AS ok', [key]);
        if (!rows[0]?.ok) {
          client.release();
          return undefined;
        }
      } catch (err) {
        client.release(err as Error);
        throw err;
      }
      return async () => {
        try {
          await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 1))', [key]);
          client.release();
        } catch (err) {
          client.release(err as Error); // a broken connection: dropping it frees the lock
        }
      };
    },
    async notifyChange(tx: Tx, names: string[]) {
      if (names.length === 0) return;
      // Delivered only if and when the transaction commits.
      await sql`SELECT pg_notify(${CHANNEL}, ${JSON.stringify(names).slice(0, 7000)})`.execute(tx);
    },
    async listenForChanges(onChange) {
      // If the connection drops (database restart, network), notifications sent
      // meanwhile are lost, so on reconnect everything is invalidated.
      return listen(
        CHANNEL,
        (payload) => {
          try {
            const names = JSON.parse(payload || '[]');
            onChange(Array.isArray(names) ? names.map(String) : []);
          } catch {
            onChange([]); // a truncated payload: invalidate everything
          }
        },
        () => onChange([]),
      );
    },
    async publish(channel, payload) {
      await sql`SELECT pg_notify(${checkChannel(channel)}, ${payload})`.execute(db);
    },
    async subscribe(channel, onMessage, onReconnect) {
      return listen(checkChannel(channel), onMessage, onReconnect);
    },
    async close() {
      for (const client of listeners) await client.end().catch(() => {});
      listeners.clear();
      await db.destroy();
    },
  };
}
