/**
 * A cheap sign that the process is serving foreground traffic: the HTTP server
 * counts each request it receives (`hit`, one increment and one clock read), and
 * the probe queue asks `busy()` before starting a background probe. Busy means at
 * least `threshold` requests in the current or the previous window, so an
 * occasional health check or metrics scrape does not slow probes, and the end of
 * the load is noticed within two windows.
 */
export interface ForegroundLoad {
  hit(): void;
  busy(): boolean;
}

/** Requests per window that make the process busy. */
export const FOREGROUND_BUSY_REQUESTS = 5;

export function createForegroundLoad({
  windowMs = 1000,
  threshold = FOREGROUND_BUSY_REQUESTS,
  now = () => performance.now(),
}: { windowMs?: number; threshold?: number; now?: () => number } = {}): ForegroundLoad {
  let windowStart = now();
  let current = 0;
  let previous = 0;

  function roll(at: number): void {
    const elapsed = at - windowStart;
    if (elapsed < windowMs) return;
    // A gap longer than one window leaves nothing in the previous one.
    previous = elapsed < 2 * windowMs ? current : 0;
    current = 0;
    windowStart = at - (elapsed % windowMs);
  }

  return {
    hit() {
      roll(now());
      current++;
    },
    busy() {
      roll(now());
      return current + previous >= threshold;
    },
  };
}
