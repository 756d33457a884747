/**
 * One sync run of one source. Pages through the upstream's list (from its resume
 * cursor, or with `updated_since` just below the committed high-water mark, or
 * from the start) and commits each page in one transaction: the mirrored
 * versions, the rejected items, the recomputed catalog rows of every name the
 * page touched, and the run's progress. A run killed at any point therefore
 * resumes at the first uncommitted page, and upserts by (source, name, version)
 * make a replayed page harmless.
 */
import { ConflictError, NotFoundError, UnavailableError } from '../errors.js';
import { OutboundError, type Outbound } from '../outbound/index.js';
import {
  findFederationSource,
  formatTimestamp,
  insertFederationRejections,
  listFederationSources,
  nowMicros,
  parseRfc3339Nanos,
  updateFederationSource,
  upsertMirroredVersions,
  type FederationSourceRow,
  type Store,
} from '../store/index.js';
import type { SyncProgress, SyncResult } from './federationTypes.js';
import { fetchUpstreamPage, UpstreamError, type RetryPolicy } from './fetchUpstreamPage.js';
import { materializeServers, type MaterializeSource, type StartMirroredReview } from './materializeServer.js';
import { parseUpstreamItem, type UpstreamVersion } from './parseUpstreamItem.js';
import type { SecretBox } from '../secretBox.js';
import type { SourceFilter } from './sourceFilter.js';

export interface SyncTuning {
  retry?: RetryPolicy;
  timeoutMs?: number;
  maxBytes?: number;
  pageLimit?: number;
  /** Bound on pages per run, against an upstream whose cursors never end. */
  maxPages?: number;
  /** Called after each page commits; throwing there stops the run as a crash between pages would. */
  afterPage?: (source: string, page: number) => void | Promise<void>;
}

export interface SyncDeps {
  store: Store;
  outbound: Outbound;
  secretBox: SecretBox;
  /** Forgets cached responses about these names (the catalog's response cache). */
  invalidate(names: string[]): void;
  tuning: SyncTuning;
  signal: AbortSignal;
  /** Starts the review of each newly mirrored version (issue #21). */
  startReview?: StartMirroredReview;
}

/** What an interrupted run carries over to the run that resumes it (kept in `counts.pending`). */
interface PendingRun {
  fetched: number;
  stored: number;
  rejected: number;
  changed: number;
  pages: number;
  /** The largest upstream updatedAt committed so far, in nanoseconds and as sent. */
  maxNanos: string | null;
  maxText: string | null;
  /** The upstream's clock when the run began: nothing changed after it can be assumed seen. */
  capNanos: string | null;
}

interface StoredCounts {
  lastRun?: { fetched: number; stored: number; rejected: number; changed: number; pages: number };
  pending?: PendingRun;
}

export const SOURCE_RUN_LOCK_PREFIX = 'toolshed-federation-sync:';
const OVERLAP_NANOS = 1_000_000_000n;

export function materializeSources(rows: FederationSourceRow[]): MaterializeSource[] {
  return rows.map((r) => ({ name: r.name, precedence: r.precedence, enabled: r.enabled === 1, filter: JSON.parse(r.filter) as SourceFilter }));
}

/** Removes the secret, and each long word of it, from a message bound for storage or a log. */
export function redact(message: string, secret: string | undefined): string {
  if (!secret) return message;
  let out = message.split(secret).join('[redacted]');
  for (const part of secret.split(/\s+/)) if (part.length >= 8) out = out.split(part).join('[redacted]');
  return out;
}

function formatNanos(nanos: bigint): string {
  return formatTimestamp(Number(nanos / 1000n));
}

/** Where the committed progress ends: the high-water mark only moves past what every page up to it has shown. */
function nextHighWater(current: string | null, pending: PendingRun): string | null {
  if (pending.maxNanos === null) return current;
  let candidate = BigInt(pending.maxNanos);
  let text = pending.maxText!;
  if (pending.capNanos !== null && BigInt(pending.capNanos) < candidate) {
    candidate = BigInt(pending.capNanos);
    text = formatNanos(candidate);
  }
  const now = current === null ? undefined : parseRfc3339Nanos(current);
  return now !== undefined && now >= candidate ? current : text;
}

function freshRun(): PendingRun {
  return { fetched: 0, stored: 0, rejected: 0, changed: 0, pages: 0, maxNanos: null, maxText: null, capNanos: null };
}

export async function syncSource(deps: SyncDeps, name: string, onProgress?: (p: SyncProgress) => void): Promise<SyncResult> {
  const { store } = deps;
  const started = performance.now();
  const source = await findFederationSource({ tx: store.db, name });
  if (!source) throw new NotFoundError('FEDERATION_SOURCE_NOT_FOUND', `no federation source named '${name}'`);
  if (source.enabled !== 1) throw new ConflictError('FEDERATION_SOURCE_DISABLED', `the federation source '${name}' is disabled; enable it to sync`);
  const release = await store.tryLockRun(`${SOURCE_RUN_LOCK_PREFIX}${name}`);
  if (!release) {
    throw new ConflictError('FEDERATION_SYNC_RUNNING', `a sync of '${name}' is already running on another Toolshed process; try again when it ends`);
  }
  let authHeader: string | undefined;
  try {
    try {
      authHeader = source.auth_header === null ? undefined : deps.secretBox.decrypt(source.auth_header, name);
    } catch (err) {
      throw new ConflictError('FEDERATION_SECRET_UNREADABLE', `the auth header of '${name}' cannot be read: ${(err as Error).message}; set it again`, undefined, { cause: err });
    }
    return await run(deps, source, authHeader, started, onProgress);
  } catch (err) {
    const message = redact(err instanceof Error ? err.message : String(err), authHeader);
    await updateFederationSource({ tx: store.db, name, set: { last_error: message.slice(0, 2000), last_error_at: nowMicros() } }).catch(() => {});
    if (err instanceof UpstreamError || err instanceof OutboundError) {
      throw new UnavailableError('FEDERATION_SYNC_FAILED', `sync of '${name}' failed: ${message}`);
    }
    if (err instanceof Error && err.message !== message) err.message = message;
    throw err;
  } finally {
    await release();
  }
}

async function run(deps: SyncDeps, source: FederationSourceRow, authHeader: string | undefined, started: number, onProgress?: (p: SyncProgress) => void): Promise<SyncResult> {
  const { store, tuning } = deps;
  const name = source.name;
  const counts = JSON.parse(source.counts) as StoredCounts;
  const resuming = source.resume_cursor !== null;
  const mode: SyncResult['mode'] = resuming ? 'resumed' : source.high_water !== null ? 'incremental' : 'initial';
  let updatedSince: string | undefined;
  if (resuming) updatedSince = source.resume_since ?? undefined;
  else if (source.high_water !== null) {
    const hw = parseRfc3339Nanos(source.high_water);
    if (hw !== undefined) updatedSince = formatNanos(hw - OVERLAP_NANOS); // the upstream compares strictly (>)
  }
  const pending: PendingRun = resuming && counts.pending ? counts.pending : freshRun();
  await updateFederationSource({ tx: store.db, name, set: { last_started_at: nowMicros() } });
  const sources = materializeSources(await listFederationSources({ tx: store.db }));

  const mine = { pages: 0, fetched: 0, stored: 0, rejected: 0, changed: 0 };
  let cursor = source.resume_cursor ?? undefined;
  let highWater = source.high_water;
  const maxPages = tuning.maxPages ?? 100_000;
  for (;;) {
    deps.signal.throwIfAborted();
    if (mine.pages >= maxPages) throw new UpstreamError(`stopped after ${maxPages} pages: the upstream's cursors do not end`);
    const page = await fetchUpstreamPage({
      outbound: deps.outbound,
      baseUrl: source.base_url,
      authHeader,
      cursor,
      updatedSince,
      ...(tuning.pageLimit ? { limit: tuning.pageLimit } : {}),
      ...(tuning.timeoutMs ? { timeoutMs: tuning.timeoutMs } : {}),
      ...(tuning.maxBytes ? { maxBytes: tuning.maxBytes } : {}),
      ...(tuning.retry ? { retry: tuning.retry } : {}),
      signal: deps.signal,
    });
    if (page.nextCursor !== undefined && page.nextCursor === cursor) {
      throw new UpstreamError(`the upstream returned the cursor it was given (${JSON.stringify(cursor)}): its paging does not advance`);
    }
    if (pending.capNanos === null && page.date !== undefined) pending.capNanos = String(BigInt(page.date) * 1_000_000n);

    const at = nowMicros();
    const accepted = new Map<string, UpstreamVersion>();
    const rejections: Array<{ source: string; name: string | null; version: string | null; reason: string; at: number }> = [];
    for (const item of page.items) {
      const parsed = parseUpstreamItem(item);
      if (!parsed.ok) {
        rejections.push({ source: name, name: parsed.name, version: parsed.version, reason: parsed.reason, at });
        continue;
      }
      const v = parsed.value;
      accepted.set(`${v.name}\u0000${v.version}`, v); // a page repeating a version: the last copy wins
      if (pending.maxNanos === null || v.updatedAtNanos > BigInt(pending.maxNanos)) {
        pending.maxNanos = String(v.updatedAtNanos);
        pending.maxText = v.updatedAtText;
      }
    }
    const versions = [...accepted.values()];
    const names = [...new Set(versions.map((v) => v.name))].sort();
    const done = page.nextCursor === undefined;
    pending.pages++;
    pending.fetched += page.items.length;
    pending.stored += versions.length;
    pending.rejected += rejections.length;

    const changedNames = await store.db.transaction().execute(async (tx) => {
      for (const n of names) await store.lockName(tx, n);
      await upsertMirroredVersions({
        tx,
        rows: versions.map((v) => ({
          source: name,
          name: v.name,
          version: v.version,
          doc: v.doc,
          status: v.status,
          status_message: v.statusMessage,
          upstream_published_at: v.publishedAt,
          upstream_updated_at: v.updatedAt,
          upstream_status_changed_at: v.statusChangedAt,
          synced_at: at,
        })),
      });
      await insertFederationRejections({ tx, rows: rejections });
      const result = await materializeServers({ tx, names, sources, at, formatTime: formatTimestamp, startReview: deps.startReview });
      pending.changed += result.changedRows;
      mine.changed += result.changedRows;
      if (done) highWater = nextHighWater(highWater, pending);
      const { fetched, stored, rejected, changed, pages } = pending;
      const progress: StoredCounts = done ? { lastRun: { fetched, stored, rejected, changed, pages } } : { ...(counts.lastRun ? { lastRun: counts.lastRun } : {}), pending };
      const still = await updateFederationSource({
        tx,
        name,
        set: {
          resume_cursor: done ? null : page.nextCursor!,
          resume_since: done ? null : (updatedSince ?? null),
          counts: JSON.stringify(progress),
          ...(done ? { high_water: highWater, last_success_at: nowMicros() } : {}),
        },
      });
      if (!still) throw new NotFoundError('FEDERATION_SOURCE_NOT_FOUND', `the federation source '${name}' was removed during its sync`);
      await store.notifyChange(tx, result.changedNames);
      return result.changedNames;
    });
    if (changedNames.length) deps.invalidate(changedNames);

    mine.pages++;
    mine.fetched += page.items.length;
    mine.stored += versions.length;
    mine.rejected += rejections.length;
    onProgress?.({ source: name, page: mine.pages, fetched: mine.fetched, stored: mine.stored, rejected: mine.rejected });
    await tuning.afterPage?.(name, mine.pages);
    if (done) break;
    cursor = page.nextCursor;
  }
  return {
    source: name,
    mode,
    ...mine,
    highWater,
    durationMs: Math.round(performance.now() - started),
  };
}
