/**
 * The probe schedule (`toolshed serve`): every tick, a round of
 * `inventory.runDue()` (versions whose next probe time has passed, claimed so no
 * two replicas probe one version in a round), and every hour the health
 * retention sweep. A failed round is logged and the next tick tries again.
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
  inventory: Pick<Inventory, 'runDue' | 'sweepHealth'>;
  log: { warn(details: object, message: string): void };
  tickMs?: number;
  sweepMs?: number;
  firstRunDelayMs?: number;
}): ProbeSchedule {
  let stopped = false;
  let lastSweep = 0;
  let round: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  async function tick(): Promise<void> {
    try {
      await inventory.runDue();
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
  }

  function schedule(delay: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      round = tick().finally(() => schedule(tickMs));
    }, delay);
    timer.unref();
  }
  schedule(firstRunDelayMs);

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await round;
    },
  };
}
