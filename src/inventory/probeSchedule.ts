/**
 * The probe schedule (`toolshed serve`): every tick, a round of
 * `inventory.runDue()` (versions whose next probe time has passed, claimed so no
 * two replicas probe one version in a round), and every hour the health
 * retention sweep. A failed round is logged and the next tick tries again.
 * A round that claimed something is followed by the next as soon as the queue
 * has room again, so a wave of due versions is not held to one claim per tick.
 */
import type { Inventory } from './createInventory.js';

export interface ProbeSchedule {
  stop(): Promise<void>;
}

export function startProbeSchedule({
  inventory,
  log,
  tickMs = 5_000,
  sweepMs = 3_600_000,
  firstRunDelayMs = 5_000,
}: {
  inventory: Pick<Inventory, 'runDue' | 'sweepHealth' | 'roomForMore'>;
  log: { warn(details: object, message: string): void };
  tickMs?: number;
  sweepMs?: number;
  firstRunDelayMs?: number;
}): ProbeSchedule {
  let stopped = false;
  let lastSweep = 0;
  let round: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let wakeStop: () => void = () => {};
  const stopping = new Promise<void>((resolve) => (wakeStop = resolve));

  /** Resolves with whether to run the next round at once. */
  async function tick(): Promise<boolean> {
    let claimed = 0;
    try {
      claimed = await inventory.runDue();
    } catch (err) {
      log.warn({ err }, 'a probe schedule round failed; retrying on the next tick');
    }
    if (Date.now() - lastSweep >= sweepMs) {
      lastSweep = Date.now();
      try {
        await inventory.sweepHealth();
      } catch (err) {
        log.warn({ err }, 'the health retention sweep failed');
      }
    }
    if (claimed === 0) return false;
    await Promise.race([inventory.roomForMore(), stopping]);
    return true;
  }

  function schedule(delay: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      round = tick().then(
        (more) => schedule(more ? 0 : tickMs),
        () => schedule(tickMs),
      );
    }, delay);
    timer.unref();
  }
  schedule(firstRunDelayMs);

  return {
    async stop() {
      stopped = true;
      wakeStop();
      if (timer) clearTimeout(timer);
      await round;
    },
  };
}
