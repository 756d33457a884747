/**
 * Table shapes shared by both dialects. Timestamps are integer microseconds since
 * the Unix epoch in both databases, so comparisons, cursors and formatting are
 * dialect-free and keep PostgreSQL's precision. Booleans are 0/1 integers for the
 * same reason.
 */
import type { Generated, Kysely, Transaction } from 'kysely';

export interface ServerVersionsTable {
  name: string;
  version: string;
  /** The server.json exactly as accepted, as JSON text (returned verbatim). */
  doc: string;
  status: 'active' | 'deprecated' | 'deleted';
  status_message: string | null;
  status_changed_at: number;
  published_at: number;
  updated_at: number;
  is_latest: number;
  /** Denormalised for full-text search. */
  title: string | null;
  description: string;
  /** Space-delimited, space-padded sets (` npm oci `) for the enterprise filters. */
  package_types: string;
  remote_transports: string;
}

export interface ServerRemoteUrlsTable {
  url: string;
  name: string;
  version: string;
}

export interface RegistryEventsTable {
  id: Generated<number>;
  at: number;
  action: 'publish' | 'edit' | 'status';
  name: string;
  version: string;
  actor_subject: string;
  actor_method: string;
  /** JSON text of what changed, before and after. */
  old_value: string | null;
  new_value: string;
}

export interface StoreDatabase {
  server_versions: ServerVersionsTable;
  server_remote_urls: ServerRemoteUrlsTable;
  registry_events: RegistryEventsTable;
}

export type Db = Kysely<StoreDatabase>;
/** Every store operation takes this: a transaction, or the database itself for reads. */
export type Tx = Kysely<StoreDatabase> | Transaction<StoreDatabase>;
