/**
 * Rate limits held in this process's memory: exact for one gateway process,
 * answered synchronously. Buckets that have refilled completely carry no
 * information and are swept when the map grows, so memory stays bounded by
 * the number of recently active users, servers and tools.
 */
import { compileRateLimits, NOT_LIMITED, type RateLimiter, type RateLimitRule, type RateLimitSubject, type RateLimitVerdict } from './rateLimiter.js';
import { refilled, retryAfterSeconds, takeToken, type BucketState } from './tokenBucket.js';

export interface MemoryRateLimiterOptions {
  rules: readonly RateLimitRule[];
  /** Milliseconds; injected by tests. */
  now?: () => number;
  /** Sweep full buckets once the map holds this many. */
  sweepAt?: number;
}

export function createMemoryRateLimiter(options: MemoryRateLimiterOptions): Omit<RateLimiter, 'take'> & { take(subject: RateLimitSubject): RateLimitVerdict; readonly size: number } {
  const bucketsFor = compileRateLimits(options.rules);
  const now = options.now ?? Date.now;
  const sweepAt = options.sweepAt ?? 100_000;
  const buckets = new Map<string, BucketState & { ratePerMs: number; burst: number }>();

  function sweep(at: number): void {
    for (const [key, b] of buckets) if (refilled(b, b, at) >= b.burst) buckets.delete(key);
  }

  return {
    get size() {
      return buckets.size;
    },
    take(subject): RateLimitVerdict {
      const specs = bucketsFor(subject);
      if (specs.length === 0) return NOT_LIMITED;
      const at = now();
      const result = takeToken(specs.map((s) => buckets.get(s.key)), specs, at);
      if (!result.allowed) {
        return { limited: true, retryAfterSeconds: retryAfterSeconds(result.retryAfterMs), scope: specs[result.limiting]!.scope, reason: 'rate_limited' };
      }
      specs.forEach((s, i) => buckets.set(s.key, { ...result.next[i]!, ratePerMs: s.ratePerMs, burst: s.burst }));
      if (buckets.size >= sweepAt) sweep(at);
      return NOT_LIMITED;
    },
  };
}
