/**
 * The inventory's core: a queue that probes server versions with bounded
 * concurrency, records each health reading and each distinct snapshot (with its
 * definition scan), keeps each version's probe state, learns the snapshot of a
 * server that needs a person's credentials from the lists the gateway relays,
 * tells listeners (drift) of every snapshot recorded, and answers the read API.
 *
 * A probe goes to the version's remote with the administrator's shared upstream
 * values or the server's probe credential, never a person's. A version without a
 * streamable-http or SSE remote is not probed (a server Toolshed hosts will be
 * probed at its local bridge URL through the same `probeServer`).
 */
import type { Registry } from 'prom-client';
import { NotFoundError, UnavailableError, ValidationError } from '../errors.js';
import { sharedOrigins, type UpstreamSecrets } from '../gateway/index.js';
import { createInventoryMetrics, type InventoryMetrics } from '../operations/index.js';
import type { Outbound } from '../outbound/index.js';
import type { SecretBox } from '../secretBox.js';
import {
  claimDueProbes,
  clearProbeCredential,
  deleteProbeResultsBefore,
  ensureCapabilityStates,
  findCapabilityState,
  findCurrentSnapshot,
  findInventoryServer,
  findProbeCredential,
  insertAccessChange,
  findServerVersion,
  findSnapshot,
  insertProbeResult,
  listLatestSnapshotIds,
  listProbeResults,
  listSnapshotBodies,
  listSnapshots,
  nowMicros,
  recordSnapshot,
  setProbeCredential,
  upsertCapabilityState,
  type CapabilitySnapshotRecord,
  type CapabilitySnapshotSummary,
  type CapabilityStateRow,
  type ProbeResultRow,
  type Store,
} from '../store/index.js';
import { createEraMemo } from './createEraMemo.js';
import { probeServer, type ProbeOptions } from './probeServer.js';
import type { ForegroundLoad } from './createForegroundLoad.js';
import { createProbeQueue, type ProbePacing } from './probeQueue.js';
import { hasProbeableRemote, probeTargetOf, type ProbeTargetResult } from './probeTargetOf.js';
import { scanSnapshot } from './scanSnapshot.js';
import { CAPABILITY_KINDS, type CapabilityKind, type ProbeOutcome, type ScanFinding, type Snapshot } from './snapshot.js';
import { snapshotOf } from './snapshotOf.js';
import { diffSnapshots, summarizeChanges } from './diffSnapshots.js';

export interface InventorySettings {
  /** Between two scheduled probes of a version. */
  intervalSeconds: number;
  /** 0-1: each next probe is moved by up to this share of the interval, either way, so probes spread out. */
  jitter: number;
  /** Probes running at once. */
  concurrency: number;
  timeoutSeconds: number;
  healthRetentionDays: number;
  /** 0-1: while the process serves foreground traffic, the most of the time scheduled and publish-triggered probes may take (one at a time). */
  busyShare: number;
}

export const INVENTORY_DEFAULTS: InventorySettings = { intervalSeconds: 900, jitter: 0.1, concurrency: 8, timeoutSeconds: 15, healthRetentionDays: 30, busyShare: 0.1 };

/** Told of every snapshot recorded (probed or observed), new or seen again. */
export interface SnapshotEvent {
  server: string;
  version: string;
  snapshotId: number;
  snapshot: Snapshot;
  findings: ScanFinding[];
  source: 'probe' | 'observed';
  /** The version's current snapshot before this one (equal to snapshotId when nothing changed), or null. */
  previousSnapshotId: number | null;
  /** A row was inserted: the hash differs from the version's latest. */
  isNew: boolean;
}

export type SnapshotListener = (event: SnapshotEvent) => void | Promise<void>;

/** How one probe of a version ended, as the API and CLI report it. */
export interface ProbeReport {
  server: string;
  version: string;
  status: CapabilityStateRow['status'];
  up: boolean;
  latencyMs: number | null;
  failure: { kind: string; message: string; status?: number } | null;
  snapshotId: number | null;
  /** True when this probe recorded a snapshot that differs from the version's previous one. */
  changed: boolean;
}

export interface CapabilitiesView {
  server: string;
  version: string;
  /** `unprobed`: the version has no remote to probe and nothing was observed. */
  status: CapabilityStateRow['status'] | 'unprobed';
  hasRemote: boolean;
  snapshot: CapabilitySnapshotRecord | null;
  lastProbe: ProbeResultRow | null;
  lastProbeAt: number | null;
  failure: { kind: string; message: string } | null;
  nextProbeAt: number | null;
}

export interface HealthView {
  server: string;
  version: string;
  readings: ProbeResultRow[];
  /** Share of the readings that were up (null without readings). */
  uptime: number | null;
}

/** The administrator's shared upstream values of a server. */
export type SharedValues = Awaited<ReturnType<UpstreamSecrets['sharedValuesFor']>>;

/**
 * Hosted package servers (composition passes one when hosting is on): a version with no
 * remote but a hostable package is probed through an instance running with the shared
 * values only, reached through `outbound` (whose dispatcher connects the bridge URLs).
 */
export interface HostedProbes {
  hosts(doc: object): boolean;
  target(input: { server: string; version: string; doc: Record<string, unknown>; shared: SharedValues }): Promise<ProbeTargetResult>;
  outbound: Outbound;
}

export interface InventoryOptions {
  store: Store;
  outbound: Outbound;
  secretBox: SecretBox;
  /** The administrator's shared upstream values, as the gateway holds them. */
  sharedSecrets: Pick<UpstreamSecrets, 'sharedValuesFor'>;
  settings?: Partial<InventorySettings>;
  /** The app's Prometheus registry: the up/latency gauges and the probe counter go there. */
  registry?: Registry;
  /** Replaceable for hosting's bridge and for benchmarks; `probeServer` by default. */
  probe?: typeof probeServer;
  scan?: typeof scanSnapshot;
  /** Limits handed to every probe besides the timeout. */
  probeLimits?: Omit<ProbeOptions, 'outbound' | 'timeoutMs' | 'signal'>;
  log?: { warn(details: object, message: string): void };
  /**
   * Told, after the recording transaction commits, of servers whose current
   * snapshot changed, so the read API's cached answers go (composition passes
   * the catalog's `capabilitiesChanged`). Other replicas learn through
   * `store.notifyChange` inside that transaction.
   */
  capabilitiesChanged?: (servers: string[]) => void;
  /** Servers whose tool names a new snapshot is compared with for shadowing (by name); 2000 by default. */
  shadowingServers?: number;
  /** Microseconds; tests move time. */
  now?: () => number;
  /**
   * Whether the process serves foreground traffic (composition passes the HTTP
   * server's request count): background probes are then paced to `busyShare`.
   * Without it, they always run at full concurrency.
   */
  foreground?: Pick<ForegroundLoad, 'busy'>;
  /** Replaces the queue's pacing clock, timer and meter (tests). */
  pacing?: Omit<ProbePacing, 'busy' | 'share'>;
  /** Probes hosted package servers too; absent when hosting is off. */
  hosted?: HostedProbes;
}

export interface Inventory {
  /**
   * Queues a probe of a version (the latest when not given) and resolves with
   * the version queued, without waiting for the probe. Throws NotFound for an
   * unknown server or version, and INVENTORY_NO_REMOTE when it has no remote.
   */
  enqueue(server: string, version?: string): Promise<{ server: string; version: string }>;
  /** Probes now (queued like any other) and resolves with how it went. */
  probe(server: string, version?: string): Promise<ProbeReport>;
  /** Queues probes of versions just published or mirrored, without failing or waiting: unknown or remote-less ones are skipped. */
  versionsAdded(versions: ReadonlyArray<{ name: string; version?: string }>): void;
  /**
   * What the gateway relayed for a kind: a snapshot built from the version's
   * current one with that kind's list replaced, recorded as `observed`.
   * Resolves undefined when the version is not in the catalog. With `scope` (a
   * list relayed through a person's own upstream values: their person and
   * connection) it teaches only what nobody taught yet: never for a pinned server,
   * else only while the version has no snapshot or its observed one has none of
   * that kind. A list it does not record that differs from the current snapshot is
   * written to the access change log as `capability.personal_drift`, for that
   * person and connection.
   */
  recordObserved(input: {
    server: string;
    version: string;
    kind: CapabilityKind;
    definitions: readonly Record<string, unknown>[];
    scope?: string;
  }): Promise<{ id: number; isNew: boolean } | undefined>;
  /** Listens for every recorded snapshot; returns the unsubscribe. Listener failures are logged, never thrown. */
  onSnapshot(listener: SnapshotListener): () => void;
  /** One scheduler round: create missing states, claim due versions, and queue them. Resolves with the number queued. */
  runDue(): Promise<number>;
  /** Deletes health readings older than the retention; resolves with how many. */
  sweepHealth(): Promise<number>;
  capabilities(server: string, version?: string): Promise<CapabilitiesView>;
  history(server: string, query: { version?: string; limit: number; before?: number }): Promise<CapabilitySnapshotSummary[]>;
  snapshot(server: string, id: number): Promise<CapabilitySnapshotRecord>;
  health(server: string, query: { version?: string; limit: number }): Promise<HealthView>;
  setProbeCredential(server: string, input: { header?: unknown; value?: unknown }, actor: string): Promise<void>;
  /** Resolves to whether there was one. */
  clearProbeCredential(server: string, actor: string): Promise<boolean>;
  /** Resolves once no probe waits or runs. */
  idle(): Promise<void>;
  /** Resolves once the queue has room for a scheduler round again (at most `concurrency` waiting or running), or it closed. */
  roomForMore(): Promise<void>;
  readonly settings: InventorySettings;
  close(): Promise<void>;
}

const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,99}$/;
/** Headers a probe sets itself or that would break the exchange. */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'connection',
  'transfer-encoding',
  'accept',
  'accept-encoding',
  'mcp-session-id',
  'mcp-protocol-version',
  'user-agent',
  'te',
  'upgrade',
]);
const MAX_OBSERVED_ITEMS = 10_000;
/** Snapshot ids whose tool names are kept in memory for the shadowing check. */
const TOOL_NAMES_CACHE = 5_000;

/** A sealed probe credential: its value and the origins it may go to (none for one sealed before origins were recorded). */
function openCredential(text: string): { value: string; origins: string[] } {
  try {
    const parsed = JSON.parse(text) as { value?: unknown; origins?: unknown };
    if (typeof parsed.value === 'string' && Array.isArray(parsed.origins) && parsed.origins.every((o) => typeof o === 'string')) return { value: parsed.value, origins: parsed.origins as string[] };
  } catch {
    // Sealed as the bare value.
  }
  return { value: text, origins: [] };
}

/** Associated data: a sealed probe credential opens only for its server. */
const credentialContext = (server: string) => `probe-credential\n${server}`;

/**
 * What one paced probe cost, in milliseconds: the process's CPU time while it
 * ran (all threads, and foreground work alongside: an upper bound of the event
 * loop the probe took), never more than its wall time. A probe waiting on a
 * slow upstream costs little, so it does not hold the next one back for long.
 */
function probeCost(): () => number {
  const began = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return Math.min(performance.now() - began, (used.user + used.system) / 1000);
  };
}

export function createInventory(options: InventoryOptions): Inventory {
  const { store, outbound, secretBox } = options;
  const db = store.db;
  const settings: InventorySettings = { ...INVENTORY_DEFAULTS, ...options.settings };
  const probe = options.probe ?? probeServer;
  const scan = options.scan ?? scanSnapshot;
  const now = options.now ?? nowMicros;
  const metrics: InventoryMetrics | undefined = options.registry ? createInventoryMetrics(options.registry, { db }) : undefined;
  const listeners = new Set<SnapshotListener>();
  const warn = (details: object, message: string) => options.log?.warn(details, message);
  // Per process: a repeat probe skips the modern discovery a session-era server refuses.
  const eras = createEraMemo();
  const foreground = options.foreground;
  const queue = createProbeQueue<ProbeReport>({
    concurrency: settings.concurrency,
    onError: (err) => warn({ err }, 'a probe failed unexpectedly'),
    ...(foreground ? { pacing: { now: () => performance.now(), meter: probeCost, ...options.pacing, busy: () => foreground.busy(), share: settings.busyShare } } : {}),
  });
  let closed = false;
  // Cancels running probes at shutdown: each ends at once as a timeout failure, which is not recorded.
  const shutdown = new AbortController();

  const serverNotFound = (server: string) => new NotFoundError('INVENTORY_SERVER_NOT_FOUND', `No server named '${server}' in the catalog`);

  /** The next scheduled probe time, moved by up to ±jitter of the interval. */
  function nextProbeAt(from: number): number {
    const interval = settings.intervalSeconds * 1_000_000;
    return Math.round(from + interval * (1 + settings.jitter * (Math.random() * 2 - 1)));
  }

  async function findVersion(server: string, version: string | undefined) {
    const row = await findServerVersion({ tx: db, name: server, version: version ?? 'latest', includeDeleted: false });
    if (row) return row;
    if (version !== undefined && (await findServerVersion({ tx: db, name: server, version: 'latest', includeDeleted: false }))) {
      throw new NotFoundError('INVENTORY_VERSION_NOT_FOUND', `${server} has no version ${JSON.stringify(version)}`);
    }
    throw serverNotFound(server);
  }

  const docOf = (row: { doc: string }) => JSON.parse(row.doc) as { name: string; remotes?: never[] };
  /** A version probed through a hosted instance: no remote to probe, but a package hosting runs. */
  const hostedOnly = (doc: ReturnType<typeof docOf>) => !hasProbeableRemote(doc) && options.hosted !== undefined && options.hosted.hosts(doc);
  const probeable = (doc: ReturnType<typeof docOf>) => hasProbeableRemote(doc) || hostedOnly(doc);

  async function probeCredential(server: string): Promise<{ header: string; value: string; origins: string[] } | undefined> {
    const found = await findProbeCredential({ tx: db, server });
    if (!found) return undefined;
    try {
      return { header: found.header, ...openCredential(secretBox.decrypt(found.sealed, credentialContext(server))) };
    } catch (err) {
      warn({ server, err }, 'the probe credential does not open with this secret key; probing without it');
      return undefined;
    }
  }

  async function emit(event: SnapshotEvent): Promise<void> {
    for (const listener of listeners) {
      try {
        await listener(event);
      } catch (err) {
        warn({ err, server: event.server }, 'a snapshot listener failed');
      }
    }
  }

  // Snapshot id → its tool names: a snapshot row's body never changes.
  const toolNamesById = new Map<number, ReadonlySet<string>>();
  /**
   * The tool names of every other server's current snapshot (its latest version),
   * bounded: one query for which snapshots, one for the bodies not seen yet.
   */
  async function otherServersTools(server: string): Promise<Map<string, ReadonlySet<string>>> {
    const refs = await listLatestSnapshotIds({ tx: db, exceptServer: server, limit: options.shadowingServers ?? 2000 });
    const missing = refs.filter((r) => !toolNamesById.has(r.id)).map((r) => r.id);
    if (missing.length) {
      const bodies = await listSnapshotBodies({ tx: db, ids: missing });
      for (const [id, body] of bodies) {
        if (toolNamesById.size >= TOOL_NAMES_CACHE) toolNamesById.delete(toolNamesById.keys().next().value as number);
        const items = (JSON.parse(body) as Snapshot).items?.tools ?? [];
        toolNamesById.set(id, new Set(items.map((item) => item.key)));
      }
    }
    const out = new Map<string, ReadonlySet<string>>();
    for (const ref of refs) {
      const names = toolNamesById.get(ref.id);
      if (names?.size) out.set(ref.server, names);
    }
    return out;
  }

  async function record(server: string, version: string, snapshot: Snapshot, source: 'probe' | 'observed', at: number, state?: { lastProbeAt: number }) {
    let findings: ScanFinding[];
    try {
      findings = scan(snapshot, { otherServers: await otherServersTools(server) });
    } catch (err) {
      warn({ err, server }, 'the definition scan failed; the snapshot is recorded without findings');
      findings = [];
    }
    const { recorded, previous } = await db.transaction().execute(async (tx) => {
      const before = await findCapabilityState({ tx, server, version });
      const result = await recordSnapshot({ tx, server, version, snapshot, findings, source, at });
      if (state) await upsertCapabilityState({ tx, server, version, patch: { lastProbeAt: state.lastProbeAt, nextProbeAt: nextProbeAt(at) }, at });
      // The read API's `_meta` summary shows the current snapshot: other replicas drop their cached answers.
      if (Number(before?.snapshot_id ?? -1) !== result.id) await store.notifyChange(tx, [server]);
      return { recorded: result, previous: before?.snapshot_id ?? null };
    });
    if (Number(previous ?? -1) !== recorded.id) options.capabilitiesChanged?.([server]);
    await emit({ server, version, snapshotId: recorded.id, snapshot, findings, source, previousSnapshotId: previous, isNew: recorded.isNew });
    return recorded;
  }

  /**
   * A personal connection's list that may not change the shared snapshot: when it
   * differs from the current one (or there is none), the difference is written to
   * the access change log for that person and connection, and nothing else.
   */
  async function personalDrift(
    server: string,
    version: string,
    kind: CapabilityKind,
    definitions: readonly Record<string, unknown>[],
    scope: string,
    current: Snapshot | undefined,
  ): Promise<undefined> {
    const base = current ?? snapshotOf({ protocolVersion: 'unknown', era: 'session', serverInfo: null, capabilities: null, instructions: null, lists: {} });
    const seen = snapshotOf({
      protocolVersion: base.protocolVersion,
      era: base.era,
      serverInfo: base.serverInfo,
      capabilities: base.capabilities,
      instructions: base.instructions,
      lists: {
        ...Object.fromEntries(CAPABILITY_KINDS.map((k) => [k, base.items[k].map((i) => i.definition)])),
        [kind]: definitions.filter((d) => typeof d === 'object' && d !== null && !Array.isArray(d)),
      },
    });
    const changes = diffSnapshots(base, seen).filter((c) => c.kind === kind);
    if (changes.length === 0) return undefined;
    const [person = '', connection = ''] = scope.split('\u0000');
    await insertAccessChange({
      tx: db,
      change: {
        at: now(),
        actor: 'toolshed:inventory',
        action: 'capability.personal_drift',
        targetKind: 'server',
        target: server,
        newValue: { version, kind, person, connection, changes: summarizeChanges(changes.slice(0, 200)) },
      },
    });
    return undefined;
  }

  /** The probe itself: resolve the target, run it, record the reading and (when ok) the snapshot. */
  async function probeVersion(server: string, version: string): Promise<ProbeReport> {
    const report = (r: Partial<ProbeReport> & Pick<ProbeReport, 'status'>): ProbeReport => ({ server, version, up: false, latencyMs: null, failure: null, snapshotId: null, changed: false, ...r });
    const row = await findServerVersion({ tx: db, name: server, version, includeDeleted: false });
    if (!row) return report({ status: 'failed', failure: { kind: 'gone', message: `${server} ${version} is no longer in the catalog` } });
    const doc = docOf(row);
    const credential = await probeCredential(server);
    let sharedValues: SharedValues;
    try {
      sharedValues = await options.sharedSecrets.sharedValuesFor(server);
    } catch (err) {
      warn({ server, err }, 'the shared upstream secrets do not open with this secret key; probing without them');
      sharedValues = new Map();
    }
    const at = now();
    const hosted = hostedOnly(doc) ? options.hosted : undefined;
    // A hosted instance gets the shared values only (as for a remote), never a person's; the probe credential is for remotes.
    const target = hosted ? await hosted.target({ server, version, doc: doc as Record<string, unknown>, shared: sharedValues }) : probeTargetOf(doc, sharedValues, credential);
    if (!target.ok) {
      if (target.reason === 'no-remote') return report({ status: 'failed', failure: { kind: 'no-remote', message: target.message } });
      if (target.reason === 'unavailable') {
        await upsertCapabilityState({
          tx: db,
          server,
          version,
          patch: { status: 'failed', lastProbeAt: at, failureKind: 'unavailable', failureMessage: target.message.slice(0, 500), nextProbeAt: nextProbeAt(at) },
          at,
        });
        metrics?.probed('unavailable');
        return report({ status: 'failed', failure: { kind: 'unavailable', message: target.message } });
      }
      // Values only a person gives are missing: the gateway's first relayed list will teach the snapshot.
      const status = credential ? 'failed' : 'personal';
      await upsertCapabilityState({ tx: db, server, version, patch: { status, lastProbeAt: at, failureKind: 'auth', failureMessage: target.message, nextProbeAt: nextProbeAt(at) }, at });
      metrics?.probed('auth');
      return report({ status, failure: { kind: 'auth', message: target.message } });
    }
    let outcome: ProbeOutcome;
    try {
      outcome = await probe(target.target, { outbound: hosted?.outbound ?? outbound, timeoutMs: settings.timeoutSeconds * 1000, ...options.probeLimits, signal: shutdown.signal, eras });
    } catch (err) {
      warn({ server, version, err }, 'the probe threw instead of naming a failure');
      outcome = { ok: false, failure: { kind: 'protocol', message: 'the probe failed unexpectedly' }, latencyMs: (now() - at) / 1000 };
    }
    if (closed) return report({ status: 'failed', failure: { kind: 'closed', message: 'the inventory closed during the probe' } });
    const done = now();
    await insertProbeResult({
      tx: db,
      result: outcome.ok
        ? { server, version, at: done, up: true, latencyMs: outcome.latencyMs, protocolVersion: outcome.snapshot.protocolVersion, failureKind: null, failureMessage: null, httpStatus: null }
        : {
            server,
            version,
            at: done,
            up: false,
            latencyMs: outcome.latencyMs,
            protocolVersion: outcome.protocolVersion ?? null,
            failureKind: outcome.failure.kind,
            failureMessage: outcome.failure.message.slice(0, 500),
            httpStatus: outcome.failure.status ?? null,
          },
    });
    metrics?.probed(outcome.ok ? 'ok' : outcome.failure.kind);
    if (outcome.ok) {
      const recorded = await record(server, version, outcome.snapshot, 'probe', done, { lastProbeAt: done });
      return report({ status: 'ok', up: true, latencyMs: outcome.latencyMs, snapshotId: recorded.id, changed: recorded.isNew });
    }
    const { failure } = outcome;
    const personal = failure.kind === 'auth' && !credential && sharedValues.size === 0;
    const status = personal ? 'personal' : 'failed';
    await upsertCapabilityState({
      tx: db,
      server,
      version,
      patch: { status, lastProbeAt: done, failureKind: failure.kind, failureMessage: failure.message.slice(0, 500), nextProbeAt: nextProbeAt(done) },
      at: done,
    });
    // The server answered, but with what the probe refuses (invalid or past its bounds): for a pinned server that is not silence.
    if ((failure.kind === 'protocol' || failure.kind === 'too-large') && (await findInventoryServer({ tx: db, server }))?.pinned_snapshot_id != null) {
      await insertAccessChange({
        tx: db,
        change: {
          at: done,
          actor: 'toolshed:inventory',
          action: 'capability.probe_refused',
          targetKind: 'server',
          target: server,
          newValue: { version, kind: failure.kind, message: failure.message.slice(0, 500) },
        },
      });
      warn({ server, version, kind: failure.kind }, 'a pinned server answered its probe with what the probe refuses');
    }
    const state = await findCapabilityState({ tx: db, server, version });
    return report({ status, latencyMs: outcome.latencyMs, failure, snapshotId: state?.snapshot_id ?? null });
  }

  function queued(server: string, version: string, lane: 'on-demand' | 'background'): Promise<ProbeReport | undefined> {
    return queue.add(`${server}\u0000${version}`, () => probeVersion(server, version), { background: lane === 'background' });
  }

  async function resolveProbeable(server: string, version: string | undefined): Promise<{ server: string; version: string }> {
    if (closed) throw new UnavailableError('INVENTORY_CLOSED', 'The inventory is shutting down');
    const row = await findVersion(server, version);
    if (!probeable(docOf(row))) {
      throw new ValidationError('INVENTORY_NO_REMOTE', `${server} ${row.version} has no streamable-http or SSE remote to probe`);
    }
    return { server, version: row.version };
  }

  const inventory: Inventory = {
    settings,

    async enqueue(server, version) {
      const target = await resolveProbeable(server, version);
      void queued(target.server, target.version, 'on-demand');
      return target;
    },

    async probe(server, version) {
      const target = await resolveProbeable(server, version);
      const result = await queued(target.server, target.version, 'on-demand');
      if (!result) throw new UnavailableError('INVENTORY_CLOSED', 'The inventory is shutting down');
      return result;
    },

    versionsAdded(versions) {
      for (const v of versions) {
        void (async () => {
          const row = await findServerVersion({ tx: db, name: v.name, version: v.version ?? 'latest', includeDeleted: false });
          if (!row || !probeable(docOf(row))) return;
          // A mirror re-materialized for another reason (a curation) is not probed again here; the schedule keeps it current.
          if (v.version === undefined && (await findCapabilityState({ tx: db, server: row.name, version: row.version }))) return;
          await queued(row.name, row.version, 'background');
        })().catch((err: unknown) => warn({ err, server: v.name }, 'queueing a probe of a new version failed'));
      }
    },

    async recordObserved({ server, version, kind, definitions, scope }) {
      if (closed || !CAPABILITY_KINDS.includes(kind) || !Array.isArray(definitions) || definitions.length > MAX_OBSERVED_ITEMS) return undefined;
      const row = await findServerVersion({ tx: db, name: server, version, includeDeleted: false });
      if (!row) return undefined;
      const currentRecord = await findCurrentSnapshot({ tx: db, server, version });
      const current = currentRecord?.snapshot;
      if (scope !== undefined) {
        const pinned = (await findInventoryServer({ tx: db, server }))?.pinned_snapshot_id != null;
        const untaught = !current || (currentRecord.source === 'observed' && current.items[kind].length === 0);
        if (pinned || !untaught) return personalDrift(server, version, kind, definitions, scope, current);
      }
      const lists = Object.fromEntries(CAPABILITY_KINDS.map((k) => [k, (current?.items[k] ?? []).map((item) => item.definition)])) as Record<CapabilityKind, Record<string, unknown>[]>;
      lists[kind] = definitions.filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null && !Array.isArray(d));
      const snapshot = snapshotOf({
        protocolVersion: current?.protocolVersion ?? 'unknown',
        era: current?.era ?? 'session',
        serverInfo: current?.serverInfo ?? null,
        capabilities: current?.capabilities ?? null,
        instructions: current?.instructions ?? null,
        lists,
      });
      return record(server, version, snapshot, 'observed', now());
    },

    onSnapshot(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async runDue() {
      if (closed) return 0;
      // Claim no more than the queue can start soon, so other replicas take the rest; a full queue asks nothing of the database.
      const room = Math.max(0, settings.concurrency * 4 - queue.size);
      if (room === 0) return 0;
      const at = now();
      await ensureCapabilityStates({ tx: db, at });
      const claimed = await claimDueProbes({ db, now: at, limit: room, nextAt: () => nextProbeAt(at) });
      for (const c of claimed) void queued(c.server, c.version, 'background');
      return claimed.length;
    },

    async sweepHealth() {
      return deleteProbeResultsBefore({ db, before: now() - settings.healthRetentionDays * 86_400_000_000 });
    },

    async capabilities(server, version) {
      const row = await findVersion(server, version);
      const [state, current, lastProbe] = await Promise.all([
        findCapabilityState({ tx: db, server, version: row.version }),
        findCurrentSnapshot({ tx: db, server, version: row.version }),
        listProbeResults({ tx: db, server, version: row.version, limit: 1 }),
      ]);
      const hasRemote = hasProbeableRemote(docOf(row));
      // A hosted-only version is probed through its instance (options.hosted): pending and scheduled like a remote.
      const probed = hasRemote || hostedOnly(docOf(row));
      return {
        server,
        version: row.version,
        status: state?.status ?? (probed ? 'pending' : 'unprobed'),
        hasRemote,
        snapshot: current ?? null,
        lastProbe: lastProbe[0] ?? null,
        lastProbeAt: state?.last_probe_at ?? null,
        failure: state?.failure_kind ? { kind: state.failure_kind, message: state.failure_message ?? '' } : null,
        nextProbeAt: state && probed ? state.next_probe_at : null,
      };
    },

    async history(server, query) {
      const row = await findVersion(server, query.version);
      return listSnapshots({ tx: db, server, version: query.version === undefined ? undefined : row.version, limit: query.limit, before: query.before });
    },

    async snapshot(server, id) {
      await findVersion(server, undefined);
      const found = await findSnapshot({ tx: db, id });
      if (!found || found.server !== server) throw new NotFoundError('INVENTORY_SNAPSHOT_NOT_FOUND', `${server} has no capability snapshot ${id}`);
      return found;
    },

    async health(server, query) {
      const row = await findVersion(server, query.version);
      const readings = await listProbeResults({ tx: db, server, version: row.version, limit: query.limit });
      const up = readings.filter((r) => r.up === 1).length;
      return { server, version: row.version, readings, uptime: readings.length ? up / readings.length : null };
    },

    async setProbeCredential(server, input, actor) {
      const { header, value } = input;
      if (typeof header !== 'string' || !HEADER_NAME.test(header) || RESERVED_HEADERS.has(header.toLowerCase()) || header.toLowerCase().startsWith('x-toolshed-')) {
        throw new ValidationError('INVENTORY_BAD_PROBE_CREDENTIAL', 'header must be a header name (letters, digits, `-`) the probe does not set itself', [
          { message: 'invalid header', location: 'body.header' },
        ]);
      }
      if (typeof value !== 'string' || value.length === 0 || value.length > 8192 || /[\u0000-\u001f\u007f]/.test(value)) {
        throw new ValidationError('INVENTORY_BAD_PROBE_CREDENTIAL', 'value must be 1-8192 characters without line breaks or control characters', [
          { message: 'invalid value', location: 'body.value' },
        ]);
      }
      const latest = await findVersion(server, undefined);
      let shared: SharedValues;
      try {
        shared = await options.sharedSecrets.sharedValuesFor(server);
      } catch {
        shared = new Map();
      }
      // Bound to the origins the latest version's remotes have now, as a shared secret is.
      const origins = sharedOrigins(docOf(latest), shared);
      const sealed = secretBox.encrypt(JSON.stringify({ origins, value }), credentialContext(server));
      await setProbeCredential({ tx: db, server, header, sealed, by: actor, at: now() });
    },

    async clearProbeCredential(server, actor) {
      await findVersion(server, undefined);
      return clearProbeCredential({ tx: db, server, by: actor, at: now() });
    },

    idle: () => queue.idle(),

    roomForMore: () => queue.below(settings.concurrency),

    async close() {
      closed = true;
      queue.close();
      shutdown.abort();
      await queue.idle();
      listeners.clear();
    },
  };
  return inventory;
}
