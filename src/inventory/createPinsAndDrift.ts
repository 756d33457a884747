/**
 * Pins and drift composed: the capability guard the gateway asks, and the drift
 * watch fed by the inventory's snapshots (createInventory: `onSnapshot`,
 * `recordObserved`).
 */
import type { Registry } from 'prom-client';
import type { Store } from '../store/index.js';
import { createCapabilityGuard, type ManagedCapabilityGuard, type ObservedList } from './createCapabilityGuard.js';
import { createDriftWatch, type DriftWatch, type DriftWatchOptions, type SnapshotEvent } from './createDriftWatch.js';
import type { DriftAction } from './snapshot.js';

export interface SnapshotFeed {
  onSnapshot(listener: (event: SnapshotEvent) => void | Promise<void>): () => void;
  recordObserved(list: ObservedList): Promise<unknown>;
}

export interface PinsAndDriftOptions {
  store: Store;
  defaultAction: DriftAction;
  inventory: SnapshotFeed;
  registry?: Registry;
  webhook?: { url: string; secret: string };
  publicUrl?: string;
  fetch: DriftWatchOptions['fetch'];
  /** The shared webhook sender; without one the watch makes its own. */
  sender?: DriftWatchOptions['sender'];
  announce?: DriftWatchOptions['announce'];
  schedule?: boolean;
  deliveryIntervalMs?: number;
  retryBaseMs?: number;
  log?: { warn(details: Record<string, unknown>, message: string): void };
}

export interface PinsAndDrift {
  guard: ManagedCapabilityGuard;
  watch: DriftWatch;
  /** The inventory's feed. */
  feed: SnapshotFeed;
  close(): Promise<void>;
}

export async function createPinsAndDrift(options: PinsAndDriftOptions): Promise<PinsAndDrift> {
  const feed = options.inventory;
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
    ...(options.sender ? { sender: options.sender } : {}),
    ...(options.announce ? { announce: options.announce } : {}),
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
