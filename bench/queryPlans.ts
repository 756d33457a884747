/**
 * The plans of the list and search queries as the store really builds them: the
 * query is captured from `listServerVersions` through a Kysely plugin, then run
 * again under EXPLAIN QUERY PLAN (SQLite) or EXPLAIN (ANALYZE, BUFFERS)
 * (PostgreSQL), and timed (median of repeated runs).
 */
import { CompiledQuery, createQueryId, type KyselyPlugin, type RootOperationNode } from 'kysely';
import { listServerVersions, type ListFilter, type ListPosition, type Store } from '../src/store/index.js';
import { percentile } from './percentile.js';

export interface PlanCase {
  label: string;
  filter: ListFilter;
  position?: ListPosition;
  limit: number;
}

export interface QueryPlan {
  label: string;
  rows: number;
  medianMs: number;
  plan: string[];
}

async function captureQuery(store: Store, c: PlanCase): Promise<{ query: CompiledQuery; rows: number }> {
  let node: RootOperationNode | undefined;
  const capture: KyselyPlugin = {
    transformQuery(args) {
      node = args.node;
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  };
  const rows = await listServerVersions({
    store: { ...store, db: store.db.withPlugin(capture) },
    filter: c.filter,
    ...(c.position ? { position: c.position } : {}),
    limit: c.limit,
  });
  if (!node) throw new Error(`no query captured for ${c.label}`);
  return { query: store.db.getExecutor().compileQuery(node, createQueryId()), rows: rows.length };
}

async function explain(store: Store, query: CompiledQuery): Promise<string[]> {
  const prefix = store.name === 'sqlite' ? 'EXPLAIN QUERY PLAN ' : 'EXPLAIN (ANALYZE, BUFFERS) ';
  const result = await store.db.executeQuery(CompiledQuery.raw(prefix + query.sql, [...query.parameters]));
  return (result.rows as Array<Record<string, unknown>>).map((r) => (store.name === 'sqlite' ? `${r.id}/${r.parent}: ${r.detail}` : String(r['QUERY PLAN'])));
}

export async function queryPlans(store: Store, cases: PlanCase[], repeats = 15): Promise<QueryPlan[]> {
  const out: QueryPlan[] = [];
  for (const c of cases) {
    const { query, rows } = await captureQuery(store, c);
    const times: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const start = performance.now();
      await store.db.executeQuery(query);
      times.push(performance.now() - start);
    }
    out.push({ label: c.label, rows, medianMs: percentile(times, 50), plan: await explain(store, query) });
  }
  return out;
}
