/**
 * The catalog plane: publishing, editing, status changes and reads of server.json
 * versions, with the official registry's rules and messages. Every write is one
 * transaction holding the per-name lock; reads are served from a response cache
 * that writes (here or, on PostgreSQL, on any replica) invalidate.
 */
import { hasPermission, patternsFor, type RegistryPrincipal } from '../access/index.js';
import { ConflictError, ForbiddenError, InputError, type ErrorDetail } from '../errors.js';
import {
  countListedVersions,
  countServerVersions,
  findRemoteUrlOwner,
  findServerVersion,
  findVersionReview,
  insertRegistryEvent,
  insertServerVersion,
  listRegistryEvents,
  listCurrentSnapshots,
  listSnapshotBodies,
  listServerGovernanceOfNames,
  type ServerGovernanceRow,
  listServerVersions,
  listVersionsOfServer,
  loadVersionHeads,
  nowMicros,
  setLatestVersion,
  setReviewState,
  tallyListedVersions,
  updateVersionDocument,
  updateVersionStatus,
  type ListFilter,
  type ListPosition,
  type RegistryEventFilter,
  type RegistryEventRow,
  type Store,
  type Tx,
  type VersionRow,
} from '../store/index.js';
import { cannotPublish, editFailed, invalidSchema, publishFailed, serverNotFound, statusFailed, versionNotFound } from './catalogErrors.js';
import type { ReviewState } from '../schemas/governance.js';
import type { CatalogView } from './catalogView.js';
import { documentFacets } from './documentFacets.js';
import { pickLatestVersion } from './pickLatestVersion.js';
import { capabilitySummary, SummaryMemo } from './capabilitySummary.js';
import { renderServerList, renderServerResponse, type CapabilitiesOf } from './renderServerResponse.js';
import { renderGovernanceMeta, type GovernanceOf } from './governanceMeta.js';
import { ResponseCache, strongEtag, type RenderedResponse } from './responseCache.js';
import { safetyIssues, validateServerJson, type ServerJson, type ValidationResult } from './validation/index.js';

export const MAX_VERSIONS_PER_SERVER = 10_000;
/** The largest batch a filtered listing reads at once while it looks for visible rows. */
const MAX_VIEW_BATCH = 1000;
export const PUBLISHER_META_KEY = 'io.modelcontextprotocol.registry/publisher-provided';
const PUBLISHER_META_LIMIT = 4096;
/** Rendered capability summaries kept by snapshot id (each is bounded, see capabilitySummary). */
const SUMMARY_MEMO_BYTES = 16 * 1024 * 1024;

export interface ListQuery {
  cursor?: string;
  limit: number;
  search?: string;
  /** Nanoseconds since the epoch (exact RFC 3339 comparison). */
  updatedSinceNanos?: bigint;
  version?: string;
  /** undefined: not given (so `updated_since` may include deleted versions). */
  includeDeleted?: boolean;
  q?: string;
  registryTypes?: string[];
  remoteTransports?: string[];
  statuses?: Array<'active' | 'deprecated' | 'deleted'>;
  /** `local`, or federation source names. */
  sources?: string[];
  /** Curated trust levels. */
  trusts?: string[];
  /** Curated tags. */
  tags?: string[];
  /** Only versions whose current snapshot offers a tool of exactly this name. */
  tool?: string;
  /** `updated`: most recently updated first; default by name. */
  sort?: 'name' | 'updated';
  /** Adds the number of versions the filters select over all pages (`metadata["io.toolshed/total"]`). */
  includeTotal?: boolean;
}

export interface StatusChange {
  status: 'active' | 'deprecated' | 'deleted';
  statusMessage?: string;
}

/**
 * A moderator's status change (src/governance): the moderator's permission stands
 * in for the publish or edit one, and `within` runs in the same transaction first
 * (the report's resolution), so the change and its record land together or not at all.
 */
export interface ModeratedChange {
  within(tx: Tx): Promise<void>;
}

/**
 * Proves the publisher owns every package the document names (npm `mcpName`, PyPI
 * `mcp-name:`, OCI label, …). Resolves to undefined when all pass, or to the
 * official message for the first failing package.
 */
export type OwnershipVerifier = (doc: ServerJson) => Promise<string | undefined>;

export interface CatalogOptions {
  store: Store;
  verifyOwnership?: OwnershipVerifier;
  cacheBytes?: number;
  validation?: Parameters<typeof validateServerJson>[1];
  /**
   * Told of each version published (or imported) once its transaction has
   * committed; it must not block or throw (the inventory queues a probe). A
   * narrow hook so the catalog imports no plane built on it.
   */
  onPublished?: (version: { name: string; version: string }) => void;
  /**
   * The review lifecycle (issue #21), handed in by composition so the catalog imports
   * no plane built on it. Called inside a publish's transaction, after the row is
   * written: it starts the version's review and resolves to the state readers see.
   * Without it every version is approved at once (as before governance).
   */
  startReview?: (tx: Tx, submission: { doc: ServerJson; actor: RegistryPrincipal; groups: readonly string[]; at: number }) => Promise<ReviewState>;
  /**
   * Recomputes the rows of a mirrored name after its review state moved (the
   * federation's materialization, which also honours curated pins), inside the
   * transaction that holds its lock. Without it latest is recalculated here.
   */
  rematerializeMirrored?: (tx: Tx, name: string) => Promise<void>;
}

/**
 * Which versions a reader sees under review (issue #21): `all` for those who may
 * approve (every state, blocked servers included); otherwise approved versions,
 * plus the pending ones `subject` submitted, of servers that are not blocked unless
 * `blocked` (moderators, and the gateway, which refuses a blocked server itself).
 */
export type ReviewScope = { all: true } | { all: false; subject?: string; blocked?: boolean };
/** What anyone without review rights sees: approved versions of servers that are not blocked. */
export const APPROVED_ONLY: ReviewScope = { all: false };
export const EVERY_REVIEW_STATE: ReviewScope = { all: true };
/** Approved versions, blocked servers included: the gateway's lookup (it answers a blocked server with its own refusal). */
export const APPROVED_AND_BLOCKED: ReviewScope = { all: false, blocked: true };

function scopeKey(scope: ReviewScope): string {
  if (scope.all) return 'r*';
  const base = scope.subject === undefined ? 'ra' : `ra+${scope.subject.length}:${scope.subject}`;
  return scope.blocked ? `${base}+b` : base;
}

/** Whether the scope shows blocked servers. */
const seesBlocked = (scope: ReviewScope): boolean => scope.all || scope.blocked === true;

/** Whether a server's governance row blocks it (a moderator's block, or trust `blocked`), as the gateway decides. */
const isBlocked = (governance: ServerGovernanceRow | undefined): boolean => governance !== undefined && (governance.blocked_at !== null || governance.trust === 'blocked');

export type ImportOutcome = 'created' | 'unchanged';

/** Who `toolshed import` writes as, in the registry's audit trail. */
export const IMPORT_ACTOR: RegistryPrincipal = { subject: 'toolshed import', method: 'cli', permissions: [] };

function statusValue(row: VersionRow) {
  return { status: row.status, statusMessage: row.status_message };
}

export type Catalog = ReturnType<typeof createCatalog>;

function issuesAsErrors(result: ValidationResult): ErrorDetail[] {
  return result.issues.filter((i) => i.severity === 'error').map((i) => ({ message: `${i.message} (${i.reference})`, location: i.path }));
}

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export function createCatalog(options: CatalogOptions) {
  const { store } = options;
  const cache = new ResponseCache(options.cacheBytes ?? 64 * 1024 * 1024);
  const summaries = new SummaryMemo(SUMMARY_MEMO_BYTES);

  async function cached(key: string, names: string[] | null, render: () => Promise<string>): Promise<RenderedResponse> {
    const hit = cache.get(key);
    if (hit) return hit;
    const generation = cache.generation;
    const body = Buffer.from(await render());
    const response = { body, etag: strongEtag(body) };
    cache.set(key, response, names, generation);
    return response;
  }

  /**
   * The capability summaries of a page's rows: one batched query for which
   * snapshots are current, and one for the bodies of those not summarised yet.
   * A snapshot row's body never changes, so its summary is kept by id.
   */
  async function capabilitiesOf(rows: VersionRow[]): Promise<CapabilitiesOf> {
    const refs = await listCurrentSnapshots({ tx: store.db, versions: rows.map((r) => ({ server: r.name, version: r.version })) });
    if (refs.length === 0) return () => undefined;
    // Collected here first: storing new summaries may evict ones this page uses.
    const found = new Map<number, string>();
    for (const ref of refs) {
      const known = summaries.get(ref.id);
      if (known !== undefined) found.set(ref.id, known);
    }
    const missing = refs.filter((r) => !found.has(r.id));
    if (missing.length) {
      const bodies = await listSnapshotBodies({ tx: store.db, ids: missing.map((r) => r.id) });
      for (const ref of missing) {
        const body = bodies.get(ref.id);
        if (body === undefined) continue;
        const summary = JSON.stringify(capabilitySummary(ref, body));
        found.set(ref.id, summary);
        summaries.set(ref.id, summary);
      }
    }
    const byKey = new Map<string, string>();
    for (const ref of refs) {
      const summary = found.get(ref.id);
      if (summary !== undefined) byKey.set(`${ref.server.length}:${ref.server}${ref.version}`, summary);
    }
    return (row) => byKey.get(`${row.name.length}:${row.name}${row.version}`);
  }

  /** The governance rows of a page's servers: one query. */
  async function governanceRowsOf(rows: VersionRow[]): Promise<Map<string, ServerGovernanceRow>> {
    return rows.length ? listServerGovernanceOfNames({ tx: store.db, names: rows.map((r) => r.name) }) : new Map<string, ServerGovernanceRow>();
  }

  /** The governance `_meta` of a page's rows, from their governance rows (read here when not given). */
  async function governanceOf(rows: VersionRow[], known?: Map<string, ServerGovernanceRow>): Promise<GovernanceOf> {
    const byName = known ?? (await governanceRowsOf(rows));
    return (row) => renderGovernanceMeta(row, byName.get(row.name));
  }

  async function write<T>(names: string[], work: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      const result = await store.db.transaction().execute(async (tx) => {
        for (const name of names) await store.lockName(tx, name);
        const out = await work(tx);
        await store.notifyChange(tx, names);
        return out;
      });
      return result;
    } finally {
      // Also on failure: a failed write changed nothing, but invalidating is always safe.
      cache.invalidate(names);
    }
  }

  async function recalculateLatest(tx: Tx, name: string, at: number): Promise<void> {
    const heads = await loadVersionHeads({ tx, name });
    const best = pickLatestVersion(heads);
    if (best && best.is_latest !== 1) await setLatestVersion({ tx, name, version: best.version, at });
  }

  function refuseMirrored(row: VersionRow): void {
    if (row.origin !== '') {
      throw new ConflictError(
        'CATALOG_MIRRORED',
        `${row.name} is mirrored from the federation source '${row.origin}': change it upstream, or curate it (hide, pin, deny) through /api/admin/curations`,
      );
    }
  }

  function requireStatusPermission(principal: RegistryPrincipal, name: string): void {
    if (!hasPermission(principal, 'publish', name) && !hasPermission(principal, 'edit', name)) {
      throw new ForbiddenError('CATALOG_STATUS_FORBIDDEN', 'You do not have publish or edit permissions for this server');
    }
  }

  function validate(doc: unknown, verb: 'publish' | 'edit'): void {
    const result = validateServerJson(doc, options.validation);
    if (!result.valid) throw invalidSchema(verb, issuesAsErrors(result));
  }

  function checkPublisherMeta(doc: ServerJson, fail: (m: string) => InputError): void {
    const meta = (doc._meta as Record<string, unknown> | undefined)?.[PUBLISHER_META_KEY];
    if (meta === undefined) return;
    let size: number;
    try {
      size = Buffer.byteLength(JSON.stringify(meta));
    } catch {
      size = Infinity; // too deep to serialise: certainly over the cap
    }
    if (size > PUBLISHER_META_LIMIT) {
      throw fail(`_meta.${PUBLISHER_META_KEY} extension exceeds 4KB limit (${Number.isFinite(size) ? size : 'more than 4096'} bytes)`);
    }
  }

  async function checkRemoteUrls(tx: Tx, name: string, urls: string[], fail: (m: string) => InputError) {
    const owner = await findRemoteUrlOwner({ tx, urls, exceptName: name });
    if (owner) throw fail(`remote URL ${owner.url} is already used by server ${owner.name}`);
  }

  async function mustFind(tx: Tx, name: string, version: string): Promise<VersionRow> {
    const row = await findServerVersion({ tx, name, version, includeDeleted: true });
    if (!row) throw new Error(`version ${name}@${version} vanished inside its own transaction`);
    return row;
  }

  /** Inserts one validated document; the caller holds the name's lock. */
  async function insertVersion(tx: Tx, doc: ServerJson, text: string, actor: RegistryPrincipal, groups: readonly string[]): Promise<VersionRow> {
    // A locally published server always wins over a mirrored one of the same name;
    // the mirror table keeps the upstream copy.
    await tx.deleteFrom('server_versions').where('name', '=', doc.name).where('origin', '!=', '').execute();
    const facets = documentFacets(doc);
    await checkRemoteUrls(tx, doc.name, facets.remoteUrls, publishFailed);
    if ((await countServerVersions({ tx, name: doc.name })) >= MAX_VERSIONS_PER_SERVER) {
      throw publishFailed(`maximum number of versions for this server reached (${MAX_VERSIONS_PER_SERVER}): please mark older versions deleted or publish under a new name`);
    }
    if (await findServerVersion({ tx, name: doc.name, version: doc.version, includeDeleted: true })) {
      throw publishFailed('invalid version: cannot publish duplicate version');
    }
    const at = nowMicros();
    await insertServerVersion({
      tx,
      row: { name: doc.name, version: doc.version, doc: text, ...facets, isLatest: false, publishedAt: at, reviewState: 'submitted' },
    });
    await insertRegistryEvent({
      tx,
      event: { at, action: 'publish', name: doc.name, version: doc.version, actorSubject: actor.subject, actorMethod: actor.method, oldValue: null, newValue: { server: doc } },
    });
    const state = options.startReview ? await options.startReview(tx, { doc, actor, groups, at }) : 'approved';
    await setReviewState({ tx, name: doc.name, version: doc.version, state, at });
    await recalculateLatest(tx, doc.name, at);
    return mustFind(tx, doc.name, doc.version);
  }

  async function verifyOwnership(doc: ServerJson, fail: (m: string) => InputError): Promise<void> {
    const failure = await options.verifyOwnership?.(doc);
    if (failure) throw fail(failure);
  }

  function notifyPublished(row: VersionRow): void {
    try {
      options.onPublished?.({ name: row.name, version: row.version });
    } catch {
      // The version is published; a listener's failure is its own.
    }
  }

  async function publishValidated(doc: ServerJson, actor: RegistryPrincipal, groups: readonly string[] = []): Promise<VersionRow> {
    checkPublisherMeta(doc, publishFailed);
    const text = JSON.stringify(doc);
    try {
      const row = await write([doc.name], (tx) => insertVersion(tx, doc, text, actor, groups));
      notifyPublished(row);
      return row;
    } catch (err) {
      // The lock makes this unreachable on one database; the unique key is the backstop.
      if (isUniqueViolation(err)) throw publishFailed('invalid version: cannot publish duplicate version');
      throw err;
    }
  }

  /**
   * One page of what `view` sees: rows are read in batches after the position and
   * filtered in memory (a decision costs microseconds; each further batch is sized
   * from the visible share so far, so a sparse view does not cost a query per
   * row and a dense one reads little more than it shows), until the page and one more visible row
   * are found. `next` is set only when that one more exists, so a walk never ends
   * on an empty page. Ranked search pages by offset into the unfiltered ranking.
   */
  async function visiblePage(view: CatalogView, filter: ListFilter, start: ListPosition | undefined, limit: number, ranked: boolean): Promise<{ rows: VersionRow[]; next: string | undefined }> {
    const page: VersionRow[] = [];
    let position = start;
    let offset = start?.kind === 'offset' ? start.offset : 0;
    let batch = Math.min(limit + 1, MAX_VIEW_BATCH);
    let nextOffset = offset;
    let scanned = 0;
    for (;;) {
      const rows = await listServerVersions({ store, filter, ...(position ? { position } : {}), limit: batch });
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        if (!view.sees(row.name, row.origin)) continue;
        if (page.length === limit) {
          const last = page[page.length - 1]!;
          return { rows: page, next: ranked ? String(nextOffset) : `${last.name}:${last.version}` };
        }
        page.push(row);
        nextOffset = offset + i + 1;
      }
      if (rows.length < batch) return { rows: page, next: undefined };
      const last = rows[rows.length - 1]!;
      offset += rows.length;
      scanned += rows.length;
      position = ranked ? { kind: 'offset', offset } : { kind: 'after', name: last.name, version: last.version };
      // Size the next batch from the share seen so far (the rest of the page and one
      // more), with a margin; double it while nothing has been visible yet.
      const need = limit + 1 - page.length;
      const share = page.length / scanned;
      batch = Math.min(MAX_VIEW_BATCH, share > 0 ? Math.max(need, Math.ceil((need / share) * 1.25)) : batch * 2);
    }
  }

  /**
   * How many versions `filter` selects over all pages, as `view` sees them: one
   * count query, or (in a private catalog) one per-server tally decided in memory.
   * Cached like a listing, under a key without the position, so paging reuses it.
   */
  async function totalOf(filter: ListFilter, view: CatalogView | null | undefined): Promise<number> {
    const key = `total:${view ? `${view.key}:` : ''}${JSON.stringify(filter)}`;
    const { body } = await cached(key, null, async () => {
      if (!view) return String(await countListedVersions({ store, filter }));
      const tallies = await tallyListedVersions({ store, filter });
      return String(tallies.reduce((sum, t) => (view.sees(t.name, t.origin) ? sum + t.versions : sum), 0));
    });
    return Number(body.toString());
  }

  function seesReview(scope: ReviewScope, row: VersionRow, submittedBy: string | undefined): boolean {
    return scope.all || row.review_state === 'approved' || (scope.subject !== undefined && submittedBy === scope.subject);
  }

  /** Who submitted each pending version among `rows` (only asked when the scope has a subject). */
  async function submittersOf(scope: ReviewScope, rows: VersionRow[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (scope.all || scope.subject === undefined) return out;
    for (const row of rows) {
      if (row.review_state === 'approved') continue;
      const review = await findVersionReview({ tx: store.db, name: row.name, version: row.version });
      if (review) out.set(row.version, review.submitted_by);
    }
    return out;
  }

  return {
    cache,

    /**
     * Moves one version's review state (issue #21) under the name's lock: `work`
     * runs in the transaction and resolves to the new state (undefined: no change).
     * Latest is recalculated (latest means latest approved) and cached answers go.
     */
    async changeReview<T>(name: string, version: string, work: (tx: Tx, row: VersionRow | undefined) => Promise<{ state?: ReviewState; result: T }>): Promise<T> {
      return write([name], async (tx) => {
        const row = await findServerVersion({ tx, name, version, includeDeleted: true });
        const { state, result } = await work(tx, row);
        if (state && row) {
          const at = nowMicros();
          await setReviewState({ tx, name, version, state, at });
          if (row.origin !== '' && options.rematerializeMirrored) await options.rematerializeMirrored(tx, name);
          else await recalculateLatest(tx, name, at);
        }
        return result;
      });
    },

    validate(doc: unknown): ValidationResult {
      return validateServerJson(doc, options.validation);
    },

    /** POST /publish: the body has passed the API shape check. */
    async publish(doc: ServerJson, principal: RegistryPrincipal, groups: readonly string[] = []): Promise<string> {
      if (!hasPermission(principal, 'publish', doc.name)) {
        throw cannotPublish(patternsFor(principal, 'publish'), doc.name);
      }
      validate(doc, 'publish');
      checkPublisherMeta(doc, publishFailed);
      // Outside the transaction: it calls package registries and may take seconds.
      await verifyOwnership(doc, publishFailed);
      return renderServerResponse(await publishValidated(doc, principal, groups));
    },

    /**
     * Loads one document as `toolshed import` does: validated like a publish, and
     * idempotent (the same name and version with the same content is `unchanged`).
     * The version's review is submitted by `actor` with `groups` (the person an
     * import is attributed to, for approval rules), else by `toolshed import`.
     */
    async importDocument(
      doc: ServerJson,
      { actor = IMPORT_ACTOR, groups = [], strict = false }: { actor?: RegistryPrincipal; groups?: readonly string[]; strict?: boolean } = {},
    ): Promise<{ outcome: ImportOutcome; warnings: ErrorDetail[] }> {
      // Bulk loads may carry catalogs published before today's semantic rules (the
      // official seed itself breaks some): unless strict, those are stored with
      // warnings, but schema errors and what is unsafe to store or to link to refuse.
      const result = validateServerJson(doc, options.validation);
      const errors = result.issues.filter((i) => i.severity === 'error');
      const refusing = strict ? errors : [...errors.filter((i) => i.type !== 'semantic'), ...safetyIssues(doc)];
      if (refusing.length) throw invalidSchema('publish', issuesAsErrors({ valid: false, issues: refusing }));
      const warnings = issuesAsErrors({ valid: true, issues: errors.filter((i) => !refusing.includes(i)) });
      const existing = await findServerVersion({ tx: store.db, name: doc.name, version: doc.version, includeDeleted: true });
      // A mirrored copy of the same version does not count: the local one wins.
      if (existing && existing.origin === '') {
        if (existing.doc === JSON.stringify(doc)) return { outcome: 'unchanged', warnings };
        throw publishFailed('invalid version: cannot publish duplicate version (a different document is stored)');
      }
      await publishValidated(doc, actor, groups);
      return { outcome: 'created', warnings };
    },

    /** PUT /servers/{name}/versions/{version}: the admin edit. */
    async edit(name: string, version: string, doc: ServerJson, principal: RegistryPrincipal): Promise<string> {
      const current = await findServerVersion({ tx: store.db, name, version, includeDeleted: false });
      if (!current) throw serverNotFound();
      refuseMirrored(current);
      if (!hasPermission(principal, 'edit', name)) {
        throw new ForbiddenError('CATALOG_EDIT_FORBIDDEN', 'You do not have edit permissions for this server');
      }
      if (doc.name !== name) throw new InputError('CATALOG_RENAME', 'Cannot rename server');
      if (doc.version !== version) {
        throw new InputError('CATALOG_VERSION_MISMATCH', 'Version in request body must match URL path parameter');
      }
      validate(doc, 'edit');
      checkPublisherMeta(doc, editFailed);
      await verifyOwnership(doc, editFailed);
      const facets = documentFacets(doc);
      const text = JSON.stringify(doc);
      const row = await write([name], async (tx) => {
        const still = await findServerVersion({ tx, name, version, includeDeleted: false });
        if (!still) throw serverNotFound();
        await checkRemoteUrls(tx, name, facets.remoteUrls, editFailed);
        const at = nowMicros();
        await updateVersionDocument({ tx, name, version, doc: text, ...facets, at });
        await insertRegistryEvent({
          tx,
          event: {
            at,
            action: 'edit',
            name,
            version,
            actorSubject: principal.subject,
            actorMethod: principal.method,
            oldValue: { server: JSON.parse(still.doc) },
            newValue: { server: doc },
          },
        });
        return mustFind(tx, name, version);
      });
      return renderServerResponse(row);
    },

    /** PATCH /servers/{name}/versions/{version}/status */
    async setVersionStatus(name: string, version: string, change: StatusChange, principal: RegistryPrincipal, moderated?: ModeratedChange): Promise<string> {
      const row = await write([name], async (tx) => {
        const current = await findServerVersion({ tx, name, version, includeDeleted: true });
        if (!current) throw versionNotFound();
        refuseMirrored(current);
        if (moderated) await moderated.within(tx);
        else requireStatusPermission(principal, name);
        if (change.status === 'active' && change.statusMessage !== undefined) {
          throw new InputError('CATALOG_STATUS_MESSAGE_ON_ACTIVE', 'status_message cannot be provided when setting status to active');
        }
        const message = change.statusMessage ?? null;
        if (current.status === change.status && current.status_message === message) {
          throw new InputError('CATALOG_STATUS_NO_CHANGE', 'No changes to apply: status and message are already set to the provided values');
        }
        if (current.status === 'deleted' && change.status !== 'deleted') {
          const doc = JSON.parse(current.doc) as ServerJson;
          await checkRemoteUrls(tx, name, documentFacets(doc).remoteUrls, statusFailed);
        }
        const at = nowMicros();
        await updateVersionStatus({ tx, name, version, status: change.status, statusMessage: message, at });
        await recalculateLatest(tx, name, at);
        await insertRegistryEvent({
          tx,
          event: {
            at,
            action: 'status',
            name,
            version,
            actorSubject: principal.subject,
            actorMethod: principal.method,
            oldValue: statusValue(current),
            newValue: { status: change.status, statusMessage: message },
          },
        });
        return mustFind(tx, name, version);
      });
      return renderServerResponse(row);
    },

    /** PATCH /servers/{name}/status: every version at once. */
    async setServerStatus(name: string, change: StatusChange, principal: RegistryPrincipal, moderated?: ModeratedChange): Promise<string> {
      const rows = await write([name], async (tx) => {
        const latest = await findServerVersion({ tx, name, version: 'latest', includeDeleted: true });
        if (!latest) throw serverNotFound();
        refuseMirrored(latest);
        if (moderated) await moderated.within(tx);
        else requireStatusPermission(principal, name);
        const all = await listVersionsOfServer({ tx, name, includeDeleted: true });
        const message = change.statusMessage ?? null;
        const changing = all.filter((r) => r.status !== change.status || r.status_message !== message);
        // The official quirk: active + message also lands here, with this message.
        if (changing.length === 0 || (change.status === 'active' && message !== null)) {
          throw new InputError('CATALOG_STATUS_NO_CHANGE', 'No changes to apply: all versions already have the requested status and message');
        }
        if (change.status !== 'deleted') {
          const urls = all.filter((r) => r.status === 'deleted').flatMap((r) => documentFacets(JSON.parse(r.doc) as ServerJson).remoteUrls);
          await checkRemoteUrls(tx, name, urls, statusFailed);
        }
        const at = nowMicros();
        await updateVersionStatus({ tx, name, status: change.status, statusMessage: message, at });
        await recalculateLatest(tx, name, at);
        for (const row of changing) {
          await insertRegistryEvent({
            tx,
            event: {
              at,
              action: 'status',
              name,
              version: row.version,
              actorSubject: principal.subject,
              actorMethod: principal.method,
              oldValue: statusValue(row),
              newValue: { status: change.status, statusMessage: message },
            },
          });
        }
        return listVersionsOfServer({ tx, name, includeDeleted: true });
      });
      return `{"updatedCount":${rows.length},"servers":[${rows.map((r) => renderServerResponse(r)).join(',')}]}`;
    },

    /** GET /servers */
    async list(query: ListQuery, view?: CatalogView | null, scope: ReviewScope = APPROVED_ONLY): Promise<RenderedResponse> {
      if (query.updatedSinceNanos !== undefined && query.includeDeleted === false) {
        throw new InputError('CATALOG_INCLUDE_DELETED_CONFLICT', 'Cannot set include_deleted=false when using updated_since (incremental sync requires deleted servers)');
      }
      const text = query.q !== undefined && query.q.trim() !== '' ? query.q : undefined;
      const newestFirst = query.sort === 'updated';
      if (newestFirst && text !== undefined) {
        throw new InputError('CATALOG_SORT_CONFLICT', 'Cannot combine sort=updated with q: search results are ordered by relevance; drop one of them');
      }
      let position: ListPosition | undefined;
      if (query.cursor) {
        if (newestFirst) {
          const m = /^(\d{1,16}):([^:]+):(.+)$/.exec(query.cursor);
          if (!m || query.cursor.length > 1024) {
            throw new InputError('CATALOG_BAD_CURSOR', 'Invalid cursor: a sort=updated cursor is the nextCursor of its previous page');
          }
          position = { kind: 'updatedBefore', updatedAt: Number(m[1]), name: m[2]!, version: m[3]! };
        } else if (text !== undefined) {
          if (!/^\d{1,7}$/.test(query.cursor)) {
            throw new InputError('CATALOG_BAD_CURSOR', 'Invalid cursor: a ranked search (q) cursor is the nextCursor of its previous page');
          }
          position = { kind: 'offset', offset: Number(query.cursor) };
        } else {
          if (query.cursor.length > 1024) {
            throw new InputError('CATALOG_BAD_CURSOR', 'Invalid cursor: longer than any server name and version');
          }
          const sep = query.cursor.indexOf(':');
          position = sep < 0 ? { kind: 'after', name: query.cursor } : { kind: 'after', name: query.cursor.slice(0, sep), version: query.cursor.slice(sep + 1) };
        }
      }
      const filter: ListFilter = {
        includeDeleted: query.includeDeleted === true || query.updatedSinceNanos !== undefined,
        ...(query.search ? { nameContains: query.search } : {}),
        ...(text !== undefined ? { text } : {}),
        ...(query.updatedSinceNanos !== undefined ? { updatedAfter: Number(query.updatedSinceNanos / 1000n) } : {}),
        ...(query.version !== undefined && query.version !== '' ? { version: query.version } : {}),
        ...(query.statuses?.length ? { statuses: query.statuses } : {}),
        ...(query.registryTypes?.length ? { registryTypes: query.registryTypes } : {}),
        ...(query.remoteTransports?.length ? { remoteTransports: query.remoteTransports } : {}),
        ...(query.sources?.length ? { origins: query.sources.map((s) => (s === 'local' ? '' : s)) } : {}),
        ...(query.trusts?.length ? { trusts: query.trusts } : {}),
        ...(query.tags?.length ? { tags: query.tags } : {}),
        ...(query.tool !== undefined ? { tool: query.tool } : {}),
        ...(newestFirst ? { newestFirst } : {}),
        ...(scope.all ? {} : { approvedOr: scope.subject === undefined ? {} : { subject: scope.subject } }),
        ...(seesBlocked(scope) ? {} : { hideBlocked: true }),
      };
      const withTotal = query.includeTotal === true;
      const total = async () => (withTotal ? totalOf(filter, view) : undefined);
      if (view) {
        const key = `list:${view.key}:${JSON.stringify([filter, position ?? null, query.limit, withTotal])}`;
        return cached(key, null, async () => {
          const { rows, next } = await visiblePage(view, filter, position, query.limit, text !== undefined);
          return renderServerList(rows, next, await total(), await capabilitiesOf(rows), await governanceOf(rows));
        });
      }
      const key = `list:${JSON.stringify([filter, position ?? null, query.limit, withTotal])}`;
      return cached(key, null, async () => {
        const rows = await listServerVersions({ store, filter, ...(position ? { position } : {}), limit: query.limit });
        let next: string | undefined;
        if (rows.length >= query.limit) {
          const last = rows[rows.length - 1]!;
          next =
            text !== undefined
              ? String((position?.kind === 'offset' ? position.offset : 0) + rows.length)
              : newestFirst
                ? `${Number(last.updated_at)}:${last.name}:${last.version}`
                : `${last.name}:${last.version}`;
        }
        return renderServerList(rows, next, await total(), await capabilitiesOf(rows), await governanceOf(rows));
      });
    },

    /** GET /servers/{name}/versions */
    async versions(name: string, includeDeleted: boolean, view?: CatalogView | null, scope: ReviewScope = APPROVED_ONLY): Promise<RenderedResponse> {
      const key = `versions:${scopeKey(scope)}:${view ? `${view.key}:` : ''}${JSON.stringify([name, includeDeleted])}`;
      return cached(key, [name], async () => {
        const all = await listVersionsOfServer({ tx: store.db, name, includeDeleted });
        const submitters = await submittersOf(scope, all);
        // A hidden server, or one with no version the reader may see yet, answers exactly like a missing one.
        const rows = all.filter((r) => (!view || view.sees(r.name, r.origin)) && seesReview(scope, r, submitters.get(r.version)));
        if (rows.length === 0) throw serverNotFound();
        const governanceRows = await governanceRowsOf(rows);
        // A blocked server answers like a missing one to those who may not see it.
        if (!seesBlocked(scope) && isBlocked(governanceRows.get(name))) throw serverNotFound();
        const [summaries, governance] = [await capabilitiesOf(rows), await governanceOf(rows, governanceRows)];
        return `{"servers":[${rows.map((r) => renderServerResponse(r, summaries, governance)).join(',')}],"metadata":{"count":${rows.length}}}`;
      });
    },

    /** GET /servers/{name}/versions/{version} */
    async get(name: string, version: string, includeDeleted: boolean, view?: CatalogView | null, scope: ReviewScope = APPROVED_ONLY): Promise<RenderedResponse> {
      // Length-prefixed, so no two (name, version) pairs share a key; the gateway asks this on every call.
      const key = `get:${scopeKey(scope)}:${view ? `${view.key}:` : ''}${name.length}:${name}${version.length}:${version}${includeDeleted ? '+' : '-'}`;
      return cached(key, [name], async () => {
        const row = await findServerVersion({ tx: store.db, name, version, includeDeleted });
        if (!row || (view && !view.sees(row.name, row.origin))) throw serverNotFound();
        // A pending version is missing for those who may not see it (latest is always approved when one is).
        if (!seesReview(scope, row, (await submittersOf(scope, [row])).get(row.version))) throw serverNotFound();
        const governanceRows = await governanceRowsOf([row]);
        if (!seesBlocked(scope) && isBlocked(governanceRows.get(row.name))) throw serverNotFound();
        return renderServerResponse(row, await capabilitiesOf([row]), await governanceOf([row], governanceRows));
      });
    },

    /** Every version, for `toolshed export`, in the official list order. */
    async *exportAll(includeDeleted: boolean): AsyncGenerator<VersionRow> {
      let position: ListPosition | undefined;
      for (;;) {
        const rows = await listServerVersions({
          store,
          filter: { includeDeleted },
          ...(position ? { position } : {}),
          limit: 500,
        });
        yield* rows;
        if (rows.length < 500) return;
        const last = rows[rows.length - 1]!;
        position = { kind: 'after', name: last.name, version: last.version };
      }
    },

    /** The registry's audit trail, newest first. */
    async events(filter: RegistryEventFilter, limit: number): Promise<RegistryEventRow[]> {
      return listRegistryEvents({ tx: store.db, filter, limit });
    },

    /**
     * What a new current snapshot of `names`' versions changes here: their cached
     * responses and every listing (their `_meta` summary). Call it after the
     * transaction that recorded the snapshot commits; for other replicas, call
     * `store.notifyChange(tx, names)` inside that transaction (see `listen`).
     */
    capabilitiesChanged(names: string[]): void {
      if (names.length) cache.invalidate(names);
    },

    /** Like capabilitiesChanged, for a change of the servers' governance (trust, owners): their `_meta` changes. */
    governanceChanged(names: string[]): void {
      if (names.length) cache.invalidate(names);
    },

    /** Starts cross-replica cache invalidation (PostgreSQL); resolves to a stop function. */
    async listen(): Promise<() => Promise<void>> {
      return store.listenForChanges((names) => cache.invalidate(names));
    },
  };
}
