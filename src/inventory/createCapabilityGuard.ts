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
import { compileTemplate, matchesTemplate, type CompiledTemplate } from './uriTemplateMatch.js';
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
  walk?: string;
  cursor?: string;
  scope?: string;
}

export type CapabilityVerdict =
  | { action: 'relay' }
  | { action: 'block'; reason: string }
  | { action: 'hide'; mayList(kind: CapabilityKind, item: Record<string, unknown>): boolean; mayUse(kind: CapabilityKind, key: string): boolean };

export interface CapabilityGuard {
  observe(observation: ListObservation): void;
  verdict(server: string, scope?: string): CapabilityVerdict;
}

export interface ObservedList {
  server: string;
  version: string;
  kind: CapabilityKind;
  definitions: Record<string, unknown>[];
  /** Seen through a personal connection (its scope, see ListObservation). */
  scope?: string;
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
  /** Bounds of one list walk put together from its pages (as the probe's: items of one kind, pages, JSON characters). */
  walkLimits?: { maxItems?: number; maxPages?: number; maxChars?: number };
  /** Most list walks under way at once (the oldest is forgotten first). */
  maxWalks?: number;
  /** Most JSON characters of definitions all walks under way hold together (the oldest walks are forgotten first). */
  maxWalkChars?: number;
  /** A walk whose next page does not come within this time is forgotten. */
  walkTimeoutMs?: number;
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
  memoryUse(): { hashedDefinitions: number; hashedChars: number; driftedKeys: number; walks: number; walkChars: number; personalScopes: number };
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
  /** Per personal connection (scope): what it saw drift, held for it alone (kept until the pin changes; bounded). */
  personal: Map<string, Set<string>>;
  /** The pinned resource templates, compiled when first needed (resources/read of a URI they describe). */
  templates?: Array<{ key: string; compiled: CompiledTemplate }>;
}

/** One list walk being put together from its pages. */
interface Walk {
  /** The cursor the next page's request must carry. */
  next: string;
  cursors: Set<string>;
  keys: Set<string>;
  pairs: string[];
  definitions: Record<string, unknown>[];
  chars: number;
  pages: number;
  at: number;
}

const RELAY: CapabilityVerdict = { action: 'relay' };
const slot = (kind: string, key: string) => `${kind}\u0000${key}`;
/**
 * The key a new item (one the pin does not have) is remembered under: new items are
 * refused by not being pinned, so one mark per kind says the server drifted, and a
 * server listing ever new names cannot grow the set.
 */
const NEW_ITEMS = '\u0000new';
/** Personal connections whose held drift one server remembers (the oldest is forgotten first). */
const MAX_PERSONAL_SCOPES = 1000;
/** Steps of template matching one resources/read may cost (past them it is refused). */
const TEMPLATE_BUDGET = 2_000_000;

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
  /** List walks under way, by server, version, kind and walk (person, connection, session). */
  const walks = new Map<string, Walk>();
  const walkLimits = { maxItems: 2000, maxPages: 50, maxChars: 8 * 1024 * 1024, ...options.walkLimits };
  const maxWalks = options.maxWalks ?? 2000;
  const maxWalkChars = options.maxWalkChars ?? 64 * 1024 * 1024;
  /** JSON characters of the definitions the walks under way hold. */
  let walkChars = 0;
  function forgetWalk(key: string): void {
    const walk = walks.get(key);
    if (!walk) return;
    walkChars -= walk.chars;
    walks.delete(key);
  }
  const walkTimeoutMs = options.walkTimeoutMs ?? 120_000;
  const seenKeyOf = (server: string, version: string, kind: string, scope?: string) => slot(`${server}\u0000${version}\u0000${scope ?? ''}`, kind);

  function heldFor(m: Memory, scope: string): Set<string> {
    let held = m.personal.get(scope);
    if (!held) {
      m.personal.set(scope, (held = new Set()));
      while (m.personal.size > MAX_PERSONAL_SCOPES) m.personal.delete(m.personal.keys().next().value!);
    }
    return held;
  }

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

  function templatesOf(m: Memory): NonNullable<Memory['templates']> {
    if (!m.templates) {
      m.templates = [];
      for (const key of m.pinned?.get('resourceTemplates')?.keys() ?? []) {
        const compiled = compileTemplate(key);
        if (compiled) m.templates.push({ key, compiled });
      }
    }
    return m.templates;
  }

  /** Held by `hide`: new, changed (for everyone, or for this personal connection), or a resource no unchanged pinned template describes. */
  function hideVerdict(m: Memory, held: Set<string> | undefined): CapabilityVerdict {
    const pinned = m.pinned!;
    const isHeld = (s: string) => m.drifted.has(s) || held?.has(s) === true;
    return {
      action: 'hide',
      mayList(kind, item) {
        const key = itemKey(kind, item);
        if (key === null) return false;
        const want = pinned.get(kind)?.get(key);
        return want !== undefined && hashOf(item).hash === want && !isHeld(slot(kind, key));
      },
      mayUse(kind, key) {
        if (pinned.get(kind)?.has(key) === true && !isHeld(slot(kind, key))) return true;
        if (kind !== 'resources') return false;
        // A resource read through a template the pin holds unchanged is pinned too.
        const budget = { steps: TEMPLATE_BUDGET };
        return templatesOf(m).some((t) => !isHeld(slot('resourceTemplates', t.key)) && matchesTemplate(t.compiled, key, budget));
      },
    };
  }

  function verdictOf(server: string, m: Memory): CapabilityVerdict {
    if (!m.pinned || m.action === 'warn' || !isDrifted(m)) return RELAY;
    if (m.action === 'block') return { action: 'block', reason: `${server} changed its capabilities since they were pinned` };
    return hideVerdict(m, undefined);
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
    const samePin = previous !== undefined && previous.pinnedId === row.pinnedSnapshotId;
    const seen = samePin ? previous.seen : new Set<string>();
    for (const s of seen) drifted.add(s);
    const personal = samePin ? previous.personal : new Map<string, Set<string>>();
    const m: Memory = { action: row.driftAction ?? defaultAction, pinned, drifted, openEvents: row.openChanges.length, verdict: RELAY, pinnedId: row.pinnedSnapshotId, seen, personal };
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
    const key = slot(slot(list.server, list.kind), list.scope ?? '');
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
        lastSeen.delete(seenKeyOf(next.server, next.version, next.kind, next.scope));
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
        const nextCursor = typeof o.result.nextCursor === 'string' ? o.result.nextCursor : undefined;
        const walkKey = o.walk !== undefined ? slot(`${o.server}\u0000${o.version}\u0000${o.kind}`, o.walk) : undefined;
        // The walk this page continues (or starts); undefined when it is not put together.
        let walk: Walk | undefined;
        if (o.firstPage) {
          if (walkKey !== undefined) forgetWalk(walkKey);
          walk = { next: '', cursors: new Set(), keys: new Set(), pairs: [], definitions: [], chars: 0, pages: 0, at: Date.now() };
        } else if (walkKey !== undefined) {
          const going = walks.get(walkKey);
          forgetWalk(walkKey);
          if (going && o.cursor !== undefined && going.next === o.cursor && Date.now() - going.at <= walkTimeoutMs) walk = going;
        }
        if (walk) walk.pages += 1;
        if (walk && walk.pages > walkLimits.maxPages) walk = undefined;
        const held = o.scope !== undefined && m?.pinned ? heldFor(m, o.scope) : undefined;
        let marked = false;
        for (const item of items) {
          if (item === null || typeof item !== 'object' || Array.isArray(item)) continue;
          const def = item as Record<string, unknown>;
          const key = itemKey(o.kind, def);
          if (key === null) continue;
          const { text, hash } = hashOf(def);
          if (walk) {
            walk.chars += text.length;
            // Past a bound, or a key twice: the probe would refuse this list, so nothing is recorded.
            if (walk.keys.has(key) || walk.keys.size >= walkLimits.maxItems || walk.chars > walkLimits.maxChars) walk = undefined;
            else {
              walk.keys.add(key);
              walk.pairs.push(`${key}\u0000${hash}`);
              walk.definitions.push(def);
            }
          }
          if (m?.pinned) {
            const want = m.pinned.get(o.kind)?.get(key);
            const s = slot(o.kind, want === undefined ? NEW_ITEMS : key);
            if (want === hash) continue;
            if (held) {
              // A personal connection's drift is held for it alone.
              held.add(s);
            } else if (!m.drifted.has(s)) {
              m.drifted.add(s);
              m.seen.add(s);
              marked = true;
            }
          }
        }
        if (marked && m) refresh(o.server, m);
        if (!walk) return;
        if (nextCursor !== undefined) {
          // A cursor seen before would walk in a circle.
          if (walkKey === undefined || walk.cursors.has(nextCursor)) return;
          walk.cursors.add(nextCursor);
          walk.next = nextCursor;
          walk.at = Date.now();
          walks.set(walkKey, walk);
          walkChars += walk.chars;
          while (walks.size > maxWalks || walkChars > maxWalkChars) forgetWalk(walks.keys().next().value!);
          return;
        }
        walk.pairs.sort();
        const signature = walk.pairs.join('\u0001');
        const seenKey = seenKeyOf(o.server, o.version, o.kind, o.scope);
        if (lastSeen.get(seenKey) === signature) return;
        lastSeen.set(seenKey, signature);
        record({ server: o.server, version: o.version, kind: o.kind, definitions: walk.definitions, ...(o.scope !== undefined ? { scope: o.scope } : {}) });
      } catch (err) {
        options.log?.warn({ err, server: o.server }, 'observing a relayed capability list failed');
      }
    },
    verdict(server: string, scope?: string): CapabilityVerdict {
      const m = memories.get(server);
      if (!m) return RELAY;
      const held = scope !== undefined ? m.personal.get(scope) : undefined;
      if (!held?.size || !m.pinned || m.action === 'warn' || m.verdict.action === 'block') return m.verdict;
      // What this personal connection saw change is held for it, under `hide` and `block` alike (it never blocks the server for everyone).
      return hideVerdict(m, held);
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
      let personalScopes = 0;
      for (const m of memories.values()) {
        driftedKeys += m.drifted.size;
        personalScopes += m.personal.size;
      }
      return { hashedDefinitions: hashes.size, hashedChars, driftedKeys, walks: walks.size, walkChars, personalScopes };
    },
  };
}
