/**
 * Probes waiting and running, at most `concurrency` at once. A version already
 * waiting or running is not queued twice: the caller gets the same completion.
 * Closing drops what waits and stops taking more; a probe already running ends
 * on its own deadline (the probe's timeout), and its result is not recorded.
 */
export interface ProbeQueue<R> {
  /** Queues `key` unless it is already waiting or running; resolves when that probe ends (never rejects). */
  add(key: string, job: () => Promise<R>): Promise<R | undefined>;
  /** Waiting plus running. */
  readonly size: number;
  /** Resolves once nothing waits or runs. */
  idle(): Promise<void>;
  close(): void;
}

export function createProbeQueue<R>({ concurrency, onError }: { concurrency: number; onError(err: unknown): void }): ProbeQueue<R> {
  const pending = new Map<string, { job: () => Promise<R>; resolve(value: R | undefined): void; promise: Promise<R | undefined> }>();
  const running = new Map<string, Promise<R | undefined>>();
  const idlers: Array<() => void> = [];
  let closed = false;

  function pump(): void {
    for (const [key, entry] of pending) {
      if (running.size >= concurrency) return;
      pending.delete(key);
      running.set(key, entry.promise);
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
          pump();
          if (running.size === 0 && pending.size === 0) for (const idle of idlers.splice(0)) idle();
        });
    }
  }

  return {
    add(key, job) {
      if (closed) return Promise.resolve(undefined);
      const existing = pending.get(key)?.promise ?? running.get(key);
      if (existing) return existing;
      let resolve!: (value: R | undefined) => void;
      const promise = new Promise<R | undefined>((r) => (resolve = r));
      pending.set(key, { job, resolve, promise });
      pump();
      return promise;
    },
    get size() {
      return pending.size + running.size;
    },
    idle() {
      if (running.size === 0 && pending.size === 0) return Promise.resolve();
      return new Promise((resolve) => idlers.push(resolve));
    },
    close() {
      closed = true;
      for (const entry of pending.values()) entry.resolve(undefined);
      pending.clear();
      if (running.size === 0) for (const idle of idlers.splice(0)) idle();
    },
  };
}
