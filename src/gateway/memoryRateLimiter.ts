/**
 * Rate limits held in this process's memory: exact for one gateway process,
 * answered synchronously. Buckets that have refilled completely carry no
 * information and are swept when the map grows, so memory stays bounded by
 * the number of recently active users, servers and tools.
 *
 * Each user, server and tool seen is remembered with the buckets that apply to
 * it, so a call builds no bucket keys and allocates no bucket state: it looks
 * its buckets up by the strings it already holds and updates them in place.
 */
import { compileRateLimits, NOT_LIMITED, type RateLimiter, type RateLimitRule, type RateLimitScope, type RateLimitSubject, type RateLimitVerdict } from './rateLimiter.js';
import { refilled, retryAfterSeconds, takeToken, type Bucket } from './tokenBucket.js';

export interface MemoryRateLimiterOptions {
  rules: readonly RateLimitRule[];
  /** Milliseconds; injected by tests. */
  now?: () => number;
  /** Sweep full buckets once the map holds this many. */
  sweepAt?: number;
}

interface ScopedBucket extends Bucket {
  readonly scope: RateLimitScope;
}

/** The buckets of each subject: user → server → tool ('' for none). */
type SubjectBuckets = Map<string, Map<string, Map<string, ScopedBucket[]>>>;

export function createMemoryRateLimiter(options: MemoryRateLimiterOptions): Omit<RateLimiter, 'take'> & { take(subject: RateLimitSubject): RateLimitVerdict; readonly size: number } {
  const bucketsFor = compileRateLimits(options.rules);
  const now = options.now ?? Date.now;
  const sweepAt = options.sweepAt ?? 100_000;
  const buckets = new Map<string, ScopedBucket>();
  let bySubject: SubjectBuckets = new Map();
  let subjects = 0;

  function sweep(at: number): void {
    for (const [key, b] of buckets) if (refilled(b, b, at) >= b.burst) buckets.delete(key);
    // Subjects hold bucket objects: forget them all, so none keeps a bucket the map no longer has.
    bySubject = new Map();
    subjects = 0;
  }

  function bucketsOf(subject: RateLimitSubject, at: number): ScopedBucket[] {
    const tool = subject.tool ?? '';
    const known = bySubject.get(subject.user)?.get(subject.server)?.get(tool);
    if (known) return known;
    if (buckets.size >= sweepAt || subjects >= sweepAt) sweep(at);
    let servers = bySubject.get(subject.user);
    if (!servers) bySubject.set(subject.user, (servers = new Map()));
    let tools = servers.get(subject.server);
    if (!tools) servers.set(subject.server, (tools = new Map()));
    // A bucket not yet held is full: tokens = burst, at any time.
    const list = bucketsFor(subject).map((spec) => {
      let bucket = buckets.get(spec.key);
      if (!bucket) buckets.set(spec.key, (bucket = { tokens: spec.burst, at: 0, scope: spec.scope, ratePerMs: spec.ratePerMs, burst: spec.burst }));
      return bucket;
    });
    tools.set(tool, list);
    subjects++;
    return list;
  }

  return {
    get size() {
      return buckets.size;
    },
    take(subject): RateLimitVerdict {
      const at = now();
      const list = bucketsOf(subject, at);
      if (list.length === 0) return NOT_LIMITED;
      const wait = takeToken(list, at);
      if (wait) return { limited: true, retryAfterSeconds: retryAfterSeconds(wait.retryAfterMs), scope: list[wait.limiting]!.scope, reason: 'rate_limited' };
      return NOT_LIMITED;
    },
  };
}
