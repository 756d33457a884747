/**
 * Pins and drift composed: the capability guard the gateway asks, and the drift
 * watch fed by the inventory's snapshots. Given the inventory (createInventory:
 * `onSnapshot`, `recordObserved`), they use it; without one, a small feed of
 * their own records the gateway's observed lists (the version's current
 * snapshot with the observed kind replaced) and announces them, so pins and
 * drift work before, or without, the probing side.
 */
import type { Registry } from 'prom-client';
import { findCurrentSnapshot, nowMicros, recordSnapshot, type Store } from '../store/index.js';
import { createCapabilityGuard, type ManagedCapabilityGuard, type ObservedList } from './createCapabilityGuard.js';
import { createDriftWatch, type DriftWatch, type DriftWatchOptions, type SnapshotEvent } from './createDriftWatch.js';
import { CAPABILITY_KINDS, type DriftAction, type Snapshot } from './snapshot.js';
import { itemsOf, snapshotHash } from './snapshotOf.js';

export interface SnapshotFeed {
  onSnapshot(listener: (event: SnapshotEvent) => void | Promise<void>): () => void;
  recordObserved(list: ObservedList): Promise<unknown>;
}

export interface PinsAndDriftOptions {
  store: Store;
  defaultAction: DriftAction;
  inventory?: SnapshotFeed;
  registry?: Registry;
  webhook?: { url: string; secret: string };
  publicUrl?: string;
  fetch: DriftWatchOptions['fetch'];
  schedule?: boolean;
  deliveryIntervalMs?: number;
  retryBaseMs?: number;
  log?: { warn(details: Record<string, unknown>, message: string): void };
}

export interface PinsAndDrift {
  guard: ManagedCapabilityGuard;
  watch: DriftWatch;
  /** The feed in use (the inventory's, or the local one). */
  feed: SnapshotFeed;
  close(): Promise<void>;
}

/** Records observed lists against the version's current snapshot and announces new ones. */
export function localSnapshotFeed(store: Store): SnapshotFeed {
  const listeners = new Set<(event: SnapshotEvent) => void | Promise<void>>();
  return {
    onSnapshot(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async recordObserved({ server, version, kind, definitions }) {
      const event = await store.db.transaction().execute(async (tx) => {
        const current = await findCurrentSnapshot({ tx, server, version });
        const base: Snapshot = current?.snapshot ?? {
          protocolVersion: 'unknown',
          era: 'session',
          serverInfo: null,
          capabilities: null,
          instructions: null,
          items: Object.fromEntries(CAPABILITY_KINDS.map((k) => [k, []])) as unknown as Snapshot['items'],
          hash: '',
        };
        const items = { ...base.items, [kind]: itemsOf(kind, definitions) };
        const snapshot: Snapshot = { ...base, items, hash: snapshotHash(base.instructions, items) };
        const { id, isNew } = await recordSnapshot({ tx, server, version, snapshot, findings: [], source: 'observed', at: nowMicros() });
        return isNew ? { server, version, snapshotId: id, snapshot, findings: [], source: 'observed' as const, previousSnapshotId: current?.id ?? null } : undefined;
      });
      if (event) for (const listener of listeners) await listener(event);
    },
  };
}

export async function createPinsAndDrift(options: PinsAndDriftOptions): Promise<PinsAndDrift> {
  const feed = options.inventory ?? localSnapshotFeed(options.store);
  const guard = createCapabilityGuard({
    store: options.store,
    defaultAction: options.defaultAction,
    recordObserved: (list) => feed.recordObserved(list),
    ...(options.log ? { log: options.log } : {}),
  });
  // Subscribed before loading, so no change is missed between the two.
  const unlisten = await guard.listen();
  await guard.reload();
  const watch = createDriftWatch({
    store: options.store,
    onSnapshot: (listener) => feed.onSnapshot(listener),
    changed: (server) => guard.changed(server),
    defaultAction: options.defaultAction,
    fetch: options.fetch,
    ...(options.registry ? { registry: options.registry } : {}),
    ...(options.webhook ? { webhook: options.webhook } : {}),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    ...(options.schedule ? { schedule: true } : {}),
    ...(options.deliveryIntervalMs !== undefined ? { deliveryIntervalMs: options.deliveryIntervalMs } : {}),
    ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  return {
    guard,
    watch,
    feed,
    async close() {
      await guard.settled();
      await watch.close();
      await unlisten();
    },
  };
}
