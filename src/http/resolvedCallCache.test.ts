import { describe, expect, it } from 'vitest';
import { createResolvedCallCache } from './resolvedCallCache.js';

function setup(options: { maxAgeMs?: number; maxEntries?: number } = {}) {
  const state = { generation: 0, clock: 1_000 };
  const cache = createResolvedCallCache<string>({ generation: () => state.generation, now: () => state.clock, ...options });
  return { state, cache };
}

describe('resolved call cache', () => {
  it('serves what was remembered, until the generation moves', () => {
    const { state, cache } = setup();
    expect(cache.lookup('a')).toBeUndefined();
    cache.remember('a', 'A', cache.observe());
    cache.remember('b', 'B', cache.observe());
    expect([cache.lookup('a'), cache.lookup('b'), cache.size]).toEqual(['A', 'B', 2]);
    state.generation++;
    expect(cache.lookup('b')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('does not store a resolution that began before a change', () => {
    const { state, cache } = setup();
    const observed = cache.observe();
    state.generation += 3;
    cache.remember('a', 'stale', observed);
    expect(cache.lookup('a')).toBeUndefined();
    cache.remember('a', 'fresh', cache.observe());
    expect(cache.lookup('a')).toBe('fresh');
  });

  it('ends an entry after the max age, or sooner at its own deadline', () => {
    const { state, cache } = setup({ maxAgeMs: 1_000 });
    cache.remember('long', 'L', cache.observe());
    cache.remember('short', 'S', cache.observe(), state.clock + 200);
    state.clock += 199;
    expect([cache.lookup('long'), cache.lookup('short')]).toEqual(['L', 'S']);
    state.clock += 1;
    expect([cache.lookup('long'), cache.lookup('short')]).toEqual(['L', undefined]);
    state.clock += 799;
    expect(cache.lookup('long')).toBe('L');
    state.clock += 1;
    expect(cache.lookup('long')).toBeUndefined();
    // A deadline later than the max age does not extend it.
    cache.remember('later', 'X', cache.observe(), state.clock + 5_000);
    state.clock += 1_000;
    expect(cache.lookup('later')).toBeUndefined();
  });

  it('holds at most maxEntries, the oldest going first, and nothing when turned off', () => {
    const { cache } = setup({ maxEntries: 2 });
    for (const key of ['a', 'b', 'c']) cache.remember(key, key.toUpperCase(), cache.observe());
    expect([cache.lookup('a'), cache.lookup('b'), cache.lookup('c'), cache.size]).toEqual([undefined, 'B', 'C', 2]);
    const off = setup({ maxAgeMs: 0 }).cache;
    off.remember('a', 'A', off.observe());
    expect([off.lookup('a'), off.size]).toEqual([undefined, 0]);
  });
});
