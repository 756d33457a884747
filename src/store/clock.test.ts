/** Timestamp formatting and parsing with Go's RFC 3339 rules, at microsecond precision. */
import { describe, expect, it } from 'vitest';
import { formatTimestamp, parseRfc3339Nanos } from './clock.js';

describe('formatTimestamp', () => {
  it('formats microseconds with trailing zeros trimmed, like Go', () => {
    expect(formatTimestamp(Date.UTC(2025, 9, 24, 14, 2, 33) * 1000 + 123456)).toBe('2025-10-24T14:02:33.123456Z');
    expect(formatTimestamp(Date.UTC(2025, 9, 24, 14, 2, 33) * 1000 + 120000)).toBe('2025-10-24T14:02:33.12Z');
    expect(formatTimestamp(Date.UTC(2025, 9, 24, 14, 2, 33) * 1000 + 5)).toBe('2025-10-24T14:02:33.000005Z');
    expect(formatTimestamp(Date.UTC(2025, 9, 24, 14, 2, 33) * 1000)).toBe('2025-10-24T14:02:33Z');
  });
  it('round-trips through the parser for many values', () => {
    for (let i = 0; i < 2000; i++) {
      const micros = 1_600_000_000_000_000 + Math.floor(Math.random() * 1e15);
      expect(parseRfc3339Nanos(formatTimestamp(micros))).toBe(BigInt(micros) * 1000n);
    }
  });
  it('parses offsets and refuses what Go refuses', () => {
    expect(parseRfc3339Nanos('2025-01-01T02:00:00+02:00')).toBe(BigInt(Date.UTC(2025, 0, 1)) * 1_000_000n);
    for (const bad of ['2025-02-30T00:00:00Z', '2025-01-01 00:00:00Z', '2025-01-01T00:00:00', 'yesterday', '2025-13-01T00:00:00Z']) {
      expect(parseRfc3339Nanos(bad), bad).toBeUndefined();
    }
  });
});
