/**
 * Prometheus metrics of one Toolshed app, in a registry of its own (two apps in
 * one process, as in the tests, never share series). Gauges are read from the
 * store on each scrape, so every replica reports the same federation state;
 * `toolshed_federation_syncs_total` counts the runs of this process.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { Federation, SourceStatus } from '../federation/index.js';
import type { Db } from '../store/index.js';
import type { TrackedFederation } from './trackSyncs.js';

export interface Metrics {
  registry: Registry;
  /** The exposition text, after reading the current state. */
  render(): Promise<string>;
  contentType: string;
}

const seconds = (iso: string | null) => (iso ? Date.parse(iso) / 1000 : 0);
const RUN_KINDS = ['fetched', 'stored', 'rejected', 'changed'] as const;

export function createMetrics(options: { db: Db; federation?: Federation | TrackedFederation }): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const lastSuccess = new Gauge({
    name: 'toolshed_federation_last_success_timestamp_seconds',
    help: 'Unix time of the last successful sync of the source (0 when none yet)',
    labelNames: ['source'],
    registers,
  });
  const lastError = new Gauge({
    name: 'toolshed_federation_last_error_timestamp_seconds',
    help: 'Unix time of the last failed sync of the source (0 when none)',
    labelNames: ['source'],
    registers,
  });
  const mirrored = new Gauge({
    name: 'toolshed_federation_mirrored_versions',
    help: 'Versions currently mirrored from the source',
    labelNames: ['source'],
    registers,
  });
  const lastRun = new Gauge({
    name: 'toolshed_federation_last_run_versions',
    help: 'Versions fetched, stored and rejected, and catalog rows changed, by the last sync of the source',
    labelNames: ['source', 'kind'],
    registers,
  });
  const syncs = new Counter({
    name: 'toolshed_federation_syncs_total',
    help: 'Syncs run by this process, by outcome',
    labelNames: ['source', 'outcome'],
    registers,
  });
  const catalogVersions = new Gauge({
    name: 'toolshed_catalog_versions',
    help: 'Server versions in the catalog (local and mirrored), by status',
    labelNames: ['status'],
    registers,
  });

  const { federation } = options;
  if (federation && 'onSyncEnd' in federation) {
    federation.onSyncEnd((source, outcome) => syncs.inc({ source, outcome }));
  }

  function setSource(s: SourceStatus): void {
    const source = s.name;
    lastSuccess.set({ source }, seconds(s.lastSuccessAt));
    lastError.set({ source }, seconds(s.lastErrorAt));
    mirrored.set({ source }, s.counts.mirrored);
    for (const kind of RUN_KINDS) lastRun.set({ source, kind }, s.counts.lastRun[kind]);
  }

  return {
    registry,
    contentType: registry.contentType,
    async render() {
      const [sources, byStatus] = await Promise.all([
        federation ? federation.listSources() : Promise.resolve([]),
        options.db
          .selectFrom('server_versions')
          .select((eb) => ['status', eb.fn.countAll<number | string>().as('n')])
          .groupBy('status')
          .execute(),
      ]);
      // Removed sources must disappear from the exposition, not linger at their last value.
      for (const gauge of [lastSuccess, lastError, mirrored, lastRun]) gauge.reset();
      for (const s of sources) setSource(s);
      for (const status of ['active', 'deprecated', 'deleted']) {
        catalogVersions.set({ status }, Number(byStatus.find((r) => r.status === status)?.n ?? 0));
      }
      return registry.metrics();
    },
  };
}
