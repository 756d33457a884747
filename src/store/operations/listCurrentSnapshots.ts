import { sql } from 'kysely';
import type { Tx } from '../schema.js';

/** Versions per statement: a server's versions list may hold thousands, past a statement's bound parameters. */
const CHUNK = 500;

export interface CurrentSnapshotRef {
  server: string;
  version: string;
  /** The snapshot row's id: its body never changes, so readers may keep what they derive from it by id. */
  id: number;
  source: 'probe' | 'observed';
  /** Microseconds: when this snapshot (this hash) was first seen for the version. */
  first_seen_at: number;
}

/**
 * The current snapshot of each (server, version) asked for that has one, without
 * bodies, in one query per 500 versions: a list page asks for all its rows at
 * once, never one query per row. Bodies come from `listSnapshotBodies`.
 */
export async function listCurrentSnapshots({ tx, versions }: { tx: Tx; versions: ReadonlyArray<{ server: string; version: string }> }): Promise<CurrentSnapshotRef[]> {
  const out: CurrentSnapshotRef[] = [];
  for (let i = 0; i < versions.length; i += CHUNK) {
    const pairs = sql.join(versions.slice(i, i + CHUNK).map((v) => sql`(${v.server}, ${v.version})`));
    const rows = await tx
      .selectFrom('capability_states as cs')
      .innerJoin('capability_snapshots as s', 's.id', 'cs.snapshot_id')
      .select(['cs.server', 'cs.version', 's.id', 's.source', 's.first_seen_at'])
      .where(sql<boolean>`(cs.server, cs.version) IN (${pairs})`)
      .execute();
    for (const r of rows) out.push({ ...r, id: Number(r.id), first_seen_at: Number(r.first_seen_at) });
  }
  return out;
}
