/**
 * What the gateway front resolved for a connection and a credential (the
 * connection, the caller, the server's document, the upstream credentials and
 * the upstream), kept so the next message with the same credential on the same
 * connection does not resolve each part again through its own cache.
 *
 * An entry is only as fresh as its parts: `generation()` must change whenever
 * any part may have changed (the request-context cache's and the catalog's
 * counters, summed: both only grow). A changed generation empties the cache
 * before the next lookup, so a revocation, a changed secret or a changed server
 * applies to the very next message, here and, once the store's publish/subscribe
 * has delivered the change, on the other replicas. A resolution that began
 * before a change is not stored. Entries also end at their own deadline (the
 * credential's expiry) and after `maxAgeMs`, so the parts' own caches and
 * throttled last-use records are consulted at least that often.
 */

export const RESOLVED_CALL_MAX_AGE_MS = 1_000;
export const RESOLVED_CALL_MAX_ENTRIES = 10_000;

export interface ResolvedCallCache<V> {
  /** The current generation: read it before resolving, hand it to `remember`. */
  observe(): number;
  lookup(key: string): V | undefined;
  /** Stores `value` unless the generation moved since `observed`; `until` (ms since the epoch) ends it sooner than the max age. */
  remember(key: string, value: V, observed: number, until?: number): void;
  readonly size: number;
}

export interface ResolvedCallCacheOptions {
  /** Changes whenever anything an entry was resolved from may have changed. */
  generation(): number;
  maxAgeMs?: number;
  maxEntries?: number;
  /** The clock, in milliseconds (tests). */
  now?(): number;
}

interface Entry<V> {
  value: V;
  until: number;
}

export function createResolvedCallCache<V>(options: ResolvedCallCacheOptions): ResolvedCallCache<V> {
  const maxAgeMs = options.maxAgeMs ?? RESOLVED_CALL_MAX_AGE_MS;
  const maxEntries = options.maxEntries ?? RESOLVED_CALL_MAX_ENTRIES;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry<V>>();
  let seen = options.generation();

  /** Empties the cache when the generation moved since it was last seen. */
  function current(): number {
    const generation = options.generation();
    if (generation !== seen) {
      entries.clear();
      seen = generation;
    }
    return generation;
  }

  return {
    observe: current,
    lookup(key) {
      current();
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (now() >= entry.until) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    remember(key, value, observed, until) {
      if (current() !== observed || maxEntries <= 0 || maxAgeMs <= 0) return;
      const deadline = Math.min(now() + maxAgeMs, until ?? Infinity);
      entries.delete(key);
      entries.set(key, { value, until: deadline });
      // Oldest first out: entries live a second at most, so insertion order is close enough to use.
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
    get size() {
      return entries.size;
    },
  };
}
