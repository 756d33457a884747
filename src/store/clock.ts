/**
 * Microsecond timestamps. The registry's `updated_since` sync relies on
 * `updated_at` moving forward, so successive calls in one process never return
 * the same value even within one millisecond.
 */
let last = 0;

export function nowMicros(): number {
  // Wall-clock milliseconds plus a sub-millisecond part from the monotonic clock:
  // within a millisecond of true time, and distinct for distinct writes.
  const now = Date.now() * 1000 + (Math.floor(performance.now() * 1000) % 1000);
  last = now > last ? now : last + 1;
  return last;
}

/** Second-resolution prefixes already formatted: a page of 100 versions repeats few seconds. */
const prefixes = new Map<number, string>();

/** RFC 3339 with up to microsecond precision and trailing zeros trimmed, as Go's time.Time marshals. */
export function formatTimestamp(micros: number): string {
  const second = Math.floor(micros / 1_000_000);
  let prefix = prefixes.get(second);
  if (prefix === undefined) {
    prefix = new Date(second * 1000).toISOString().slice(0, 19); // 2025-10-24T14:02:33
    if (prefixes.size >= 4096) prefixes.clear();
    prefixes.set(second, prefix);
  }
  const micro = micros - second * 1_000_000;
  if (micro === 0) return `${prefix}Z`;
  let frac = String(micro).padStart(6, '0');
  while (frac.endsWith('0')) frac = frac.slice(0, -1);
  return `${prefix}.${frac}Z`;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-](\d{2}):(\d{2}))$/;

/**
 * Parses an RFC 3339 timestamp into nanoseconds since the epoch (as a bigint, so
 * the comparison `updated_at > t` stays exact for nanosecond inputs). Returns
 * undefined for anything Go's `time.Parse(time.RFC3339, …)` would refuse.
 */
export function parseRfc3339Nanos(text: string): bigint | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone, zh, zm] = m;
  const month = Number(mo),
    day = Number(d),
    hour = Number(h),
    minute = Number(mi),
    second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.UTC(Number(y), month - 1, day, hour, minute, second);
  const check = new Date(ms);
  if (check.getUTCDate() !== day) return undefined; // 2025-02-30
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const oh = Number(zh),
      om = Number(zm);
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (zone!.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const nanos = BigInt(ms - offsetMinutes * 60_000) * 1_000_000n + BigInt((frac ?? '').padEnd(9, '0'));
  return nanos;
}
