/**
 * When a failed webhook is tried again: exponential from 1 min, doubling, capped
 * at 6 h, with ±20 % jitter so replicas and a receiver coming back do not meet a
 * burst. Twelve attempts span about 20 hours (1, 2, 4 … 256 min, then 6 h, 6 h).
 */
export const WEBHOOK_MAX_ATTEMPTS = 12;

export function webhookRetryDelayMs(attempts: number, baseMs = 60_000, random: () => number = Math.random): number {
  const delay = Math.min(baseMs * 2 ** Math.max(0, attempts - 1), 6 * 3600_000);
  return Math.round(delay * (0.8 + 0.4 * random()));
}
