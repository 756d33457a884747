/**
 * Pins and drift. Every new snapshot of a server's latest version (probed or
 * observed) is diffed with the server's pin; a difference is a drift event,
 * written in one transaction with its admin-log entry and its webhook (outbox),
 * then counted in the metrics and announced to every replica's capability
 * guard. Re-pinning resolves the open events and records who and when.
 * Webhooks are delivered by the one webhook sender (src/operations,
 * `createWebhookSender`), which claims due deliveries race-free across replicas
 * and retries with backoff and jitter; governance notifications hear of each
 * drift through `announce`, in the same transaction.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import { ConflictError, InputError, NotFoundError } from '../errors.js';
import { createWebhookSender, type WebhookSender } from '../operations/index.js';
import {
  enqueueWebhook,
  findCurrentSnapshot,
  findInventoryServer,
  findServerVersion,
  findSnapshot,
  insertAccessChange,
  insertDriftEvent,
  listDriftEvents,
  listPins,
  nowMicros,
  pinSnapshot,
  setDriftAction,
  type DriftEventFilter,
  type Store,
  type Tx,
} from '../store/index.js';
import { diffSnapshots } from './diffSnapshots.js';
import type { DriftAction, FindingSeverity, ItemChange, ScanFinding, Snapshot } from './snapshot.js';

/** What the inventory announces for every snapshot it records (createInventory's onSnapshot). */
export interface SnapshotEvent {
  server: string;
  version: string;
  snapshotId: number;
  snapshot: Snapshot;
  findings: ScanFinding[];
  source: 'probe' | 'observed';
  previousSnapshotId: number | null;
}

export interface DriftEvent {
  id: number;
  server: string;
  version: string;
  snapshotId: number;
  pinnedSnapshotId: number;
  via: 'probe' | 'observed';
  detectedAt: string;
  changes: ItemChange[];
  severity: FindingSeverity | 'none';
  resolvedAt: string | null;
  resolvedBy: string | null;
}

export interface PinStatus {
  server: string;
  pinnedSnapshotId: number | null;
  pinnedBy: string | null;
  pinnedAt: string | null;
  /** The server's own action, or null when it follows the default. */
  action: DriftAction | null;
  effectiveAction: DriftAction;
  openDrift: DriftEvent[];
}

/** The drift state every reader of a server sees: enough to say the gateway holds back changed tools or blocks the server. */
export interface DriftState {
  pinned: boolean;
  /** A drift from the pin is open (not yet re-pinned). */
  open: boolean;
  effectiveAction: DriftAction;
}

export interface DriftWatchOptions {
  store: Store;
  /** Subscribes to the inventory's recorded snapshots; returns an unsubscribe. */
  onSnapshot(listener: (event: SnapshotEvent) => void | Promise<void>): () => void;
  /** Tells every replica's capability guard that the server's pin, action or drift changed. */
  changed(server: string): Promise<void>;
  defaultAction: DriftAction;
  registry?: Registry;
  /** The signed webhook: where to, and the HMAC key. */
  webhook?: { url: string; secret: string };
  /** The public URL, for the console link in the webhook. */
  publicUrl?: string;
  /** The guarded client (the outbound guard) webhooks go through. */
  fetch(url: string, options: { method: 'POST'; headers: Record<string, string>; body: string; timeoutMs: number; maxBytes: number }): Promise<{ status: number }>;
  /** The shared webhook sender (composition's); without one, the watch makes its own for `webhook`. */
  sender?: WebhookSender;
  /** Told of every drift inside its transaction (governance notifications: `drift.detected`). */
  announce?(tx: Tx, drift: { id: number; server: string; version: string; via: 'probe' | 'observed'; severity: string; action: DriftAction; detectedAt: number; changes: number }): Promise<void>;
  /** Run the delivery loop (`toolshed serve`). */
  schedule?: boolean;
  deliveryIntervalMs?: number;
  /** First retry delay (doubling); tests shorten it. */
  retryBaseMs?: number;
  maxAttempts?: number;
  log?: { warn(details: Record<string, unknown>, message: string): void };
}

export interface DriftWatch {
  pin(input: { server: string; snapshotId?: number; by: string }): Promise<PinStatus>;
  setAction(input: { server: string; action: DriftAction | null; by: string }): Promise<PinStatus>;
  status(server: string): Promise<PinStatus>;
  /** What any reader may know: whether the server is pinned, has open drift, and the action that applies (no diff). */
  state(server: string): Promise<DriftState>;
  listDrift(filter: DriftEventFilter, limit: number): Promise<DriftEvent[]>;
  /** Handles one recorded snapshot (the listener; exposed for tests). */
  check(event: SnapshotEvent): Promise<DriftEvent | undefined>;
  /** Delivers the webhooks due now; resolves to how many were attempted. */
  deliverDue(): Promise<number>;
  /** Resolves when the snapshots handed over so far are checked. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** Open drift events of a server past which a drift is recorded only when it names an item they do not. */
export const MAX_OPEN_DRIFT_EVENTS = 50;
/** What a change is about: any added item of a kind counts as one (the guard holds every item the pin does not have). */
const driftSlot = (c: ItemChange) => `${c.kind}\u0000${c.change === 'added' ? '\u0000added' : `${c.change}\u0000${c.key}`}`;

const SEVERITY_RANK: Record<string, number> = { none: 0, low: 1, medium: 2, high: 3 };
const iso = (micros: number | null) => (micros === null ? null : new Date(Math.floor(micros / 1000)).toISOString());

/** The highest scan severity among the findings on items that were added or changed. */
export function driftSeverity(changes: readonly ItemChange[], findings: readonly ScanFinding[]): FindingSeverity | 'none' {
  const touched = new Set(changes.filter((c) => c.change !== 'removed').map((c) => `${c.kind}\u0000${c.key}`));
  let worst: FindingSeverity | 'none' = 'none';
  for (const f of findings) {
    const hit = f.kind === 'instructions' || touched.has(`${f.kind}\u0000${f.key}`);
    if (hit && SEVERITY_RANK[f.severity]! > SEVERITY_RANK[worst]!) worst = f.severity;
  }
  return worst;
}

function eventOf(row: Awaited<ReturnType<typeof listDriftEvents>>[number]): DriftEvent {
  return {
    id: row.id,
    server: row.server,
    version: row.version,
    snapshotId: row.snapshotId,
    pinnedSnapshotId: row.pinnedSnapshotId,
    via: row.via,
    detectedAt: iso(row.detectedAt)!,
    changes: JSON.parse(row.changes) as ItemChange[],
    severity: row.severity as DriftEvent['severity'],
    resolvedAt: iso(row.resolvedAt),
    resolvedBy: row.resolvedBy,
  };
}

/** One line per change, for the webhook and the admin log. */
function changeSummary(changes: readonly ItemChange[]): Array<{ kind: string; key: string; change: string; fields?: string[] }> {
  return changes.slice(0, 100).map((c) => ({ kind: c.kind, key: c.key, change: c.change, ...(c.fields ? { fields: c.fields.map((f) => f.path) } : {}) }));
}

export function createDriftWatch(options: DriftWatchOptions): DriftWatch {
  const { store } = options;
  const db = store.db;
  const registers = options.registry ? [options.registry] : [];
  const driftTotal = new Counter({ name: 'toolshed_capability_drift_total', help: 'Drifts from a pin detected by this process, by how they were seen', labelNames: ['server', 'via'], registers });
  const driftOpen = new Gauge({ name: 'toolshed_capability_drift_open', help: 'Unresolved drift events of the server (as of this process’s last change)', labelNames: ['server'], registers });
  const running = new Set<Promise<unknown>>();
  const ownSender = options.sender
    ? undefined
    : createWebhookSender({
        store,
        endpoints: { drift: options.webhook },
        fetch: options.fetch,
        ...(options.schedule ? { schedule: true } : {}),
        ...(options.deliveryIntervalMs !== undefined ? { deliveryIntervalMs: options.deliveryIntervalMs } : {}),
        ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
        ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
        ...(options.log ? { log: options.log } : {}),
      });
  const sender = options.sender ?? ownSender!;

  async function countOpen(server: string): Promise<void> {
    const open = await listDriftEvents({ tx: db, filter: { open: true, server }, limit: 1000 });
    driftOpen.set({ server }, open.length);
  }

  async function status(server: string): Promise<PinStatus> {
    const row = await findInventoryServer({ tx: db, server });
    const open = await listDriftEvents({ tx: db, filter: { open: true, server }, limit: 100 });
    return {
      server,
      pinnedSnapshotId: row?.pinned_snapshot_id ?? null,
      pinnedBy: row?.pinned_by ?? null,
      pinnedAt: iso(row?.pinned_at ?? null),
      action: row?.drift_action ?? null,
      effectiveAction: row?.drift_action ?? options.defaultAction,
      openDrift: open.map(eventOf),
    };
  }

  async function state(server: string): Promise<DriftState> {
    const row = await findInventoryServer({ tx: db, server });
    const open = await listDriftEvents({ tx: db, filter: { open: true, server }, limit: 1 });
    return { pinned: (row?.pinned_snapshot_id ?? null) !== null, open: open.length > 0, effectiveAction: row?.drift_action ?? options.defaultAction };
  }

  async function check(event: SnapshotEvent): Promise<DriftEvent | undefined> {
    const latest = await findServerVersion({ tx: db, name: event.server, version: 'latest', includeDeleted: false });
    if (!latest || latest.version !== event.version) return undefined;
    const [pin] = await listPins({ tx: db, server: event.server });
    if (!pin || pin.pinnedSnapshotId === null || pin.pinnedBody === null || pin.pinnedSnapshotId === event.snapshotId) return undefined;
    const changes = diffSnapshots(JSON.parse(pin.pinnedBody) as Snapshot, event.snapshot);
    if (changes.length === 0) return undefined;
    const open = await listDriftEvents({ tx: db, filter: { open: true, server: event.server }, limit: 1000 });
    // The same snapshot seen again (another probe, another replica's observation) is one drift.
    const known = open.find((e) => e.snapshotId === event.snapshotId);
    if (known) return eventOf(known);
    if (open.length >= MAX_OPEN_DRIFT_EVENTS) {
      // A flapping upstream would make an event, a log entry and a webhook per list: past the bound, only a drift that names something the open events do not is one.
      const covered = new Set(open.flatMap((e) => (JSON.parse(e.changes) as ItemChange[]).map(driftSlot)));
      if (changes.every((c) => covered.has(driftSlot(c)))) {
        options.log?.warn({ server: event.server, snapshotId: event.snapshotId }, 'a drift like the open ones was not recorded again: the server has too many open drift events');
        return undefined;
      }
    }
    const severity = driftSeverity(changes, event.findings);
    const at = nowMicros();
    const id = await db.transaction().execute(async (tx) => {
      const id = await insertDriftEvent({
        tx,
        event: {
          server: event.server,
          version: event.version,
          snapshotId: event.snapshotId,
          pinnedSnapshotId: pin.pinnedSnapshotId!,
          via: event.source,
          detectedAt: at,
          changes: JSON.stringify(changes),
          severity,
        },
      });
      const summary = changeSummary(changes);
      await insertAccessChange({
        tx,
        change: {
          at,
          actor: 'toolshed:inventory',
          action: 'capability.drift',
          targetKind: 'server',
          target: event.server,
          newValue: { driftEvent: id, version: event.version, via: event.source, severity, changes: summary },
        },
      });
      if (options.webhook) {
        const console = options.publicUrl ? new URL(`/servers/${encodeURIComponent(event.server)}#drift`, options.publicUrl).toString() : null;
        const payload = JSON.stringify({
          event: 'capability.drift',
          id,
          server: event.server,
          version: event.version,
          via: event.source,
          severity,
          action: pin.driftAction ?? options.defaultAction,
          detectedAt: iso(at),
          changes: summary,
          console,
        });
        await enqueueWebhook({ tx, event: 'capability.drift', payload, at, endpoint: 'drift', dedupeKey: `drift:${id}` });
      }
      await options.announce?.(tx, {
        id,
        server: event.server,
        version: event.version,
        via: event.source,
        severity,
        action: pin.driftAction ?? options.defaultAction,
        detectedAt: at,
        changes: changes.length,
      });
      return id;
    });
    driftTotal.inc({ server: event.server, via: event.source });
    await countOpen(event.server);
    await options.changed(event.server);
    const [row] = await listDriftEvents({ tx: db, filter: { server: event.server, before: id + 1 }, limit: 1 });
    sender.kick();
    return eventOf(row!);
  }

  function deliverDue(): Promise<number> {
    return sender.deliverDue();
  }

  const unsubscribe = options.onSnapshot((event) => {
    const run = check(event).catch((err) => options.log?.warn({ err, server: event.server }, 'checking a snapshot against its pin failed'));
    running.add(run);
    void run.finally(() => running.delete(run));
  });

  return {
    async pin({ server, snapshotId, by }) {
      const latest = await findServerVersion({ tx: db, name: server, version: 'latest', includeDeleted: false });
      if (!latest) throw new NotFoundError('DRIFT_SERVER_NOT_FOUND', `No server named ${server}`);
      let id = snapshotId;
      if (id === undefined) {
        const current = await findCurrentSnapshot({ tx: db, server, version: latest.version });
        if (!current) throw new ConflictError('DRIFT_NO_SNAPSHOT', `${server} ${latest.version} has no snapshot yet: probe it first`);
        id = current.id;
      } else {
        const found = await findSnapshot({ tx: db, id });
        if (!found || found.server !== server) throw new InputError('DRIFT_BAD_SNAPSHOT', `Snapshot ${id} is not one of ${server}`);
      }
      const pinId = id;
      await db.transaction().execute(async (tx) => {
        const before = await findInventoryServer({ tx, server });
        const at = nowMicros();
        const { resolved } = await pinSnapshot({ tx, server, snapshotId: pinId, by, at });
        await insertAccessChange({
          tx,
          change: {
            at,
            actor: by,
            action: 'capability.pin',
            targetKind: 'server',
            target: server,
            oldValue: before?.pinned_snapshot_id ?? null,
            newValue: { snapshotId: pinId, resolvedDrift: resolved },
          },
        });
      });
      await countOpen(server);
      await options.changed(server);
      return status(server);
    },
    async setAction({ server, action, by }) {
      const latest = await findServerVersion({ tx: db, name: server, version: 'latest', includeDeleted: false });
      if (!latest) throw new NotFoundError('DRIFT_SERVER_NOT_FOUND', `No server named ${server}`);
      await db.transaction().execute(async (tx) => {
        const before = await findInventoryServer({ tx, server });
        const at = nowMicros();
        await setDriftAction({ tx, server, action, by, at });
        await insertAccessChange({ tx, change: { at, actor: by, action: 'capability.drift_action', targetKind: 'server', target: server, oldValue: before?.drift_action ?? null, newValue: action } });
      });
      await options.changed(server);
      return status(server);
    },
    status,
    state,
    async listDrift(filter, limit) {
      return (await listDriftEvents({ tx: db, filter, limit })).map(eventOf);
    },
    check,
    deliverDue,
    async settled() {
      while (running.size) await Promise.all([...running]);
    },
    async close() {
      unsubscribe();
      await Promise.all([...running]);
      await ownSender?.close();
    },
  };
}
