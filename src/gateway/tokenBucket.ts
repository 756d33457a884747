/**
 * The token bucket on a clock reading: a bucket holds up to `burst` tokens,
 * refills at `ratePerMs`, and a request takes one token from every bucket that
 * applies, or from none when any is short. The in-memory limiter runs this on
 * its buckets in place; the Redis limiter runs the same steps in Lua.
 */
import type { BucketSpec } from './rateLimiter.js';

export interface BucketState {
  tokens: number;
  /** Clock reading (ms) of the last update. */
  at: number;
}

export function refilled(state: BucketState | undefined, spec: Pick<BucketSpec, 'ratePerMs' | 'burst'>, now: number): number {
  if (!state) return spec.burst;
  return Math.min(spec.burst, state.tokens + Math.max(0, now - state.at) * spec.ratePerMs);
}

/** A bucket and its own rate and size. */
export type Bucket = BucketState & Pick<BucketSpec, 'ratePerMs' | 'burst'>;

/**
 * One request against these buckets at `now`: takes a token from every one
 * (updated in place) and gives null, or, when any is short, takes none and
 * gives the wait for the bucket that waits longest (its index: `limiting`).
 */
export function takeToken(buckets: readonly Bucket[], now: number): { retryAfterMs: number; limiting: number } | null {
  let limiting = -1;
  let wait = 0;
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i]!;
    const tokens = refilled(b, b, now);
    if (tokens >= 1) continue;
    const ms = Math.ceil((1 - tokens) / b.ratePerMs);
    if (ms > wait || limiting < 0) {
      wait = ms;
      limiting = i;
    }
  }
  if (limiting >= 0) return { retryAfterMs: wait, limiting };
  for (const b of buckets) {
    b.tokens = refilled(b, b, now) - 1;
    b.at = now;
  }
  return null;
}

/** Retry-After in whole seconds, never 0 (a client told 0 would retry at once). */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
