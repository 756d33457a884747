import type { ScanFinding, Snapshot } from '../../schemas/capabilitySnapshot.js';
import type { Tx } from '../schema.js';

/** What ranked tool search reads: each tool's name, title and description, one per line. */
export function toolSearchText(snapshot: Snapshot): string {
  const lines: string[] = [];
  for (const item of snapshot.items.tools) {
    lines.push(item.key);
    for (const field of ['title', 'description'] as const) {
      const value = item.definition[field];
      if (typeof value === 'string' && value !== '') lines.push(value);
    }
  }
  return lines.join('\n');
}

/**
 * Records what a version was seen to offer and makes it the version's current
 * snapshot (status `ok`). A row is inserted only when the hash differs from the
 * version's latest snapshot; otherwise that row's `last_seen_at` moves (and its
 * findings are refreshed, since scan rules can change), so history lists changes.
 * `isNew` says a row was inserted. Run it in a transaction: the read of the latest
 * and the write belong together.
 */
export async function recordSnapshot({
  tx,
  server,
  version,
  snapshot,
  findings,
  source,
  at,
}: {
  tx: Tx;
  server: string;
  version: string;
  snapshot: Snapshot;
  findings: readonly ScanFinding[];
  source: 'probe' | 'observed';
  /** Microseconds. */
  at: number;
}): Promise<{ id: number; isNew: boolean }> {
  const latest = await tx.selectFrom('capability_snapshots').select(['id', 'hash']).where('server', '=', server).where('version', '=', version).orderBy('id', 'desc').limit(1).executeTakeFirst();
  let id: number;
  let isNew: boolean;
  if (latest && latest.hash === snapshot.hash) {
    id = Number(latest.id);
    isNew = false;
    await tx
      .updateTable('capability_snapshots')
      .set({ last_seen_at: at, findings: JSON.stringify(findings) })
      .where('id', '=', id)
      .execute();
  } else {
    const inserted = await tx
      .insertInto('capability_snapshots')
      .values({
        server,
        version,
        hash: snapshot.hash,
        source,
        protocol_version: snapshot.protocolVersion,
        era: snapshot.era,
        body: JSON.stringify(snapshot),
        findings: JSON.stringify(findings),
        tool_count: snapshot.items.tools.length,
        first_seen_at: at,
        last_seen_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = Number(inserted.id);
    isNew = true;
  }
  const toolSearch = toolSearchText(snapshot);
  await tx
    .insertInto('capability_states')
    .values({ server, version, snapshot_id: id, status: 'ok', next_probe_at: at, tool_search: toolSearch })
    .onConflict((oc) => oc.columns(['server', 'version']).doUpdateSet({ snapshot_id: id, status: 'ok', failure_kind: null, failure_message: null, tool_search: toolSearch }))
    .execute();
  return { id, isNew };
}
