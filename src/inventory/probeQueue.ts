/**
 * Probes waiting and running, at most `concurrency` at once. A version already
 * waiting or running is not queued twice: the caller gets the same completion
 * (and a background probe asked for on demand while it waits is promoted).
 * Closing drops what waits and stops taking more; a probe already running ends
 * on its own deadline (the probe's timeout), and its result is not recorded.
 *
 * Background probes (scheduled, publish-triggered) are paced while the process
 * serves foreground traffic (`pacing.busy()`): one at a time, and after each the
 * next waits until that probe's cost is at most `share` of the time since it
 * started, so user-facing requests keep the rest of the event loop. When not
 * busy they run at full concurrency. On-demand probes are never paced and go
 * before waiting background ones.
 */
export interface ProbeQueue<R> {
  /** Queues `key` unless it is already waiting or running; resolves when that probe ends (never rejects). */
  add(key: string, job: () => Promise<R>, options?: { background?: boolean }): Promise<R | undefined>;
  /** Waiting plus running. */
  readonly size: number;
  /** Resolves once nothing waits or runs. */
  idle(): Promise<void>;
  /** Resolves once at most `size` probes wait or run (or the queue closed). */
  below(size: number): Promise<void>;
  close(): void;
}

export interface ProbePacing {
  /** Whether the process is serving foreground traffic now; asked before each background start. */
  busy(): boolean;
  /** 0 < share ≤ 1: the most of the time paced background probes may take while busy. */
  share: number;
  /** Milliseconds, monotonic. */
  now(): number;
  /** Starts measuring one job; the returned function gives its cost in milliseconds (wall time by default). */
  meter?(): () => number;
  /** Calls `fn` after `ms` (an unref'd setTimeout by default). */
  setTimer?(fn: () => void, ms: number): { cancel(): void };
  /** While a paced wait lasts, how often busy() is asked again, so the end of the load lifts it at once (1000 ms by default). */
  recheckMs?: number;
}

type Entry<R> = { job: () => Promise<R>; resolve(value: R | undefined): void; promise: Promise<R | undefined> };

const defaultTimer = (fn: () => void, ms: number) => {
  const timer = setTimeout(fn, ms);
  timer.unref();
  return { cancel: () => clearTimeout(timer) };
};

export function createProbeQueue<R>({ concurrency, onError, pacing }: { concurrency: number; onError(err: unknown): void; pacing?: ProbePacing }): ProbeQueue<R> {
  // Two lanes, each in arrival order: on demand first.
  const urgent = new Map<string, Entry<R>>();
  const background = new Map<string, Entry<R>>();
  const running = new Map<string, Promise<R | undefined>>();
  const idlers: Array<{ size: number; endsOnClose: boolean; resolve(): void }> = [];
  let closed = false;
  let backgroundRunning = 0;
  /** When the next background probe may start while busy. */
  let nextBackgroundAt = -Infinity;
  let timer: { cancel(): void } | undefined;
  const share = pacing ? Math.min(1, Math.max(0.001, pacing.share)) : 1;
  const size = () => urgent.size + background.size + running.size;

  function wake(): void {
    const n = size();
    for (let i = idlers.length - 1; i >= 0; i--) {
      if (n <= idlers[i]!.size || (closed && idlers[i]!.endsOnClose)) idlers.splice(i, 1)[0]!.resolve();
    }
  }

  /** `paced`: a background probe started while busy, whose cost sets when the next may start. */
  function start(key: string, entry: Entry<R>, lane: Map<string, Entry<R>>, paced = false): void {
    lane.delete(key);
    running.set(key, entry.promise);
    if (lane === background) backgroundRunning++;
    let stop: (() => number) | undefined;
    if (paced && pacing) {
      const began = pacing.now();
      stop = pacing.meter?.() ?? (() => pacing.now() - began);
    }
    entry
      .job()
      .then(
        (value) => entry.resolve(value),
        (err: unknown) => {
          onError(err);
          entry.resolve(undefined);
        },
      )
      .finally(() => {
        running.delete(key);
        if (lane === background) backgroundRunning--;
        if (stop && pacing) {
          const cost = Math.max(0, stop());
          nextBackgroundAt = Math.max(nextBackgroundAt, pacing.now() + (cost * (1 - share)) / share);
        }
        pump();
        wake();
      });
  }

  function arm(ms: number): void {
    if (timer || closed) return;
    timer = (pacing!.setTimer ?? defaultTimer)(
      () => {
        timer = undefined;
        pump();
      },
      Math.max(1, ms),
    );
  }

  function pump(): void {
    if (closed) return;
    for (const [key, entry] of urgent) {
      if (running.size >= concurrency) return;
      start(key, entry, urgent);
    }
    for (const [key, entry] of background) {
      if (running.size >= concurrency) return;
      if (pacing?.busy()) {
        if (backgroundRunning > 0) return;
        const wait = nextBackgroundAt - pacing.now();
        if (wait > 0) {
          arm(Math.min(wait, pacing.recheckMs ?? 1000));
          return;
        }
        start(key, entry, background, true);
        return;
      }
      start(key, entry, background);
    }
  }

  return {
    add(key, job, options) {
      if (closed) return Promise.resolve(undefined);
      const waiting = background.get(key);
      if (waiting && !options?.background) {
        background.delete(key);
        urgent.set(key, waiting);
        pump();
        return waiting.promise;
      }
      const existing = waiting?.promise ?? urgent.get(key)?.promise ?? running.get(key);
      if (existing) return existing;
      let resolve!: (value: R | undefined) => void;
      const promise = new Promise<R | undefined>((r) => (resolve = r));
      (options?.background ? background : urgent).set(key, { job, resolve, promise });
      pump();
      return promise;
    },
    get size() {
      return size();
    },
    idle() {
      if (size() === 0) return Promise.resolve();
      return new Promise((resolve) => idlers.push({ size: 0, endsOnClose: false, resolve }));
    },
    below(n) {
      if (closed || size() <= n) return Promise.resolve();
      return new Promise((resolve) => idlers.push({ size: n, endsOnClose: true, resolve }));
    },
    close() {
      closed = true;
      timer?.cancel();
      timer = undefined;
      for (const entry of [...urgent.values(), ...background.values()]) entry.resolve(undefined);
      urgent.clear();
      background.clear();
      wake();
    },
  };
}
