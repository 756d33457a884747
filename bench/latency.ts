/**
 * Ranked-search latency measured in-process with `app.inject` (the whole Fastify
 * route: query parsing, catalog, store, rendering; no sockets), on an app whose
 * response cache is disabled so every query reaches the database.
 */
import type { FastifyInstance } from 'fastify';
import { percentile } from './percentile.js';
import type { SearchQuery } from './searchQueries.js';

export interface SearchLatency {
  method: string;
  queries: number;
  samples: number;
  p50Ms: number;
  p99Ms: number;
  byKind: Record<string, { p50Ms: number; p99Ms: number }>;
  /** The five queries with the highest median, with how many rows their first page held. */
  slowest: Array<{ q: string; medianMs: number; hits: number }>;
}

export function searchUrl(q: string): string {
  return `/v0.1/servers?q=${encodeURIComponent(q)}`;
}

export async function searchLatency(app: FastifyInstance, queries: SearchQuery[], rounds = 5): Promise<SearchLatency> {
  const all: number[] = [];
  const byKind = new Map<string, number[]>();
  const perQuery = new Map<string, { samples: number[]; hits: number }>();
  for (const { q } of queries) {
    const res = await app.inject({ method: 'GET', url: searchUrl(q) }); // warm-up
    perQuery.set(q, { samples: [], hits: (JSON.parse(res.body) as { metadata: { count: number } }).metadata.count });
  }
  for (let round = 0; round < rounds; round++) {
    for (const { kind, q } of queries) {
      const start = performance.now();
      const res = await app.inject({ method: 'GET', url: searchUrl(q) });
      const ms = performance.now() - start;
      if (res.statusCode !== 200) throw new Error(`search ${q} answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
      all.push(ms);
      byKind.set(kind, [...(byKind.get(kind) ?? []), ms]);
      perQuery.get(q)!.samples.push(ms);
    }
  }
  return {
    method: 'app.inject GET /v0.1/servers?q=… (default limit 30), in-process, responseCacheMb: 0',
    queries: queries.length,
    samples: all.length,
    p50Ms: percentile(all, 50),
    p99Ms: percentile(all, 99),
    byKind: Object.fromEntries([...byKind].map(([k, v]) => [k, { p50Ms: percentile(v, 50), p99Ms: percentile(v, 99) }])),
    slowest: [...perQuery]
      .map(([q, { samples, hits }]) => ({ q, medianMs: percentile(samples, 50), hits }))
      .sort((a, b) => b.medianMs - a.medianMs)
      .slice(0, 5),
  };
}
