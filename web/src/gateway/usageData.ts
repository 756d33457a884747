/**
 * Usage answers shaped for the charts and their text alternatives: one row per day
 * of the window with a column per server (days without calls are zeros), outcome
 * shares, and the error and denial rates in words.
 */
import type { GatewayUsage, Outcome } from './gatewayApi.js';

/** The series name for every server beyond the busiest ones (`server: null`). */
export const OTHER_SERVERS = 'Other servers';

export interface DailySeries {
  /** Series names in legend order: the busiest server first, `Other servers` last. */
  series: string[];
  /** One row per UTC day of the window, `day` then a count per series. */
  rows: ({ day: string } & Record<string, number | string>)[];
}

const DAY_MS = 86_400_000;

export function dailySeries(usage: Pick<GatewayUsage, 'since' | 'until' | 'days' | 'servers'>): DailySeries {
  const series = usage.servers.map((s) => s.server);
  if (usage.days.some((d) => d.server === null)) series.push(OTHER_SERVERS);
  const byDay = new Map<string, Record<string, number>>();
  for (const d of usage.days) {
    const row = byDay.get(d.day) ?? {};
    row[d.server ?? OTHER_SERVERS] = (row[d.server ?? OTHER_SERVERS] ?? 0) + d.calls;
    byDay.set(d.day, row);
  }
  const rows: DailySeries['rows'] = [];
  const first = Date.parse(`${usage.since.slice(0, 10)}T00:00:00Z`);
  const last = Date.parse(`${usage.until.slice(0, 10)}T00:00:00Z`);
  for (let t = first; t <= last && rows.length <= 400; t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    const counts = byDay.get(day) ?? {};
    rows.push({ day, ...Object.fromEntries(series.map((s) => [s, counts[s] ?? 0])) });
  }
  return { series, rows };
}

export const OUTCOME_LABELS: Record<Outcome, string> = {
  ok: 'OK',
  error: 'Error',
  denied: 'Denied',
  rate_limited: 'Rate limited',
  timeout: 'Timed out',
  disconnected: 'Disconnected',
};

/** A share as a percentage with one decimal (`0%` of nothing). */
export function percent(part: number, whole: number): string {
  if (whole <= 0) return '0%';
  const value = Math.round((part / whole) * 1000) / 10;
  return `${value}%`;
}

export interface OutcomeShare {
  outcome: Outcome;
  label: string;
  calls: number;
  share: string;
}

export function outcomeShares(usage: Pick<GatewayUsage, 'outcomes' | 'totals'>): OutcomeShare[] {
  return usage.outcomes.map((o) => ({ outcome: o.outcome, label: OUTCOME_LABELS[o.outcome] ?? o.outcome, calls: o.calls, share: percent(o.calls, usage.totals.calls) }));
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** The rates in one sentence, for the outcome chart's text alternative. */
export function ratesSummary(totals: GatewayUsage['totals']): string {
  if (totals.calls === 0) return 'No calls in this window.';
  return (
    `${plural(totals.calls, 'call', 'calls')}: error rate ${percent(totals.errors, totals.calls)} (${plural(totals.errors, 'error or timeout', 'errors and timeouts')}), ` +
    `denial rate ${percent(totals.denied, totals.calls)} (${totals.denied.toLocaleString('en')} denied), ` +
    `${percent(totals.rateLimited, totals.calls)} rate limited.`
  );
}
