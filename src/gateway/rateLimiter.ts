/**
 * The gateway's rate limits as data, and the narrow interface the relay asks.
 * A rule names a scope (who or what shares one token bucket), optionally which
 * servers and tools it covers, a steady rate and a burst. Every request the
 * relay forwards takes one token from each bucket that applies, or none at all
 * when any of them is empty (so a refused request costs nothing elsewhere).
 * Tool names are compared and counted folded as a deny folds them (foldName):
 * an upstream matching names loosely runs `ECHO` as `echo`, so neither a limit
 * naming `echo` nor a bucket per tool may count them apart.
 */
import { foldName } from '../access/index.js';
import type { RateLimitRule, RateLimitScope } from '../schemas/rateLimitRule.js';

export { RATE_LIMIT_SCOPES, rateLimitRuleProblem, type RateLimitRule, type RateLimitScope } from '../schemas/rateLimitRule.js';

/** What one request is counted as. `tool` is set for `tools/call` only; tool-scoped rules skip the rest. */
export interface RateLimitSubject {
  user: string;
  server: string;
  tool?: string;
}

export type RateLimitVerdict =
  | { limited: false }
  | {
      limited: true;
      /** Whole seconds until the emptiest bucket holds a token again (at least 1). */
      retryAfterSeconds: number;
      scope: RateLimitScope;
      /** `rate_limited`, or `limiter_unavailable` when a shared limiter failed closed. */
      reason: 'rate_limited' | 'limiter_unavailable';
    };

export const NOT_LIMITED: RateLimitVerdict = { limited: false };

/**
 * Takes one token for a request. The in-memory limiter answers synchronously
 * (no promise on the hot path); the shared one makes one round trip.
 */
export interface RateLimiter {
  take(subject: RateLimitSubject): RateLimitVerdict | Promise<RateLimitVerdict>;
  close?(): Promise<void>;
}

/** One bucket a request takes from: a key naming the rule and the subject, and its parameters. */
export interface BucketSpec {
  key: string;
  scope: RateLimitScope;
  /** Tokens per millisecond. */
  ratePerMs: number;
  burst: number;
}

interface CompiledRule {
  index: number;
  scope: RateLimitScope;
  matchServer: (server: string) => boolean;
  tool: string;
  ratePerMs: number;
  burst: number;
}

function matcher(pattern: string | undefined): (name: string) => boolean {
  if (pattern === undefined || pattern === '*') return () => true;
  if (pattern.endsWith('*')) {
    const prefix = pattern.slice(0, -1);
    return (name) => name.startsWith(prefix);
  }
  return (name) => name === pattern;
}

/** Rules compiled once; `bucketsFor` then only walks them. */
export function compileRateLimits(rules: readonly RateLimitRule[]): (subject: RateLimitSubject) => BucketSpec[] {
  const compiled: CompiledRule[] = rules.map((r, index) => ({
    index,
    scope: r.scope,
    matchServer: matcher(r.server),
    tool: r.tool === undefined || r.tool === '*' ? '*' : foldName(r.tool),
    ratePerMs: r.ratePerMinute / 60_000,
    burst: r.burst ?? Math.max(1, r.ratePerMinute),
  }));
  const S = '\u001f';
  return (asked) => {
    const subject = asked.tool === undefined ? asked : { ...asked, tool: foldName(asked.tool) };
    const out: BucketSpec[] = [];
    for (const r of compiled) {
      if (!r.matchServer(subject.server)) continue;
      const toolScoped = r.scope === 'tool' || r.scope === 'user+tool';
      if (toolScoped && (subject.tool === undefined || (r.tool !== '*' && r.tool !== subject.tool))) continue;
      let who: string;
      switch (r.scope) {
        case 'user':
          who = subject.user;
          break;
        case 'server':
          who = subject.server;
          break;
        case 'tool':
          who = subject.server + S + subject.tool;
          break;
        case 'user+server':
          who = subject.user + S + subject.server;
          break;
        case 'user+tool':
          who = subject.user + S + subject.server + S + subject.tool;
          break;
      }
      out.push({ key: `${r.index}${S}${r.scope}${S}${who}`, scope: r.scope, ratePerMs: r.ratePerMs, burst: r.burst });
    }
    return out;
  };
}
