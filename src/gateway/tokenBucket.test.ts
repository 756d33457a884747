/**
 * The rate-limit arithmetic on an injected clock (no sleeps): refill up to the
 * burst, all-or-nothing takes across buckets, Retry-After from the emptiest
 * bucket; rule matching (scopes, server prefixes, tool-only rules); the
 * in-memory limiter built on them, its sweep; and payload redaction.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryRateLimiter } from './memoryRateLimiter.js';
import { compileRateLimits, rateLimitRuleProblem } from './rateLimiter.js';
import { redactPayload } from './redactPayload.js';
import { refilled, retryAfterSeconds, takeToken } from './tokenBucket.js';

const spec = (ratePerMinute: number, burst: number, key = 'k') => ({ key, scope: 'user' as const, ratePerMs: ratePerMinute / 60_000, burst });

describe('token bucket', () => {
  it('starts full, empties by one per take, and refuses when empty with the wait until one token', () => {
    const s = spec(60, 3); // one token a second
    const bucket = { tokens: s.burst, at: 0, ...s }; // a new bucket is full
    for (let i = 0; i < 3; i++) expect(takeToken([bucket], 1_000)).toBeNull();
    expect({ tokens: bucket.tokens, at: bucket.at }).toEqual({ tokens: 0, at: 1_000 });
    const refused = takeToken([bucket], 1_250);
    expect(refused).toEqual({ retryAfterMs: 750, limiting: 0 });
    expect(takeToken([bucket], 2_000)).toBeNull();
  });

  it('refills at the rate but never above the burst', () => {
    const s = spec(6, 5); // one token per 10 s
    expect(refilled({ tokens: 0, at: 0 }, s, 25_000)).toBeCloseTo(2.5);
    expect(refilled({ tokens: 4, at: 0 }, s, 3_600_000)).toBe(5);
    expect(refilled(undefined, s, 0)).toBe(5);
    // A clock that goes backwards refills nothing.
    expect(refilled({ tokens: 1, at: 10_000 }, s, 5_000)).toBe(1);
  });

  it('takes from every bucket or from none, and names the bucket that waits longest', () => {
    const fast = { tokens: 1, at: 0, ...spec(60, 1, 'fast') };
    const slow = { tokens: 0.5, at: 0, ...spec(1, 1, 'slow') };
    const r = takeToken([fast, slow], 0);
    expect(r).toEqual({ retryAfterMs: 30_000, limiting: 1 });
    expect([fast, slow].map((b) => ({ tokens: b.tokens, at: b.at }))).toEqual([
      { tokens: 1, at: 0 },
      { tokens: 0.5, at: 0 },
    ]);
  });

  it('rounds Retry-After up to whole seconds, at least 1', () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(1_001)).toBe(2);
    expect(retryAfterSeconds(0)).toBe(1);
  });
});

describe('rate limit rules', () => {
  const bucketsFor = compileRateLimits([
    { scope: 'user', ratePerMinute: 100 },
    { scope: 'server', server: 'io.example/*', ratePerMinute: 50, burst: 10 },
    { scope: 'user+tool', tool: 'search', ratePerMinute: 5 },
  ]);

  it('applies user rules everywhere, server rules by prefix, tool rules only to the named tool', () => {
    expect(bucketsFor({ user: 'u1', server: 'com.other/x' }).map((b) => b.scope)).toEqual(['user']);
    expect(bucketsFor({ user: 'u1', server: 'io.example/a', tool: 'fetch' }).map((b) => b.scope)).toEqual(['user', 'server']);
    const all = bucketsFor({ user: 'u1', server: 'io.example/a', tool: 'search' });
    expect(all.map((b) => [b.scope, b.burst])).toEqual([
      ['user', 100],
      ['server', 10],
      ['user+tool', 5],
    ]);
  });

  it('keys buckets by what they share: two users share a server bucket, not a user bucket', () => {
    const a = bucketsFor({ user: 'u1', server: 'io.example/a', tool: 'search' });
    const b = bucketsFor({ user: 'u2', server: 'io.example/a', tool: 'search' });
    expect(a[0]!.key).not.toBe(b[0]!.key);
    expect(a[1]!.key).toBe(b[1]!.key);
    expect(a[2]!.key).not.toBe(b[2]!.key);
  });

  it('explains unusable rules', () => {
    expect(rateLimitRuleProblem({ scope: 'user', tool: 'x', ratePerMinute: 1 })).toMatch(/only allowed for the tool and user\+tool scopes/);
    expect(rateLimitRuleProblem({ scope: 'server', server: 'io.*.x', ratePerMinute: 1 })).toMatch(/prefix ending in/);
    expect(rateLimitRuleProblem({ scope: 'tool', tool: 'se*', ratePerMinute: 1 })).toMatch(/one tool name/);
    expect(rateLimitRuleProblem({ scope: 'tool', server: 'io.example/*', tool: 'search', ratePerMinute: 1 })).toBeNull();
  });
});

describe('in-memory rate limiter', () => {
  it('limits the N+1th request, tells when to retry, and lets it through once a token has refilled', () => {
    let now = 0;
    const limiter = createMemoryRateLimiter({ rules: [{ scope: 'user+tool', ratePerMinute: 2, burst: 2 }], now: () => now });
    const subject = { user: 'u1', server: 's', tool: 'echo' };
    expect(limiter.take(subject)).toEqual({ limited: false });
    expect(limiter.take(subject)).toEqual({ limited: false });
    expect(limiter.take(subject)).toEqual({ limited: true, retryAfterSeconds: 30, scope: 'user+tool', reason: 'rate_limited' });
    // Another tool, another user: their own buckets.
    expect(limiter.take({ ...subject, tool: 'other' }).limited).toBe(false);
    expect(limiter.take({ ...subject, user: 'u2' }).limited).toBe(false);
    // Requests the rule does not cover (no tool) are not counted.
    expect(limiter.take({ user: 'u1', server: 's' }).limited).toBe(false);
    now += 29_999;
    expect(limiter.take(subject).limited).toBe(true);
    now += 1;
    expect(limiter.take(subject).limited).toBe(false);
  });

  it('sweeps buckets that have refilled completely', () => {
    let now = 0;
    const limiter = createMemoryRateLimiter({ rules: [{ scope: 'user', ratePerMinute: 60 }], now: () => now, sweepAt: 2 });
    limiter.take({ user: 'a', server: 's' });
    limiter.take({ user: 'b', server: 's' });
    expect(limiter.size).toBe(2);
    now += 60_000;
    limiter.take({ user: 'c', server: 's' });
    expect(limiter.size).toBe(1);
  });

  it('keeps a bucket shared by every subject it covers, across a sweep', () => {
    let now = 0;
    const limiter = createMemoryRateLimiter({ rules: [{ scope: 'server', server: 's', ratePerMinute: 60, burst: 2 }], now: () => now, sweepAt: 2 });
    expect(limiter.take({ user: 'a', server: 's' }).limited).toBe(false);
    expect(limiter.take({ user: 'c', server: 'other' }).limited).toBe(false);
    now += 120_000; // s's bucket is full again, and the next new subject makes the limiter sweep it away
    expect(limiter.take({ user: 'b', server: 's' }).limited).toBe(false);
    expect(limiter.size).toBe(1);
    // a, b and d share s's one bucket of 2, whoever was seen before the sweep.
    expect(limiter.take({ user: 'a', server: 's' }).limited).toBe(false);
    expect(limiter.take({ user: 'd', server: 's' })).toMatchObject({ limited: true, scope: 'server', retryAfterSeconds: 1 });
  });
});

describe('payload redaction', () => {
  it('replaces secret-looking keys and declared secrets, and bounds the text', () => {
    const message = { params: { arguments: { query: 'use key abcdef123456 now', password: 'hunter2', nested: [{ apiKey: 'x' }] } } };
    const text = redactPayload(message, ['abcdef123456'], 10_000);
    expect(JSON.parse(text)).toEqual({ params: { arguments: { query: 'use key [redacted] now', password: '[redacted]', nested: [{ apiKey: '[redacted]' }] } } });
    const cut = redactPayload({ text: 'x'.repeat(100) }, [], 20);
    expect(cut).toBe(`${'{"text":"xxxxxxxxxxxxxxxxxxxx'.slice(0, 20)}…[truncated]`);
  });
});
