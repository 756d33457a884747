/**
 * The token bucket, as pure arithmetic on a clock reading: a bucket holds up to
 * `burst` tokens, refills at `ratePerMs`, and a request takes one token from
 * every bucket that applies, or from none when any is short. The in-memory
 * limiter runs this; the Redis limiter runs the same steps in Lua.
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

export type TakeResult =
  | { allowed: true; next: BucketState[] }
  | { allowed: false; retryAfterMs: number; /** index of the bucket that waits longest */ limiting: number };

/** Of buckets holding `tokens` now, the one a request would wait longest for; null when every one has a token. */
export function longestWait(tokens: ArrayLike<number>, specs: ReadonlyArray<Pick<BucketSpec, 'ratePerMs'>>): { retryAfterMs: number; limiting: number } | null {
  let limiting = -1;
  let wait = 0;
  for (let i = 0; i < specs.length; i++) {
    if (tokens[i]! >= 1) continue;
    const ms = Math.ceil((1 - tokens[i]!) / specs[i]!.ratePerMs);
    if (ms > wait || limiting < 0) {
      wait = ms;
      limiting = i;
    }
  }
  return limiting < 0 ? null : { retryAfterMs: wait, limiting };
}

/** One request against these buckets at `now`: the new states, or how long to wait. */
export function takeToken(states: ReadonlyArray<BucketState | undefined>, specs: readonly BucketSpec[], now: number): TakeResult {
  const tokens = specs.map((spec, i) => refilled(states[i], spec, now));
  const wait = longestWait(tokens, specs);
  if (wait) return { allowed: false, ...wait };
  return { allowed: true, next: tokens.map((t) => ({ tokens: t - 1, at: now })) };
}

/** Retry-After in whole seconds, never 0 (a client told 0 would retry at once). */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
