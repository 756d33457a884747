/**
 * The inventory's Prometheus series: `toolshed_server_up` and
 * `toolshed_server_probe_latency_seconds` per server, from the latest probe of
 * its latest version (read from the store on each scrape, so every replica
 * reports the same), and `toolshed_server_probes_total` by outcome (`ok` or the
 * failure's kind), counting the probes this process ran.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import { listLatestProbeReadings, type Db } from '../store/index.js';

export interface InventoryMetrics {
  /** Counts one probe: `ok`, or its failure kind. */
  probed(outcome: string): void;
}

export function createInventoryMetrics(registry: Registry, { db }: { db: Db }): InventoryMetrics {
  const registers = [registry];
  // prom-client awaits each gauge's collect() before rendering it: both are filled from the store then.
  new Gauge({
    name: 'toolshed_server_up',
    help: 'Whether the latest probe of the server’s latest version succeeded (1) or failed (0)',
    labelNames: ['server'],
    registers,
    async collect() {
      this.reset();
      for (const r of await listLatestProbeReadings({ tx: db })) this.set({ server: r.server }, Number(r.up));
    },
  });
  new Gauge({
    name: 'toolshed_server_probe_latency_seconds',
    help: 'How long the latest probe of the server’s latest version took',
    labelNames: ['server'],
    registers,
    async collect() {
      this.reset();
      for (const r of await listLatestProbeReadings({ tx: db })) this.set({ server: r.server }, Number(r.latency_ms) / 1000);
    },
  });
  const probes = new Counter({ name: 'toolshed_server_probes_total', help: 'Probes run by this process, by outcome (ok, or the failure kind)', labelNames: ['outcome'], registers });
  return { probed: (outcome) => probes.inc({ outcome }) };
}
