/**
 * Gateway usage over a window, aggregated in SQL from the audit (`gateway_calls`):
 * calls per UTC day for the busiest servers (the rest folded into one `null`
 * server), the most-called tools, and the calls by outcome. Every list is bounded,
 * so a year of audit across a thousand servers still answers in a few rows.
 */
import { sql } from 'kysely';
import type { GatewayCallsTable, Tx } from '../schema.js';

const DAY_MICROS = 86_400_000_000;

export interface GatewayUsageQuery {
  /** Inclusive bounds on `at`, microseconds. */
  since: number;
  until: number;
  /** Only calls to this server. */
  server?: string;
  /** How many servers get their own series in `days` (the rest share `server: null`). */
  maxServers: number;
  /** How many tools `topTools` lists. */
  maxTools: number;
}

export interface GatewayUsage {
  /** One row per (UTC day, server) with calls, the day as a count of days since the epoch; `server: null` is every server beyond `servers`. */
  days: { day: number; server: string | null; calls: number }[];
  /** The busiest servers over the window, most calls first (at most `maxServers`). */
  servers: { server: string; calls: number }[];
  /** `tools/call` requests by server and tool, most calls first (at most `maxTools`). */
  topTools: { server: string; tool: string; calls: number }[];
  outcomes: { outcome: GatewayCallsTable['outcome']; calls: number }[];
  calls: number;
}

export async function summarizeGatewayUsage({ tx, query }: { tx: Tx; query: GatewayUsageQuery }): Promise<GatewayUsage> {
  const day = sql<number>`at / ${sql.lit(DAY_MICROS)}`;
  const count = sql<number | string>`count(*)`;
  const base = () => {
    let q = tx.selectFrom('gateway_calls').where('at', '>=', query.since).where('at', '<=', query.until);
    if (query.server !== undefined) q = q.where('server', '=', query.server);
    return q;
  };

  const servers = await base()
    .select(['server', count.as('calls')])
    .groupBy('server')
    .orderBy(count, 'desc')
    .orderBy('server')
    .limit(query.maxServers)
    .execute();
  const named = servers.map((s) => s.server);

  const perServer =
    named.length === 0
      ? []
      : await base()
          .where('server', 'in', named)
          .select([day.as('day'), 'server', count.as('calls')])
          .groupBy([day, 'server'])
          .execute();
  const perDay = await base()
    .select([day.as('day'), count.as('calls')])
    .groupBy(day)
    .execute();

  const days: GatewayUsage['days'] = perServer.map((r) => ({ day: Number(r.day), server: r.server, calls: Number(r.calls) }));
  const namedPerDay = new Map<number, number>();
  for (const r of days) namedPerDay.set(r.day, (namedPerDay.get(r.day) ?? 0) + r.calls);
  for (const r of perDay) {
    const rest = Number(r.calls) - (namedPerDay.get(Number(r.day)) ?? 0);
    if (rest > 0) days.push({ day: Number(r.day), server: null, calls: rest });
  }
  days.sort((a, b) => a.day - b.day || (a.server === null ? 1 : b.server === null ? -1 : a.server < b.server ? -1 : a.server > b.server ? 1 : 0));

  const topTools = await base()
    .where('method', '=', 'tools/call')
    .where('target', 'is not', null)
    .select(['server', 'target', count.as('calls')])
    .groupBy(['server', 'target'])
    .orderBy(count, 'desc')
    .orderBy('server')
    .orderBy('target')
    .limit(query.maxTools)
    .execute();

  const outcomes = await base()
    .select(['outcome', count.as('calls')])
    .groupBy('outcome')
    .orderBy(count, 'desc')
    .orderBy('outcome')
    .execute();

  return {
    days,
    servers: servers.map((s) => ({ server: s.server, calls: Number(s.calls) })),
    topTools: topTools.map((t) => ({ server: t.server, tool: t.target ?? '', calls: Number(t.calls) })),
    outcomes: outcomes.map((o) => ({ outcome: o.outcome, calls: Number(o.calls) })),
    calls: perDay.reduce((sum, r) => sum + Number(r.calls), 0),
  };
}
