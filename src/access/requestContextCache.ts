/**
 * The request-context cache: what authenticating a request reads again and
 * again (a token's caller, a person's caller, a gateway connection, a server's
 * upstream credentials), kept in memory, bounded (least recently used out) and
 * short-lived (`maxAgeMs`, a safety net). Every write that can change such an
 * outcome calls `invalidate(tags)` once its transaction has committed: the
 * entries carrying a tag go at once in this process, and the other replicas drop
 * theirs when the store's publish/subscribe delivers the message (PostgreSQL
 * LISTEN/NOTIFY; in memory on SQLite). A subscription that lost its connection
 * clears everything when it is back, as messages may have been missed.
 *
 * A read that started before an invalidation does not store what it read (it
 * may be stale): `remember` takes the generation observed before the read.
 * Only found values are cached; unknown keys go to the store every time. Expiry
 * and revocation times stay with the value and are checked by the reader on
 * every request.
 */
import { randomBytes } from 'node:crypto';
import type { Store } from '../store/index.js';

export const CONTEXT_CACHE_CHANNEL = 'toolshed_context';
/** The longest an entry is used without being read again from the store. */
export const CONTEXT_CACHE_MAX_AGE_MS = 10_000;
export const CONTEXT_CACHE_MAX_ENTRIES = 10_000;
/** Tags every entry carries: invalidating it drops everything. */
export const ALL = '*';
const MAX_PAYLOAD = 7_000;

/** The tags of the entries a write can change. */
export const contextTags = {
  token: (id: string) => `token:${id}`,
  user: (id: string) => `user:${id}`,
  connection: (id: string) => `connection:${id}`,
  secrets: (server: string) => `secrets:${server}`,
};

interface Entry {
  value: unknown;
  tags: readonly string[];
  storedAt: number;
}

export interface RequestContextCache {
  /** Bumped by every invalidation; read it before loading what `remember` will store. */
  readonly generation: number;
  /** The value stored under `key`, unless it is older than the max age. */
  lookup<V>(key: string): V | undefined;
  /** Stores `value` unless an invalidation happened since `observedGeneration` was read. */
  remember(key: string, value: unknown, tags: readonly string[], observedGeneration: number): void;
  /** `lookup`, else `load` and `remember` (an undefined result is not stored). */
  through<V>(key: string, load: () => Promise<V | undefined>, tagsOf: (value: V) => readonly string[]): Promise<V | undefined>;
  /**
   * Drops every entry carrying one of `tags` (`*`: everything) in this process
   * now, then tells the other processes sharing the store. A failed publish is
   * reported to `onError` (the other replicas then rely on the max age).
   */
  invalidate(tags: readonly string[]): Promise<void>;
  /** Drops everything in this process. */
  clear(): void;
  /** Subscribes to other processes' invalidations; resolves to an unsubscribe. */
  listen(): Promise<() => Promise<void>>;
  readonly size: number;
}

export interface RequestContextCacheOptions {
  store: Pick<Store, 'publish' | 'subscribe'>;
  maxAgeMs?: number;
  maxEntries?: number;
  onError?(err: unknown): void;
  /** The clock, in milliseconds (tests). */
  now?(): number;
}

export function createRequestContextCache(options: RequestContextCacheOptions): RequestContextCache {
  const maxAgeMs = options.maxAgeMs ?? CONTEXT_CACHE_MAX_AGE_MS;
  const maxEntries = options.maxEntries ?? CONTEXT_CACHE_MAX_ENTRIES;
  const now = options.now ?? Date.now;
  // Messages this process published come back to it; it has already applied them.
  const origin = randomBytes(9).toString('base64url');
  const entries = new Map<string, Entry>();
  const byTag = new Map<string, Set<string>>();
  let generation = 0;

  function remove(key: string): void {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    for (const tag of entry.tags) {
      const keys = byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) byTag.delete(tag);
    }
  }

  function clear(): void {
    generation++;
    entries.clear();
    byTag.clear();
  }

  function dropLocally(tags: readonly string[]): void {
    if (tags.includes(ALL)) return clear();
    generation++;
    for (const tag of tags) for (const key of [...(byTag.get(tag) ?? [])]) remove(key);
  }

  function lookup<V>(key: string): V | undefined {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (now() - entry.storedAt >= maxAgeMs) {
      remove(key);
      return undefined;
    }
    // Most recently used last: the first key is the one to evict.
    entries.delete(key);
    entries.set(key, entry);
    return entry.value as V;
  }

  function remember(key: string, value: unknown, tags: readonly string[], observedGeneration: number): void {
    if (observedGeneration !== generation || maxEntries <= 0 || maxAgeMs <= 0) return;
    remove(key);
    entries.set(key, { value, tags, storedAt: now() });
    for (const tag of tags) {
      let keys = byTag.get(tag);
      if (!keys) byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    while (entries.size > maxEntries) remove(entries.keys().next().value as string);
  }

  return {
    get generation() {
      return generation;
    },
    get size() {
      return entries.size;
    },
    lookup,
    remember,
    async through(key, load, tagsOf) {
      const hit = lookup<never>(key);
      if (hit !== undefined) return hit;
      const observed = generation;
      const value = await load();
      if (value !== undefined) remember(key, value, tagsOf(value), observed);
      return value;
    },
    async invalidate(tags) {
      if (!tags.length) return;
      dropLocally(tags);
      let payload = JSON.stringify({ origin, tags });
      if (payload.length > MAX_PAYLOAD) payload = JSON.stringify({ origin, tags: [ALL] });
      try {
        await options.store.publish(CONTEXT_CACHE_CHANNEL, payload);
      } catch (err) {
        options.onError?.(err);
      }
    },
    clear,
    async listen() {
      return options.store.subscribe(
        CONTEXT_CACHE_CHANNEL,
        (payload) => {
          let message: { origin?: unknown; tags?: unknown };
          try {
            message = JSON.parse(payload) as typeof message;
          } catch {
            return clear(); // unreadable: drop everything rather than guess
          }
          if (message.origin === origin) return;
          dropLocally(Array.isArray(message.tags) ? message.tags.map(String) : [ALL]);
        },
        // Back after a lost connection: what was published meanwhile never arrived.
        clear,
      );
    },
  };
}
