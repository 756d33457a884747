/** Listen openings: what a POST waits for (nothing, usually), released when the GET is open, failed, or past the bound. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createListenOpenings } from './listenOpenings.js';

const settled = async (p: Promise<void> | undefined) => {
  let done = false;
  void p?.then(() => (done = true));
  for (let i = 0; i < 10; i++) await Promise.resolve();
  return done;
};

describe('listen openings', () => {
  afterEach(() => void vi.useRealTimers());

  it('gives nothing to wait for when no listen stream of the session is opening', () => {
    const openings = createListenOpenings();
    expect(openings.pending('s')).toBeUndefined();
    const opened = openings.begin('other');
    expect(openings.pending('s')).toBeUndefined();
    opened();
  });

  it('holds a request until every opening of its session that began before it is open', async () => {
    const openings = createListenOpenings();
    const first = openings.begin('s');
    const second = openings.begin('s');
    const waiting = openings.pending('s');
    expect(await settled(waiting)).toBe(false);
    first();
    expect(await settled(waiting)).toBe(false);
    second();
    second(); // more calls are harmless
    expect(await settled(waiting)).toBe(true);
    expect(openings.pending('s')).toBeUndefined();
  });

  it('lets the request go once the bound passes, if the upstream is slow to answer its GET', async () => {
    vi.useFakeTimers();
    const openings = createListenOpenings(5_000);
    openings.begin('s');
    const waiting = openings.pending('s');
    vi.advanceTimersByTime(4_999);
    expect(await settled(waiting)).toBe(false);
    vi.advanceTimersByTime(1);
    expect(await settled(waiting)).toBe(true);
    expect(openings.pending('s')).toBeUndefined();
  });
});
