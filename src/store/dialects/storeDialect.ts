import type { SelectQueryBuilder } from 'kysely';
import type { DialectName } from '../dialectName.js';
import type { Db, StoreDatabase, Tx } from '../schema.js';

/** The few corners where SQLite and PostgreSQL differ; everything else is shared Kysely. */
export interface StoreDialect {
  readonly name: DialectName;
  readonly db: Db;
  /** Serialises writers of one server name until the transaction ends. */
  lockName(tx: Tx, name: string): Promise<void>;
  /**
   * Restricts the query to full-text matches of `query`: every word must match a
   * word or a part of a name word (see `nameSearchFields`), the last one also as a
   * word prefix.
   */
  searchMatches<O>(qb: SelectQueryBuilder<StoreDatabase, 'server_versions', O>, query: string): SelectQueryBuilder<StoreDatabase, 'server_versions', O>;
  /** `searchMatches`, ordered by relevance: the name's last segment and title, then parts, description, owner. */
  rankedSearch<O>(qb: SelectQueryBuilder<StoreDatabase, 'server_versions', O>, query: string): SelectQueryBuilder<StoreDatabase, 'server_versions', O>;
  /** Tells other replicas which server names changed, on commit of `tx`. */
  notifyChange(tx: Tx, names: string[]): Promise<void>;
  /** Calls `onChange` when another replica commits a change; resolves to an unsubscribe. */
  listenForChanges(onChange: (names: string[]) => void): Promise<() => Promise<void>>;
  /**
   * Sends a small message (at most 7,900 bytes) to every subscriber of `channel` in
   * every process sharing the database, this one included; not transactional, and
   * lost for subscribers whose connection is down at the time.
   */
  publish(channel: string, payload: string): Promise<void>;
  /**
   * Calls `onMessage` with every payload published on `channel`; resolves to an
   * unsubscribe. `onReconnect` runs when a lost subscription is back (messages
   * published meanwhile were missed).
   */
  subscribe(channel: string, onMessage: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  /**
   * Takes a lock that other processes sharing the database cannot take until it is
   * released (or its holder dies); resolves to the release, or to undefined when
   * another process holds it. Keeps two replicas from running one job at once.
   */
  tryLockRun(key: string): Promise<(() => Promise<void>) | undefined>;
  close(): Promise<void>;
}
