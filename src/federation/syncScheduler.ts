/**
 * The background schedule of `toolshed serve`: every enabled source with an
 * interval is synced that often, the first time shortly after start. One run per
 * source at a time (a run longer than its interval delays the next, never doubles
 * it); a failure is logged here and recorded on the source by the plane, and the
 * next run is simply the next interval. New, changed and removed sources are
 * picked up on the next tick.
 */
import type { Federation } from './federationTypes.js';

export interface SchedulerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface SyncSchedulerOptions {
  federation: Federation;
  log: SchedulerLog;
  /** Delay before a source's first run (default 5 s: let the server finish starting). */
  firstRunDelayMs?: number;
  /** How often sources are re-read and due runs started (default 1 s). */
  tickMs?: number;
}

export interface SyncScheduler {
  /** Stops scheduling and waits for runs in progress to finish. */
  stop(): Promise<void>;
}

export function startSyncScheduler(options: SyncSchedulerOptions): SyncScheduler {
  const { federation, log } = options;
  const firstRunDelayMs = options.firstRunDelayMs ?? 5_000;
  const tickMs = options.tickMs ?? 1_000;
  const startedAt = Date.now();
  const nextDue = new Map<string, number>();
  const running = new Map<string, Promise<void>>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> = Promise.resolve();

  function run(name: string, intervalMs: number): void {
    const started = Date.now();
    const done = federation
      .sync(name)
      .then(
        (r) => log.info({ source: name, mode: r.mode, fetched: r.fetched, changed: r.changed, rejected: r.rejected, durationMs: r.durationMs }, 'scheduled sync done'),
        (err: unknown) => log.warn({ source: name, err }, 'scheduled sync failed'),
      )
      .finally(() => {
        running.delete(name);
        nextDue.set(name, started + intervalMs);
      });
    running.set(name, done);
  }

  async function tick(): Promise<void> {
    let sources;
    try {
      sources = await federation.listSources();
    } catch (err) {
      log.warn({ err }, 'scheduler could not read the sources');
      return;
    }
    const scheduled = new Set<string>();
    const now = Date.now();
    for (const s of sources) {
      if (!s.enabled || s.intervalSeconds <= 0) continue;
      scheduled.add(s.name);
      if (!nextDue.has(s.name)) nextDue.set(s.name, Math.max(now, startedAt + firstRunDelayMs));
      if (!stopped && !running.has(s.name) && nextDue.get(s.name)! <= now) run(s.name, s.intervalSeconds * 1000);
    }
    for (const name of nextDue.keys()) if (!scheduled.has(name) && !running.has(name)) nextDue.delete(name);
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      ticking = tick().finally(schedule);
    }, tickMs);
    timer.unref();
  }
  schedule();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await ticking;
      await Promise.all(running.values());
    },
  };
}
