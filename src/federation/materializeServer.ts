/**
 * Recomputes the catalog rows of one server name from what is mirrored, the
 * sources' precedence and filters, and curation. Called after every sync page and
 * every curation change, inside the caller's transaction.
 *
 * Rules: a locally published server always wins (mirrored rows of its name are
 * removed); otherwise the first source in precedence order that carries the name,
 * admits it by its filter and is not denied by curation supplies every version,
 * minus hidden ones. The latest version is the pinned one when set and visible,
 * else the official computation — done here, because upstream does not bump
 * `updatedAt` when its latest flag moves. Rows whose content, status, curation or
 * latest flag did not change keep their `updated_at`, so a no-change re-sync changes
 * nothing a downstream mirror would see.
 */
import { documentFacets, pickLatestVersion, type ServerJson } from '../catalog/index.js';
import {
  deleteServerVersion,
  insertServerVersion,
  listCatalogRowsOfName,
  listCurations,
  listMirroredVersions,
  replaceMirroredCatalogRow,
  type CurationRow,
  type MirroredVersionRow,
  type Tx,
  type VersionRow,
} from '../store/index.js';
import { filterAdmits, type SourceFilter } from './sourceFilter.js';

export interface MaterializeSource {
  name: string;
  precedence: number;
  enabled: boolean;
  filter: SourceFilter;
}

interface Desired {
  row: MirroredVersionRow;
  doc: ServerJson;
  provenance: string;
  isLatest: boolean;
}

function curationFor(curations: CurationRow[], source: string, name: string) {
  const own = curations.find((c) => c.source === source && c.name === name);
  const wide = curations.find((c) => c.source === source && c.name === '*');
  const tags = [...new Set([...(wide ? (JSON.parse(wide.tags) as string[]) : []), ...(own ? (JSON.parse(own.tags) as string[]) : [])])];
  return {
    decision: own?.decision ?? wide?.decision ?? 'allow',
    hidden: new Set(own ? (JSON.parse(own.hidden_versions) as string[]) : []),
    pinned: own?.pinned_version ?? null,
    trust: own?.trust ?? wide?.trust ?? null,
    tags,
    notes: own?.notes ?? null,
  };
}

function provenanceOf(source: string, row: MirroredVersionRow, c: ReturnType<typeof curationFor>, iso: (n: number) => string): string {
  return JSON.stringify({
    origin: 'mirror',
    source,
    upstreamPublishedAt: iso(row.upstream_published_at),
    upstreamUpdatedAt: iso(row.upstream_updated_at),
    ...(c.trust ? { trust: c.trust } : {}),
    ...(c.tags.length ? { tags: c.tags } : {}),
    ...(c.notes ? { notes: c.notes } : {}),
    ...(c.pinned ? { pinnedVersion: c.pinned } : {}),
  });
}

function localProvenance(c: ReturnType<typeof curationFor>): string | null {
  if (!c.trust && !c.tags.length && !c.notes) return null;
  return JSON.stringify({
    origin: 'local',
    ...(c.trust ? { trust: c.trust } : {}),
    ...(c.tags.length ? { tags: c.tags } : {}),
    ...(c.notes ? { notes: c.notes } : {}),
  });
}

/** Returns true when any catalog row of `name` changed. */
export async function materializeServer({
  tx,
  name,
  sources,
  at,
  formatTime,
}: {
  tx: Tx;
  name: string;
  /** Every source, enabled or not, in precedence order. */
  sources: MaterializeSource[];
  at: number;
  formatTime: (micros: number) => string;
}): Promise<boolean> {
  const existing = await listCatalogRowsOfName({ tx, name });
  const curations = await listCurations({ tx, name });
  const local = existing.filter((r) => r.origin === '');
  if (local.length) {
    let changed = false;
    for (const r of existing) {
      if (r.origin !== '') {
        await deleteServerVersion({ tx, name, version: r.version });
        changed = true;
      }
    }
    const provenance = localProvenance(curationFor(curations, '', name));
    for (const r of local) {
      if (r.provenance !== provenance) {
        await tx.updateTable('server_versions').set({ provenance, updated_at: at }).where('name', '=', name).where('version', '=', r.version).execute();
        changed = true;
      }
    }
    return changed;
  }

  const mirrored = await listMirroredVersions({ tx, name });
  let desired: Desired[] = [];
  let winner: string | undefined;
  for (const source of sources) {
    if (!source.enabled) continue;
    const rows = mirrored.filter((m) => m.source === source.name);
    if (!rows.length) continue;
    const c = curationFor(curations, source.name, name);
    if (c.decision === 'deny') continue;
    const admitted = rows
      .filter((m) => !c.hidden.has(m.version))
      .map((m) => ({ row: m, doc: JSON.parse(m.doc) as ServerJson }))
      .filter(({ row, doc }) => filterAdmits(source.filter, name, doc, row.status));
    if (!admitted.length) continue;
    winner = source.name;
    const pinned = c.pinned && admitted.some((a) => a.row.version === c.pinned && a.row.status !== 'deleted') ? c.pinned : undefined;
    const latest =
      pinned ??
      pickLatestVersion(
        admitted.map((a) => ({ version: a.row.version, status: a.row.status, published_at: a.row.upstream_published_at, is_latest: 0 })),
      )?.version;
    desired = admitted.map((a) => ({
      ...a,
      provenance: provenanceOf(source.name, a.row, c, formatTime),
      isLatest: a.row.version === latest,
    }));
    break;
  }

  const want = new Map(desired.map((d) => [d.row.version, d]));
  let changed = false;
  // Deletions and latest flags going off first: the one-latest-per-name index is not deferrable.
  for (const r of existing) {
    if (!want.has(r.version)) {
      await deleteServerVersion({ tx, name, version: r.version });
      changed = true;
    }
  }
  const current = new Map(existing.map((r) => [r.version, r]));
  const ordered = [...desired].sort((a, b) => Number(a.isLatest) - Number(b.isLatest));
  for (const d of ordered) {
    const before: VersionRow | undefined = current.get(d.row.version);
    const facets = documentFacets(d.doc);
    const content = { name, version: d.row.version, doc: d.row.doc, ...facets };
    if (!before) {
      await insertServerVersion({
        tx,
        row: {
          ...content,
          origin: winner!,
          provenance: d.provenance,
          status: d.row.status,
          statusMessage: d.row.status_message,
          statusChangedAt: Math.max(d.row.upstream_status_changed_at, d.row.upstream_published_at),
          publishedAt: d.row.upstream_published_at,
          updatedAt: at,
          isLatest: d.isLatest,
        },
      });
      changed = true;
      continue;
    }
    const same =
      before.doc === d.row.doc &&
      before.origin === winner &&
      before.provenance === d.provenance &&
      before.status === d.row.status &&
      before.status_message === d.row.status_message &&
      Number(before.is_latest) === Number(d.isLatest);
    if (same) continue;
    await replaceMirroredCatalogRow({
      tx,
      row: {
        ...content,
        origin: winner!,
        provenance: d.provenance,
        status: d.row.status,
        statusMessage: d.row.status_message,
        statusChangedAt: Math.max(d.row.upstream_status_changed_at, d.row.upstream_published_at),
        publishedAt: d.row.upstream_published_at,
        updatedAt: at,
        isLatest: d.isLatest,
      },
    });
    changed = true;
  }
  return changed;
}
