/**
 * Recomputes the catalog rows of server names from what is mirrored, the
 * sources' precedence and filters, and curation. Called after every sync page and
 * every curation change, inside the caller's transaction, for a batch of names at
 * once: three reads per 500 names, and one insert per 200 new rows.
 *
 * Rules: a locally published server always wins (mirrored rows of its name are
 * removed); otherwise the first source in precedence order that carries the name,
 * admits it by its filter and is not denied by curation supplies every version,
 * minus hidden ones. The latest version is the pinned one when set and visible,
 * else the official computation — done here, because upstream does not bump
 * `updatedAt` when its latest flag moves. Rows whose content, status, curation,
 * review state or latest flag did not change keep their `updated_at`, so a no-change
 * re-sync changes nothing a downstream mirror would see.
 *
 * Review (issue #21): each mirrored version carries the state of its review from
 * the source that supplies it. A version without one (new upstream, or now
 * supplied by another source) starts one through `startReview`, under that
 * source's approval policy, in this transaction. Latest means the latest approved
 * version, and a curated pin holds only while the pinned version is approved.
 */
import { documentFacets, pickLatestVersion, type ServerJson } from '../catalog/index.js';
import type { ReviewState } from '../schemas/governance.js';
import {
  deleteServerVersion,
  insertMirroredCatalogRows,
  listCatalogRowsOfNames,
  listCurationsOfNames,
  listMirroredVersionsOfNames,
  listVersionReviewsOfNames,
  replaceMirroredCatalogRow,
  type CurationRow,
  type MirroredVersionRow,
  type NewServerVersion,
  type Tx,
  type VersionReviewRow,
  type VersionRow,
} from '../store/index.js';
import { filterAdmits, type SourceFilter } from './sourceFilter.js';

export interface MaterializeSource {
  name: string;
  precedence: number;
  enabled: boolean;
  filter: SourceFilter;
}

/** One version newly mirrored from a source (or now supplied by another source): its review starts. */
export interface MirroredSubmission {
  source: string;
  name: string;
  version: string;
  doc: ServerJson;
  status: 'active' | 'deprecated' | 'deleted';
  at: number;
}

/**
 * Starts the review of a mirrored version inside the materializing transaction and
 * resolves to the state readers see (the governance plane's, handed in by
 * composition). Without it every mirrored version is approved (as before review).
 */
export type StartMirroredReview = (tx: Tx, submission: MirroredSubmission) => Promise<ReviewState>;

interface Desired {
  row: MirroredVersionRow;
  provenance: string;
  isLatest: boolean;
  reviewState: ReviewState;
}

type CatalogRow = NewServerVersion & Required<Pick<NewServerVersion, 'status' | 'statusMessage' | 'statusChangedAt' | 'updatedAt' | 'origin' | 'provenance' | 'reviewState'>>;

/** What a batch must write, in an order the one-latest-per-name index accepts. */
interface Plan {
  deletes: Array<{ name: string; version: string }>;
  localProvenance: Array<{ name: string; version: string; provenance: string | null }>;
  /** Replacements that leave or turn the latest flag off: before any row turns it on. */
  replacesOff: CatalogRow[];
  inserts: CatalogRow[];
  replacesOn: CatalogRow[];
  changedNames: Set<string>;
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

function group<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

interface PlanContext {
  tx: Tx;
  sources: MaterializeSource[];
  at: number;
  formatTime: (micros: number) => string;
  startReview: StartMirroredReview | undefined;
}

/** The review state of a mirrored version: its review's when that review is of the same source, else a review starts. */
async function reviewStateOf(ctx: PlanContext, source: string, row: MirroredVersionRow, review: VersionReviewRow | undefined): Promise<ReviewState> {
  if (review && review.source === source) return review.state;
  if (!ctx.startReview) return 'approved';
  return ctx.startReview(ctx.tx, { source, name: row.name, version: row.version, doc: JSON.parse(row.doc) as ServerJson, status: row.status, at: ctx.at });
}

async function planName(plan: Plan, name: string, existing: VersionRow[], mirrored: MirroredVersionRow[], curations: CurationRow[], reviews: VersionReviewRow[], ctx: PlanContext): Promise<void> {
  const { sources, at, formatTime } = ctx;
  const local = existing.filter((r) => r.origin === '');
  if (local.length) {
    for (const r of existing) {
      if (r.origin !== '') {
        plan.deletes.push({ name, version: r.version });
        plan.changedNames.add(name);
      }
    }
    const provenance = localProvenance(curationFor(curations, '', name));
    for (const r of local) {
      if (r.provenance !== provenance) {
        plan.localProvenance.push({ name, version: r.version, provenance });
        plan.changedNames.add(name);
      }
    }
    return;
  }

  let desired: Desired[] = [];
  let winner: string | undefined;
  for (const source of sources) {
    if (!source.enabled) continue;
    const rows = mirrored.filter((m) => m.source === source.name);
    if (!rows.length) continue;
    const c = curationFor(curations, source.name, name);
    if (c.decision === 'deny') continue;
    // Parsing is the costly part of a no-change pass: only a package-type filter needs the document.
    const needsDoc = Boolean(source.filter.packageTypes?.length);
    const admitted = rows.filter((m) => !c.hidden.has(m.version) && filterAdmits(source.filter, name, needsDoc ? (JSON.parse(m.doc) as ServerJson) : ({} as ServerJson), m.status));
    if (!admitted.length) continue;
    winner = source.name;
    const states = new Map<string, ReviewState>();
    for (const a of admitted)
      states.set(
        a.version,
        await reviewStateOf(
          ctx,
          source.name,
          a,
          reviews.find((r) => r.version === a.version),
        ),
      );
    const pinned = c.pinned && admitted.some((a) => a.version === c.pinned && a.status !== 'deleted' && states.get(a.version) === 'approved') ? c.pinned : undefined;
    const latest =
      pinned ?? pickLatestVersion(admitted.map((a) => ({ version: a.version, status: a.status, published_at: a.upstream_published_at, is_latest: 0, review_state: states.get(a.version)! })))?.version;
    desired = admitted.map((row) => ({ row, provenance: provenanceOf(source.name, row, c, formatTime), isLatest: row.version === latest, reviewState: states.get(row.version)! }));
    break;
  }

  const want = new Set(desired.map((d) => d.row.version));
  for (const r of existing) {
    if (!want.has(r.version)) {
      plan.deletes.push({ name, version: r.version });
      plan.changedNames.add(name);
    }
  }
  const current = new Map(existing.map((r) => [r.version, r]));
  for (const d of desired) {
    const before = current.get(d.row.version);
    if (
      before &&
      before.doc === d.row.doc &&
      before.origin === winner &&
      before.provenance === d.provenance &&
      before.status === d.row.status &&
      before.status_message === d.row.status_message &&
      before.review_state === d.reviewState &&
      Number(before.is_latest) === Number(d.isLatest)
    ) {
      continue;
    }
    const row: CatalogRow = {
      name,
      version: d.row.version,
      doc: d.row.doc,
      ...documentFacets(JSON.parse(d.row.doc) as ServerJson),
      origin: winner!,
      provenance: d.provenance,
      status: d.row.status,
      statusMessage: d.row.status_message,
      statusChangedAt: Math.max(d.row.upstream_status_changed_at, d.row.upstream_published_at),
      publishedAt: d.row.upstream_published_at,
      updatedAt: at,
      isLatest: d.isLatest,
      reviewState: d.reviewState,
    };
    if (!before) plan.inserts.push(row);
    else if (d.isLatest) plan.replacesOn.push(row);
    else plan.replacesOff.push(row);
    plan.changedNames.add(name);
  }
}

export interface MaterializeResult {
  /** Catalog rows inserted, rewritten or removed. */
  changedRows: number;
  /** The names whose catalog rows changed (what caches must forget). */
  changedNames: string[];
}

/**
 * Recomputes the catalog rows of every name in `names`; the caller holds the
 * names' locks.
 */
export async function materializeServers({
  tx,
  names,
  sources,
  at,
  formatTime,
  startReview,
}: {
  tx: Tx;
  names: string[];
  /** Every source, enabled or not, in precedence order. */
  sources: MaterializeSource[];
  at: number;
  formatTime: (micros: number) => string;
  startReview?: StartMirroredReview | undefined;
}): Promise<MaterializeResult> {
  const ctx: PlanContext = { tx, sources, at, formatTime, startReview };
  const plan: Plan = { deletes: [], localProvenance: [], replacesOff: [], inserts: [], replacesOn: [], changedNames: new Set() };
  const unique = [...new Set(names)];
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    const [existing, mirrored, curations, reviews] = [
      group(await listCatalogRowsOfNames({ tx, names: chunk }), (r) => r.name),
      group(await listMirroredVersionsOfNames({ tx, names: chunk }), (r) => r.name),
      await listCurationsOfNames({ tx, names: chunk }),
      group(await listVersionReviewsOfNames({ tx, names: chunk }), (r) => r.name),
    ];
    const curationsByName = group(curations, (c) => c.name);
    const wide = curationsByName.get('*') ?? [];
    for (const name of chunk) {
      const own = [...(curationsByName.get(name) ?? []), ...wide];
      await planName(plan, name, existing.get(name) ?? [], mirrored.get(name) ?? [], own, reviews.get(name) ?? [], ctx);
    }
  }
  for (const d of plan.deletes) await deleteServerVersion({ tx, ...d });
  for (const p of plan.localProvenance) {
    await tx.updateTable('server_versions').set({ provenance: p.provenance, updated_at: at }).where('name', '=', p.name).where('version', '=', p.version).execute();
  }
  for (const row of plan.replacesOff) await replaceMirroredCatalogRow({ tx, row });
  await insertMirroredCatalogRows({ tx, rows: plan.inserts });
  for (const row of plan.replacesOn) await replaceMirroredCatalogRow({ tx, row });
  return {
    changedRows: plan.deletes.length + plan.localProvenance.length + plan.replacesOff.length + plan.inserts.length + plan.replacesOn.length,
    changedNames: [...plan.changedNames],
  };
}

/** Returns true when any catalog row of `name` changed. */
export async function materializeServer(options: {
  tx: Tx;
  name: string;
  sources: MaterializeSource[];
  at: number;
  formatTime: (micros: number) => string;
  startReview?: StartMirroredReview;
}): Promise<boolean> {
  const { name, ...rest } = options;
  return (await materializeServers({ ...rest, names: [name] })).changedRows > 0;
}
