/**
 * The federation plane: upstream sources, their sync runs, and curation. Every
 * change that can alter what the catalog shows (a page of upstream versions, a
 * source's filter, precedence or enabled flag, a curation record) re-materializes
 * the affected names' catalog rows in the transaction that makes the change.
 */
import type { Catalog } from '../catalog/index.js';
import { ConflictError, InputError, NotFoundError } from '../errors.js';
import { SERVER_TRUST_CHANGED } from '../access/index.js';
import { checkTrustLevel } from '../schemas/checkTrustLevel.js';
import { OutboundError, type Outbound } from '../outbound/index.js';
import {
  insertAccessChange,
  countMirroredVersions,
  deleteCuration,
  deleteFederationSource,
  findCuration,
  findFederationSource,
  formatTimestamp,
  insertFederationSource,
  listCurationsOfSource,
  listFederationRejections,
  listFederationSources,
  listLocalServerNames,
  listMirroredNamesOfSource,
  nowMicros,
  updateFederationSource,
  upsertCuration,
  type CurationRow,
  type FederationSourceRow,
  type Store,
  type Tx,
} from '../store/index.js';
import type { CurationInput, Federation, SourceCounts, SourceStatus, SyncProgress, SyncResult } from './federationTypes.js';
import { curationInputSchema, parseInput, sourceInputSchema, sourcePatchSchema } from '../schemas/federationInput.js';
import { materializeServers, type StartMirroredReview } from './materializeServer.js';
import type { SecretBox } from '../secretBox.js';
import type { SourceFilter } from './sourceFilter.js';
import { materializeSources, syncSource, type SyncTuning } from './syncSource.js';

export interface FederationOptions {
  store: Store;
  catalog: Pick<Catalog, 'cache'>;
  outbound: Outbound;
  secretBox: SecretBox;
  /** Retry, timeout and page bounds (tests shorten them) and a per-page hook. */
  tuning?: SyncTuning;
  /**
   * Told of the names whose catalog rows a sync or a curation change rewrote,
   * once committed; it must not block or throw (the inventory queues probes of
   * new mirrored versions).
   */
  onMaterialized?: (names: string[]) => void;
  /**
   * Told after a curation that changed a trust level commits (the access policy
   * reloads its trust map; other replicas hear SERVER_TRUST_CHANGED).
   */
  onTrustChanged?: () => void;
  /**
   * Starts the review of each version newly mirrored (issue #21), under its source's
   * approval policy, in the materializing transaction; absent: mirrored versions are
   * approved at once.
   */
  startReview?: StartMirroredReview;
}

export interface FederationEngine extends Federation {
  /**
   * Recomputes the catalog rows of mirrored names inside the caller's transaction
   * (which holds their locks): what a review decision on a mirrored version calls,
   * so latest follows review state and curated pins alike.
   */
  rematerialize(tx: Tx, names: string[]): Promise<void>;
  /** Stops running syncs before their next page (what they committed stays) and waits for them. */
  close(): Promise<void>;
}

/** Names re-materialized per transaction: PostgreSQL's shared lock table bounds how many name locks one may hold. */
const NAMES_PER_TRANSACTION = 1000;
const EMPTY_RUN = { fetched: 0, stored: 0, rejected: 0, changed: 0, pages: 0 };

export function createFederation({ store, catalog, outbound, secretBox, tuning = {}, onMaterialized, onTrustChanged, startReview }: FederationOptions): FederationEngine {
  const changed = (names: string[]): void => {
    catalog.cache.invalidate(names);
    try {
      onMaterialized?.(names);
    } catch {
      // The rows are committed; a listener's failure is its own.
    }
  };
  const running = new Map<string, { promise: Promise<SyncResult>; listeners: Set<(p: SyncProgress) => void> }>();
  const abort = new AbortController();

  function status(row: FederationSourceRow, mirrored: number): SourceStatus {
    const counts = JSON.parse(row.counts) as { lastRun?: SourceCounts['lastRun'] };
    const time = (t: number | null) => (t === null ? null : formatTimestamp(t));
    return {
      name: row.name,
      baseUrl: row.base_url,
      hasAuthHeader: row.auth_header !== null,
      intervalSeconds: row.interval_seconds,
      filter: JSON.parse(row.filter) as SourceFilter,
      precedence: row.precedence,
      enabled: row.enabled === 1,
      highWater: row.high_water,
      resumable: row.resume_cursor !== null,
      lastStartedAt: time(row.last_started_at),
      lastSuccessAt: time(row.last_success_at),
      lastError: row.last_error,
      lastErrorAt: time(row.last_error_at),
      counts: { lastRun: counts.lastRun ?? { ...EMPTY_RUN }, mirrored },
    };
  }

  async function mustFind(tx: Tx, name: string): Promise<FederationSourceRow> {
    const row = await findFederationSource({ tx, name });
    if (!row) throw new NotFoundError('FEDERATION_SOURCE_NOT_FOUND', `no federation source named '${name}'`);
    return row;
  }

  async function getSource(name: string): Promise<SourceStatus> {
    const row = await mustFind(store.db, name);
    return status(row, (await countMirroredVersions({ tx: store.db })).get(name) ?? 0);
  }

  function checkBaseUrl(input: string): string {
    let url: URL;
    try {
      url = outbound.checkUrl(input);
    } catch (err) {
      if (err instanceof OutboundError) throw new InputError('FEDERATION_BAD_BASE_URL', `baseUrl: ${err.message}`, [{ message: err.message, location: 'baseUrl', value: input }], { cause: err });
      throw err;
    }
    if (url.username || url.password || url.search || url.hash) {
      const message = 'must not carry credentials, a query or a fragment (put credentials in authHeader)';
      throw new InputError('FEDERATION_BAD_BASE_URL', `baseUrl ${message}`, [{ message, location: 'baseUrl' }]);
    }
    return url.toString().replace(/\/+$/, '');
  }

  /**
   * Applies `change` and re-materializes `names` (sorted, so concurrent writers lock
   * in one order); the change shares the first transaction, and very large name
   * sets continue in further ones.
   */
  async function rematerialize(names: (tx: Tx) => Promise<string[]>, change: (tx: Tx) => Promise<void>): Promise<void> {
    const invalidated: string[] = [];
    try {
      let rest: string[] = [];
      await store.db.transaction().execute(async (tx) => {
        await change(tx);
        const all = [...new Set(await names(tx))].sort();
        rest = all.slice(NAMES_PER_TRANSACTION);
        await materializeChunk(tx, all.slice(0, NAMES_PER_TRANSACTION), invalidated);
      });
      for (let i = 0; i < rest.length; i += NAMES_PER_TRANSACTION) {
        const chunk = rest.slice(i, i + NAMES_PER_TRANSACTION);
        await store.db.transaction().execute((tx) => materializeChunk(tx, chunk, invalidated));
      }
    } finally {
      if (invalidated.length) changed(invalidated);
    }
  }

  async function materializeChunk(tx: Tx, names: string[], invalidated: string[]): Promise<void> {
    if (!names.length) return;
    for (const n of names) await store.lockName(tx, n);
    const sources = materializeSources(await listFederationSources({ tx }));
    const result = await materializeServers({ tx, names, sources, at: nowMicros(), formatTime: formatTimestamp, startReview });
    await store.notifyChange(tx, result.changedNames);
    invalidated.push(...result.changedNames);
  }

  /** A source row as the change log keeps it: everything but the secret, whose presence is all it says. */
  function sourceRecord(row: Pick<FederationSourceRow, 'base_url' | 'auth_header' | 'interval_seconds' | 'filter' | 'precedence' | 'enabled'>) {
    return {
      baseUrl: row.base_url,
      authHeader: row.auth_header === null ? null : '(set)',
      intervalSeconds: row.interval_seconds,
      filter: JSON.parse(row.filter) as unknown,
      precedence: row.precedence,
      enabled: row.enabled === 1,
    };
  }

  /** Records an administrator's change of a source or curation in the access change log, in the change's transaction. */
  async function logChange(tx: Tx, actor: string, action: string, targetKind: 'source' | 'curation', target: string, oldValue: unknown, newValue: unknown) {
    await insertAccessChange({ tx, change: { at: nowMicros(), actor, action, targetKind, target, oldValue, newValue } });
  }

  function curationView(row: CurationRow): Required<CurationInput> & { updatedAt: string; updatedBy: string } {
    return {
      source: row.source === '' ? 'local' : row.source,
      name: row.name,
      decision: row.decision,
      pinnedVersion: row.pinned_version,
      hiddenVersions: JSON.parse(row.hidden_versions) as string[],
      trust: row.trust,
      tags: JSON.parse(row.tags) as string[],
      notes: row.notes,
      updatedAt: formatTimestamp(row.updated_at),
      updatedBy: row.updated_by,
    };
  }

  async function curationSource(source: string): Promise<string> {
    if (source === 'local') return '';
    await mustFind(store.db, source);
    return source;
  }

  return {
    async rematerialize(tx, names) {
      const sources = materializeSources(await listFederationSources({ tx }));
      await materializeServers({ tx, names, sources, at: nowMicros(), formatTime: formatTimestamp, startReview });
    },

    async addSource(input, actor) {
      const v = parseInput(sourceInputSchema, input, 'FEDERATION_INVALID_SOURCE', 'federation source');
      const baseUrl = checkBaseUrl(v.baseUrl);
      const at = nowMicros();
      await store.db.transaction().execute(async (tx) => {
        if (await findFederationSource({ tx, name: v.name })) {
          throw new ConflictError('FEDERATION_SOURCE_EXISTS', `a federation source named '${v.name}' already exists`);
        }
        const row = {
          name: v.name,
          base_url: baseUrl,
          auth_header: v.authHeader ? secretBox.encrypt(v.authHeader, v.name) : null,
          interval_seconds: v.intervalSeconds ?? 3600,
          filter: JSON.stringify(v.filter ?? {}),
          precedence: v.precedence ?? 100,
          enabled: v.enabled === false ? 0 : 1,
          counts: JSON.stringify({}),
          created_at: at,
          updated_at: at,
        };
        await insertFederationSource({ tx, row });
        await logChange(tx, actor, 'create', 'source', v.name, null, sourceRecord(row));
      });
      return getSource(v.name);
    },

    async updateSource(name, patch, actor) {
      const p = parseInput(sourcePatchSchema, patch, 'FEDERATION_INVALID_SOURCE', 'federation source change');
      const baseUrl = p.baseUrl === undefined ? undefined : checkBaseUrl(p.baseUrl);
      const current = await mustFind(store.db, name);
      const reshapes =
        (p.filter !== undefined && JSON.stringify(p.filter) !== current.filter) ||
        (p.precedence !== undefined && p.precedence !== current.precedence) ||
        (p.enabled !== undefined && Number(p.enabled) !== current.enabled);
      const change = async (tx: Tx) => {
        const ok = await updateFederationSource({
          tx,
          name,
          set: {
            updated_at: nowMicros(),
            ...(p.authHeader !== undefined ? { auth_header: p.authHeader === null ? null : secretBox.encrypt(p.authHeader, name) } : {}),
            ...(p.intervalSeconds !== undefined ? { interval_seconds: p.intervalSeconds } : {}),
            ...(p.filter !== undefined ? { filter: JSON.stringify(p.filter) } : {}),
            ...(p.precedence !== undefined ? { precedence: p.precedence } : {}),
            ...(p.enabled !== undefined ? { enabled: p.enabled ? 1 : 0 } : {}),
            // Another registry: its cursors and timestamps mean nothing here, so start over.
            ...(baseUrl !== undefined && baseUrl !== current.base_url ? { base_url: baseUrl, high_water: null, resume_cursor: null, resume_since: null } : {}),
          },
        });
        if (!ok) throw new NotFoundError('FEDERATION_SOURCE_NOT_FOUND', `no federation source named '${name}'`);
        const after = sourceRecord((await findFederationSource({ tx, name }))!);
        const before = sourceRecord(current);
        // An auth header replaced by another is a change the records cannot show; say so.
        if (p.authHeader != null && current.auth_header !== null) after.authHeader = '(replaced)';
        if (JSON.stringify(before) !== JSON.stringify(after)) await logChange(tx, actor, 'update', 'source', name, before, after);
      };
      if (reshapes) await rematerialize((tx) => listMirroredNamesOfSource({ tx, source: name }), change);
      else await store.db.transaction().execute(change);
      return getSource(name);
    },

    async removeSource(name, actor) {
      if (running.has(name)) {
        throw new ConflictError('FEDERATION_SYNC_RUNNING', `'${name}' is syncing right now; remove it when the run ends`);
      }
      await mustFind(store.db, name);
      let names: string[] = [];
      await rematerialize(
        async () => names,
        async (tx) => {
          names = await listMirroredNamesOfSource({ tx, source: name });
          const before = await findFederationSource({ tx, name });
          await deleteFederationSource({ tx, name });
          if (before) await logChange(tx, actor, 'delete', 'source', name, sourceRecord(before), null);
        },
      );
    },

    async listSources() {
      const [rows, mirrored] = [await listFederationSources({ tx: store.db }), await countMirroredVersions({ tx: store.db })];
      return rows.map((r) => status(r, mirrored.get(r.name) ?? 0));
    },

    getSource,

    sync(name, onProgress) {
      let run = running.get(name);
      if (!run) {
        const listeners = new Set<(p: SyncProgress) => void>();
        const promise = syncSource({ store, outbound, secretBox, tuning, signal: abort.signal, invalidate: changed, ...(startReview ? { startReview } : {}) }, name, (p) => {
          for (const l of listeners) l(p);
        }).finally(() => running.delete(name));
        run = { promise, listeners };
        running.set(name, run);
      }
      if (onProgress) run.listeners.add(onProgress);
      return run.promise;
    },

    async curate(input, actor) {
      // One notion of trust: a curation names the same levels a reviewer sets (422 otherwise).
      const asked = input !== null && typeof input === 'object' ? (input as { trust?: unknown }).trust : undefined;
      if (asked !== undefined && asked !== null) checkTrustLevel(asked);
      const c = parseInput(curationInputSchema, input, 'FEDERATION_INVALID_CURATION', 'curation');
      let trustMoved = false;
      const source = await curationSource(c.source);
      if (source === '' && (c.decision != null || c.pinnedVersion != null || c.hiddenVersions?.length)) {
        throw new InputError('FEDERATION_LOCAL_CURATION', 'local servers take trust, tags and notes only: allow/deny, pins and hidden versions apply to mirrored sources');
      }
      if (c.name === '*' && (c.pinnedVersion != null || c.hiddenVersions?.length)) {
        throw new InputError('FEDERATION_WIDE_CURATION', 'a whole-source (*) curation cannot pin or hide versions: curate the server by name');
      }
      await rematerialize(
        (tx) => (c.name !== '*' ? Promise.resolve([c.name]) : source === '' ? listLocalServerNames({ tx }) : listMirroredNamesOfSource({ tx, source })),
        async (tx) => {
          // Fields left out keep their value; null or [] clears them.
          const before = await findCuration({ tx, source, name: c.name });
          await upsertCuration({
            tx,
            row: {
              source,
              name: c.name,
              decision: c.decision !== undefined ? c.decision : (before?.decision ?? null),
              pinned_version: c.pinnedVersion !== undefined ? c.pinnedVersion : (before?.pinned_version ?? null),
              hidden_versions: c.hiddenVersions !== undefined ? JSON.stringify([...new Set(c.hiddenVersions)]) : (before?.hidden_versions ?? '[]'),
              trust: c.trust !== undefined ? c.trust : (before?.trust ?? null),
              tags: c.tags !== undefined ? JSON.stringify([...new Set(c.tags)]) : (before?.tags ?? '[]'),
              notes: c.notes !== undefined ? c.notes : (before?.notes ?? null),
              updated_at: nowMicros(),
              updated_by: actor,
            },
          });
          const after = await findCuration({ tx, source, name: c.name });
          if ((before?.trust ?? null) !== (after?.trust ?? null)) {
            trustMoved = true;
            await store.notifyChange(tx, [SERVER_TRUST_CHANGED]);
          }
          const target = `${c.source}/${c.name}`;
          await logChange(tx, actor, before ? 'update' : 'create', 'curation', target, before ? curationView(before) : null, after ? curationView(after) : null);
        },
      );
      if (trustMoved) onTrustChanged?.();
    },

    async removeCuration(sourceName, name, actor) {
      const source = await curationSource(sourceName);
      let trustMoved = false;
      await rematerialize(
        (tx) => (name !== '*' ? Promise.resolve([name]) : source === '' ? listLocalServerNames({ tx }) : listMirroredNamesOfSource({ tx, source })),
        async (tx) => {
          const before = await findCuration({ tx, source, name });
          if (before) await logChange(tx, actor, 'delete', 'curation', `${sourceName}/${name}`, curationView(before), null);
          if (!(await deleteCuration({ tx, source, name }))) {
            throw new NotFoundError('FEDERATION_CURATION_NOT_FOUND', `no curation of '${name}' for source '${sourceName}'`);
          }
          if (before?.trust) {
            trustMoved = true;
            await store.notifyChange(tx, [SERVER_TRUST_CHANGED]);
          }
        },
      );
      if (trustMoved) onTrustChanged?.();
    },

    async listCurations(source) {
      const rows = await listCurationsOfSource({ tx: store.db, source: source === undefined ? undefined : source === 'local' ? '' : source });
      return rows.map(curationView);
    },

    async rejections(source, limit, beforeId) {
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        throw new InputError('FEDERATION_BAD_LIMIT', 'limit must be a whole number from 1 to 1000');
      }
      if (beforeId !== undefined && (!Number.isInteger(beforeId) || beforeId < 1)) {
        throw new InputError('FEDERATION_BAD_CURSOR', 'beforeId must be a positive whole number');
      }
      await mustFind(store.db, source);
      const rows = await listFederationRejections({ tx: store.db, source, limit, beforeId });
      return rows.map((r) => ({ id: Number(r.id), source: r.source, name: r.name, version: r.version, reason: r.reason, at: formatTimestamp(r.at) }));
    },

    async close() {
      abort.abort(new Error('Toolshed is shutting down'));
      await Promise.allSettled([...running.values()].map((r) => r.promise));
    },
  };
}
