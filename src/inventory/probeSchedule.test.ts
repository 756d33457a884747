/**
 * The probe schedule's rounds: a round that claimed versions is followed by the
 * next as soon as the queue has room (not a tick later), a round that claimed
 * nothing waits for the tick, and stopping ends a round waiting for room.
 */
import { describe, expect, it, vi } from 'vitest';
import { startProbeSchedule } from './probeSchedule.js';

function inventoryWith(claims: number[]) {
  const rooms: Array<() => void> = [];
  let rounds = 0;
  return {
    rooms,
    rounds: () => rounds,
    inventory: {
      runDue: async () => claims[rounds++] ?? 0,
      sweepHealth: async () => 0,
      roomForMore: () => new Promise<void>((resolve) => rooms.push(resolve)),
    },
  };
}

const log = { warn() {} };
// Far longer than any test: a round that waited for the tick would never come.
const NEVER = 1e9;

describe('probe schedule', () => {
  it('claims again once the queue has room after a round that claimed, and waits for the tick after one that did not', async () => {
    const fake = inventoryWith([32, 5, 0]);
    const schedule = startProbeSchedule({ inventory: fake.inventory, log, tickMs: NEVER, firstRunDelayMs: 0, sweepMs: NEVER });
    await vi.waitFor(() => expect(fake.rooms).toHaveLength(1));
    expect(fake.rounds()).toBe(1);
    fake.rooms[0]!();
    await vi.waitFor(() => expect(fake.rooms).toHaveLength(2));
    expect(fake.rounds()).toBe(2);
    fake.rooms[1]!();
    await vi.waitFor(() => expect(fake.rounds()).toBe(3));
    // The third round claimed nothing: no wait for room, and the next round is a tick away.
    expect(fake.rooms).toHaveLength(2);
    await schedule.stop();
    expect(fake.rounds()).toBe(3);
  });

  it('stops while a round waits for room', async () => {
    const fake = inventoryWith([32]);
    const schedule = startProbeSchedule({ inventory: fake.inventory, log, tickMs: NEVER, firstRunDelayMs: 0, sweepMs: NEVER });
    await vi.waitFor(() => expect(fake.rooms).toHaveLength(1));
    await schedule.stop();
    expect(fake.rounds()).toBe(1);
  });
});
