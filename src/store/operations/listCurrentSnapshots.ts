import { sql } from 'kysely';
import type { Tx } from '../schema.js';

const CHUNK = 500;

export interface CurrentSnapshotRow {
  server: string;
  version: string;
  /** JSON: the Snapshot. */
  body: string;
  source: 'probe' | 'observed';
  /** Microseconds: when this snapshot (this hash) was first seen for the version. */
  first_seen_at: number;
}

/**
 * The current snapshot of each (server, version) asked for that has one, in one
 * query: a list page asks for all its rows at once, never one query per row.
 */
export async function listCurrentSnapshots({ tx, versions }: { tx: Tx; versions: ReadonlyArray<{ server: string; version: string }> }): Promise<CurrentSnapshotRow[]> {
  const out: CurrentSnapshotRow[] = [];
  // Chunked: a server's versions list may hold thousands, past a statement's bound parameters.
  for (let i = 0; i < versions.length; i += CHUNK) {
    const pairs = sql.join(versions.slice(i, i + CHUNK).map((v) => sql`(${v.server}, ${v.version})`));
    const rows = await tx
      .selectFrom('capability_states as cs')
      .innerJoin('capability_snapshots as s', 's.id', 'cs.snapshot_id')
      .select(['cs.server', 'cs.version', 's.body', 's.source', 's.first_seen_at'])
      .where(sql<boolean>`(cs.server, cs.version) IN (${pairs})`)
      .execute();
    for (const r of rows) out.push({ ...r, first_seen_at: Number(r.first_seen_at) });
  }
  return out;
}
