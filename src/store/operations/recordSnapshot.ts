import type { ScanFinding, Snapshot } from '../../schemas/capabilitySnapshot.js';
import type { Tx } from '../schema.js';

/**
 * Most characters of tool text searched per version. A server chooses its descriptions, and
 * PostgreSQL refuses a tsvector over 1 MB: past it the whole snapshot failed to record, so a
 * hostile server could make its own drift go unrecorded. 200,000 characters stay below it
 * in any encoding, and a name search (`tool=`) checks the snapshot itself.
 */
export const MAX_TOOL_SEARCH_CHARS = 200_000;
/** Characters of one title or description searched. */
const MAX_FIELD_CHARS = 4_000;

/**
 * What ranked tool search reads: every tool's name, then each one's title and description,
 * one per line, bounded. Names come first so the `tool=` filter, which narrows by this text,
 * still finds every name when descriptions are cut.
 */
export function toolSearchText(snapshot: Snapshot): string {
  const lines: string[] = snapshot.items.tools.map((item) => item.key.slice(0, MAX_FIELD_CHARS));
  for (const item of snapshot.items.tools) {
    for (const field of ['title', 'description'] as const) {
      const value = item.definition[field];
      if (typeof value === 'string' && value !== '') lines.push(value.slice(0, MAX_FIELD_CHARS));
    }
  }
  const text = lines.join('\n');
  if (text.length <= MAX_TOOL_SEARCH_CHARS) return text;
  // Not through half a surrogate pair.
  const cut = text.slice(0, MAX_TOOL_SEARCH_CHARS);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/**
 * Records what a version was seen to offer and makes it the version's current
 * snapshot (status `ok`). A row is inserted only when the hash differs from the
 * version's latest snapshot; otherwise that row's `last_seen_at` moves (and its
 * findings are refreshed, since scan rules can change), so history lists changes.
 * A repeat of the version's current snapshot leaves its search text alone (same
 * hash, same text), so the full-text index is not rewritten on every probe.
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
  const latest = await tx
    .selectFrom('capability_snapshots')
    .select(['id', 'hash', 'findings'])
    .where('server', '=', server)
    .where('version', '=', version)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  let id: number;
  let isNew: boolean;
  if (latest && latest.hash === snapshot.hash) {
    id = Number(latest.id);
    isNew = false;
    const findingsJson = JSON.stringify(findings);
    await tx
      .updateTable('capability_snapshots')
      .set(findingsJson === latest.findings ? { last_seen_at: at } : { last_seen_at: at, findings: findingsJson })
      .where('id', '=', id)
      .execute();
    const current = await tx
      .updateTable('capability_states')
      .set({ status: 'ok', failure_kind: null, failure_message: null })
      .where('server', '=', server)
      .where('version', '=', version)
      .where('snapshot_id', '=', id)
      .executeTakeFirst();
    if (Number(current.numUpdatedRows) === 1) return { id, isNew };
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
