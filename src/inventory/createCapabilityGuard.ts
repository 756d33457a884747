/**
 * The inventory's side of the gateway's port (src/gateway/capabilityGuard.ts),
 * answered from memory: per server, the pinned items' hashes, the drift action
 * and what drifted. `observe` compares a relayed list with the pin and with the
 * last list seen, marks drift at once (so `hide` filters the very list that
 * showed it), and hands a changed full list to `recordObserved` off the hot
 * path. Memory is loaded at start and reloaded per server whenever any replica
 * changes a pin, an action or drift events (INVENTORY_CHANNEL).
 */
import { listPins, type PinRow, type Store } from '../store/index.js';
import { INVENTORY_CHANNEL } from './inventoryChannel.js';
import { hashDefinition, itemKey } from './snapshotOf.js';
import type { CapabilityKind, DriftAction, ItemChange, Snapshot } from './snapshot.js';

/*
 * The port's shapes, restated: the inventory imports nothing from the gateway
 * (it sits beside it), and composition checks that this guard fits the port.
 */
export interface ListObservation {
  server: string;
  version: string;
  kind: CapabilityKind;
  result: Record<string, unknown>;
  firstPage: boolean;
}

export type CapabilityVerdict =
  | { action: 'relay' }
  | { action: 'block'; reason: string }
  | { action: 'hide'; mayList(kind: CapabilityKind, item: Record<string, unknown>): boolean; mayUse(kind: CapabilityKind, key: string): boolean };

export interface CapabilityGuard {
  observe(observation: ListObservation): void;
  verdict(server: string): CapabilityVerdict;
}

export interface ObservedList {
  server: string;
  version: string;
  kind: CapabilityKind;
  definitions: Record<string, unknown>[];
}

export interface CapabilityGuardOptions {
  store: Pick<Store, 'db' | 'publish' | 'subscribe'>;
  /** TOOLSHED_DRIFT_ACTION: the action of a server without its own. */
  defaultAction: DriftAction;
  /** Stores a full list the gateway saw (the inventory's recordObserved). */
  recordObserved(list: ObservedList): Promise<unknown>;
  log?: { warn(details: Record<string, unknown>, message: string): void };
  /** Most definitions whose hash is remembered by their JSON text. */
  hashMemoSize?: number;
  /** Most characters of JSON text the hash memo holds (a definition larger than 1/16 of it is hashed each time, not remembered). */
  hashMemoChars?: number;
}

export interface ManagedCapabilityGuard extends CapabilityGuard {
  /** Loads every server's pin (start-up, and after a lost subscription). */
  reload(server?: string): Promise<void>;
  /** Subscribes to other replicas' changes; resolves to an unsubscribe. */
  listen(): Promise<() => Promise<void>>;
  /** Tells every replica (this one included) that the server's pin, action or drift changed. */
  changed(server: string): Promise<void>;
  /** Resolves when the observations handed to recordObserved so far are stored (tests, shutdown). */
  settled(): Promise<void>;
  /** What the guard holds in memory (tests of its bounds). */
  memoryUse(): { hashedDefinitions: number; hashedChars: number; driftedKeys: number };
}

interface Memory {
  action: DriftAction;
  /** kind → key → pinned hash; null without a pin. */
  pinned: Map<CapabilityKind, Map<string, string>> | null;
  /** `kind\0key` of items added or changed since the pin: open drift events, and what this replica saw itself. */
  drifted: Set<string>;
  /** Open drift events (a removal-only drift has no drifted key but still counts). */
  openEvents: number;
  verdict: CapabilityVerdict;
  pinnedId: number | null;
  /** Drift this replica saw in relayed lists: kept until the pin changes, as its drift event may not be stored yet. */
  seen: Set<string>;
}

const RELAY: CapabilityVerdict = { action: 'relay' };
const slot = (kind: string, key: string) => `${kind}\u0000${key}`;
/**
 * The key a new item (one the pin does not have) is remembered under: new items are
 * refused by not being pinned, so one mark per kind says the server drifted, and a
 * server listing ever new names cannot grow the set.
 */
const NEW_ITEMS = '\u0000new';

export function createCapabilityGuard(options: CapabilityGuardOptions): ManagedCapabilityGuard {
  const { store, defaultAction } = options;
  const memoSize = options.hashMemoSize ?? 20_000;
  const memoChars = options.hashMemoChars ?? 8_000_000;
  let hashedChars = 0;
  const memories = new Map<string, Memory>();
  /** The last full list seen per server, version and kind, as a signature of (key, hash) pairs. */
  const lastSeen = new Map<string, string>();
  /** Observations waiting to be recorded: one per server+kind, the newest wins. */
  const pending = new Map<string, ObservedList>();
  const running = new Set<Promise<void>>();
  const hashes = new Map<string, string>();

  function hashOf(item: Record<string, unknown>): { text: string; hash: string } {
    const text = JSON.stringify(item);
    let hash = hashes.get(text);
    if (hash === undefined) {
      hash = hashDefinition(item);
      // A hostile upstream's huge definitions would fill the memo: they are hashed each time instead.
      if (text.length > memoChars / 16) return { text, hash };
      // Bounded in entries and characters: past either the oldest go first (Map keeps insertion order).
      while (hashes.size > 0 && (hashes.size >= memoSize || hashedChars + text.length > memoChars)) {
        const oldest = hashes.keys().next().value!;
        hashes.delete(oldest);
        hashedChars -= oldest.length;
      }
      hashes.set(text, hash);
      hashedChars += text.length;
    }
    return { text, hash };
  }

  function isDrifted(m: Memory): boolean {
    return m.drifted.size > 0 || m.openEvents > 0;
  }

  function verdictOf(server: string, m: Memory): CapabilityVerdict {
    if (!m.pinned || m.action === 'warn' || !isDrifted(m)) return RELAY;
    if (m.action === 'block') return { action: 'block', reason: `${server} changed its capabilities since they were pinned` };
    const pinned = m.pinned;
    return {
      action: 'hide',
      mayList(kind, item) {
        const key = itemKey(kind, item);
        if (key === null) return false;
        const want = pinned.get(kind)?.get(key);
        return want !== undefined && hashOf(item).hash === want && !m.drifted.has(slot(kind, key));
      },
      mayUse(kind, key) {
        return pinned.get(kind)?.has(key) === true && !m.drifted.has(slot(kind, key));
      },
    };
  }

  function refresh(server: string, m: Memory): void {
    m.verdict = verdictOf(server, m);
  }

  function memoryOf(row: PinRow, previous: Memory | undefined): Memory {
    let pinned: Memory['pinned'] = null;
    if (row.pinnedBody !== null) {
      const snapshot = JSON.parse(row.pinnedBody) as Snapshot;
      pinned = new Map();
      for (const [kind, items] of Object.entries(snapshot.items) as Array<[CapabilityKind, Snapshot['items'][CapabilityKind]]>) {
        pinned.set(kind, new Map(items.map((i) => [i.key, i.hash])));
      }
    }
    const drifted = new Set<string>();
    for (const text of row.openChanges) {
      for (const c of JSON.parse(text) as ItemChange[]) if (c.change !== 'removed') drifted.add(slot(c.kind, c.change === 'added' ? NEW_ITEMS : c.key));
    }
    const seen = previous && previous.pinnedId === row.pinnedSnapshotId ? previous.seen : new Set<string>();
    for (const s of seen) drifted.add(s);
    const m: Memory = { action: row.driftAction ?? defaultAction, pinned, drifted, openEvents: row.openChanges.length, verdict: RELAY, pinnedId: row.pinnedSnapshotId, seen };
    refresh(row.server, m);
    return m;
  }

  async function reload(server?: string): Promise<void> {
    const rows = await listPins({ tx: store.db, ...(server !== undefined ? { server } : {}) });
    if (server === undefined) {
      const next = new Map<string, Memory>();
      for (const row of rows) next.set(row.server, memoryOf(row, memories.get(row.server)));
      memories.clear();
      for (const [k, v] of next) memories.set(k, v);
      return;
    }
    const row = rows[0];
    if (row) memories.set(server, memoryOf(row, memories.get(server)));
    else memories.delete(server);
  }

  function record(list: ObservedList): void {
    const key = slot(list.server, list.kind);
    const waiting = pending.has(key);
    pending.set(key, list);
    if (waiting) return; // one record per server+kind in flight; it takes the newest list
    const run = (async () => {
      // Let the relay finish its answer first.
      await new Promise((r) => setImmediate(r));
      const next = pending.get(key)!;
      pending.delete(key);
      try {
        await options.recordObserved(next);
      } catch (err) {
        options.log?.warn({ err, server: next.server, kind: next.kind }, 'recording an observed capability list failed');
        // Seen again, it is recorded again.
        lastSeen.delete(slot(`${next.server}\u0000${next.version}`, next.kind));
      }
    })();
    running.add(run);
    void run.finally(() => running.delete(run));
  }

  return {
    observe(o: ListObservation): void {
      try {
        const items = o.result[o.kind];
        if (!Array.isArray(items)) return;
        const m = memories.get(o.server);
        const full = o.firstPage && typeof o.result.nextCursor !== 'string';
        const pairs: string[] = [];
        const definitions: Record<string, unknown>[] = [];
        let marked = false;
        for (const item of items) {
          if (item === null || typeof item !== 'object' || Array.isArray(item)) continue;
          const def = item as Record<string, unknown>;
          const key = itemKey(o.kind, def);
          if (key === null) continue;
          const { hash } = hashOf(def);
          if (full) {
            pairs.push(`${key}\u0000${hash}`);
            definitions.push(def);
          }
          if (m?.pinned) {
            const want = m.pinned.get(o.kind)?.get(key);
            const s = slot(o.kind, want === undefined ? NEW_ITEMS : key);
            if (want !== hash && !m.drifted.has(s)) {
              m.drifted.add(s);
              m.seen.add(s);
              marked = true;
            }
          }
        }
        if (marked && m) refresh(o.server, m);
        if (!full) return;
        pairs.sort();
        const signature = pairs.join('\u0001');
        const seenKey = slot(`${o.server}\u0000${o.version}`, o.kind);
        if (lastSeen.get(seenKey) === signature) return;
        lastSeen.set(seenKey, signature);
        record({ server: o.server, version: o.version, kind: o.kind, definitions });
      } catch (err) {
        options.log?.warn({ err, server: o.server }, 'observing a relayed capability list failed');
      }
    },
    verdict(server: string): CapabilityVerdict {
      return memories.get(server)?.verdict ?? RELAY;
    },
    reload,
    async listen() {
      return store.subscribe(
        INVENTORY_CHANNEL,
        (payload) => {
          const run = payload ? reload(payload) : reload();
          run.catch((err) => options.log?.warn({ err }, 'reloading pins after a change failed'));
        },
        () => void reload().catch((err) => options.log?.warn({ err }, 'reloading pins after a lost subscription failed')),
      );
    },
    async changed(server: string) {
      await reload(server);
      try {
        await store.publish(INVENTORY_CHANNEL, server.length < 7000 ? server : '');
      } catch (err) {
        options.log?.warn({ err, server }, 'telling other replicas about a pin change failed');
      }
    },
    async settled() {
      while (running.size) await Promise.all([...running]);
    },
    memoryUse() {
      let driftedKeys = 0;
      for (const m of memories.values()) driftedKeys += m.drifted.size;
      return { hashedDefinitions: hashes.size, hashedChars, driftedKeys };
    },
  };
}
