/**
 * The probe queue's pacing, on a clock and timer the test moves: while busy,
 * background probes run one at a time and each next one waits until the last
 * one's cost is at most the share of the time since it began (re-asking busy()
 * while it waits); when not busy they run at full concurrency; on-demand probes
 * run at once and go first, and promote a waiting background probe of the same
 * key; closing drops what waits and cancels the pacing timer. Also: the
 * foreground load's request window.
 */
import { describe, expect, it } from 'vitest';
import { createForegroundLoad } from './createForegroundLoad.js';
import { createProbeQueue } from './probeQueue.js';

/** A job the test ends by hand. */
function gate() {
  const started: string[] = [];
  const ends = new Map<string, () => void>();
  const job = (key: string) => () => {
    started.push(key);
    return new Promise<string>((resolve) => ends.set(key, () => resolve(key)));
  };
  const end = async (key: string) => {
    ends.get(key)!();
    // Let the queue's completion handlers run.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { started, job, end };
}

function pacedQueue({ concurrency = 4, share = 0.25, cost = 10 }: { concurrency?: number; share?: number; cost?: number } = {}) {
  const clock = { now: 0, busy: true };
  const timers: Array<{ fn: () => void; ms: number; cancelled: boolean }> = [];
  const queue = createProbeQueue<string>({
    concurrency,
    onError: () => {},
    pacing: {
      busy: () => clock.busy,
      share,
      now: () => clock.now,
      meter: () => () => cost,
      setTimer: (fn, ms) => {
        const timer = { fn, ms, cancelled: false };
        timers.push(timer);
        return { cancel: () => (timer.cancelled = true) };
      },
      recheckMs: 1000,
    },
  });
  const fire = async () => {
    const timer = timers.at(-1)!;
    expect(timer.cancelled).toBe(false);
    timer.fn();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { queue, clock, timers, fire };
}

describe('probe queue pacing', () => {
  it('runs background probes one at a time while busy, each after a wait that keeps them to the share', async () => {
    const { queue, clock, timers, fire } = pacedQueue({ share: 0.25, cost: 10 });
    const g = gate();
    for (const key of ['a', 'b', 'c']) void queue.add(key, g.job(key), { background: true });
    expect(g.started).toEqual(['a']);

    clock.now = 40;
    await g.end('a');
    // Cost 10 at a share of 0.25: the next may start 30 ms after a ended.
    expect(g.started).toEqual(['a']);
    expect(timers.map((t) => t.ms)).toEqual([30]);

    clock.now = 69;
    await fire();
    expect(g.started).toEqual(['a']);
    expect(timers.map((t) => t.ms)).toEqual([30, 1]);

    clock.now = 70;
    await fire();
    expect(g.started).toEqual(['a', 'b']);
    expect(queue.size).toBe(2);
  });

  it('asks busy() again while a long wait lasts, and runs at full concurrency once the load is gone', async () => {
    const { queue, clock, timers, fire } = pacedQueue({ concurrency: 3, share: 0.01, cost: 100 });
    const g = gate();
    for (const key of ['a', 'b', 'c', 'd', 'e']) void queue.add(key, g.job(key), { background: true });
    await g.end('a');
    // 9,900 ms to wait; the timer comes back after the recheck interval instead.
    expect(timers.map((t) => t.ms)).toEqual([1000]);
    clock.now = 1000;
    clock.busy = false;
    await fire();
    expect(g.started).toEqual(['a', 'b', 'c', 'd']);
  });

  it('runs background probes at full concurrency when not busy, and paces those started afterwards', async () => {
    const { queue, clock, timers } = pacedQueue({ concurrency: 2, share: 0.5, cost: 10 });
    clock.busy = false;
    const g = gate();
    for (const key of ['a', 'b', 'c', 'd']) void queue.add(key, g.job(key), { background: true });
    expect(g.started).toEqual(['a', 'b']);
    clock.busy = true;
    await g.end('a');
    // b still runs: busy allows one background probe at a time.
    expect(g.started).toEqual(['a', 'b']);
    expect(timers).toHaveLength(0);
    // b was not paced (it started while idle), so c starts at once; c is, so d waits.
    await g.end('b');
    expect(g.started).toEqual(['a', 'b', 'c']);
    expect(timers).toHaveLength(0);
    clock.now = 10;
    await g.end('c');
    expect(g.started).toEqual(['a', 'b', 'c']);
    expect(timers.map((t) => t.ms)).toEqual([10]);
  });

  it('starts an on-demand probe at once while background ones wait, and promotes a waiting background key', async () => {
    const { queue, clock } = pacedQueue({ concurrency: 4, share: 0.1, cost: 50 });
    const g = gate();
    const a = queue.add('a', g.job('a'), { background: true });
    const b = queue.add('b', g.job('b'), { background: true });
    const c = queue.add('c', g.job('c'), { background: true });
    expect(g.started).toEqual(['a']);
    void queue.add('x', g.job('x'));
    expect(g.started).toEqual(['a', 'x']);
    // c is waiting in the background lane: asked for on demand, it starts now, with the same completion.
    const cAgain = queue.add('c', g.job('c-again'));
    expect(g.started).toEqual(['a', 'x', 'c']);
    await g.end('c');
    expect(await cAgain).toBe('c');
    expect(await c).toBe('c');
    // A repeat while running is the same completion, not a second run.
    expect(queue.add('a', g.job('a-again'), { background: true })).toBe(a);
    expect(g.started).toEqual(['a', 'x', 'c']);
    clock.busy = false;
    await g.end('a');
    expect(g.started).toEqual(['a', 'x', 'c', 'b']);
    await g.end('b');
    expect(await b).toBe('b');
  });

  it('does not pace without a pacing signal', async () => {
    const queue = createProbeQueue<string>({ concurrency: 2, onError: () => {} });
    const g = gate();
    for (const key of ['a', 'b', 'c']) void queue.add(key, g.job(key), { background: true });
    expect(g.started).toEqual(['a', 'b']);
    await g.end('a');
    expect(g.started).toEqual(['a', 'b', 'c']);
  });

  it('drops what waits on close, cancels the pacing timer, and ends idle() and below() waiters', async () => {
    const { queue, timers } = pacedQueue({ share: 0.5, cost: 10 });
    const g = gate();
    const results = ['a', 'b'].map((key) => queue.add(key, g.job(key), { background: true }));
    await g.end('a');
    expect(timers).toHaveLength(1);
    let roomy = false;
    void queue.below(0).then(() => (roomy = true));
    queue.close();
    expect(timers[0]!.cancelled).toBe(true);
    expect(await Promise.all(results)).toEqual(['a', undefined]);
    await queue.idle();
    await Promise.resolve();
    expect(roomy).toBe(true);
    expect(queue.size).toBe(0);
  });

  it('resolves below(n) once no more than n wait or run', async () => {
    const queue = createProbeQueue<string>({ concurrency: 1, onError: () => {} });
    const g = gate();
    for (const key of ['a', 'b', 'c']) void queue.add(key, g.job(key));
    let below = false;
    void queue.below(1).then(() => (below = true));
    await g.end('a');
    expect(below).toBe(false);
    await g.end('b');
    expect(below).toBe(true);
  });
});

describe('foreground load', () => {
  it('is busy with enough requests in the current or previous window, and not after two quiet windows', () => {
    let now = 0;
    const load = createForegroundLoad({ windowMs: 1000, threshold: 3, now: () => now });
    expect(load.busy()).toBe(false);
    load.hit();
    load.hit();
    expect(load.busy()).toBe(false);
    now = 900;
    load.hit();
    expect(load.busy()).toBe(true);
    // The next window still counts the previous one.
    now = 1500;
    expect(load.busy()).toBe(true);
    now = 2100;
    expect(load.busy()).toBe(false);
    // A long gap leaves nothing behind.
    load.hit();
    load.hit();
    now = 9000;
    load.hit();
    expect(load.busy()).toBe(false);
  });
});
