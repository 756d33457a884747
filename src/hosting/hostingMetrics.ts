/**
 * The hosting plane's Prometheus series, for this process's instances:
 * `toolshed_hosted_instances` (running now), `toolshed_hosted_instance_starts_total`
 * and `toolshed_hosted_instance_crashes_total` by server, and
 * `toolshed_hosted_instance_start_seconds` (spawn to answered `initialize`).
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface HostingMetrics {
  started(server: string, seconds: number): void;
  crashed(server: string): void;
}

export function createHostingMetrics(registry: Registry | undefined, running: () => number): HostingMetrics {
  if (!registry) return { started: () => undefined, crashed: () => undefined };
  const registers = [registry];
  new Gauge({
    name: 'toolshed_hosted_instances',
    help: 'Hosted package server instances this process runs now',
    registers,
    collect() {
      this.set(running());
    },
  });
  const starts = new Counter({ name: 'toolshed_hosted_instance_starts_total', help: 'Hosted instances started by this process (restarts included)', labelNames: ['server'], registers });
  const crashes = new Counter({ name: 'toolshed_hosted_instance_crashes_total', help: 'Hosted instances that ended without being stopped', labelNames: ['server'], registers });
  const startSeconds = new Histogram({
    name: 'toolshed_hosted_instance_start_seconds',
    help: 'Seconds from spawning a hosted instance to its answered initialize',
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers,
  });
  return {
    started(server, seconds) {
      starts.inc({ server });
      startSeconds.observe(seconds);
    },
    crashed: (server) => crashes.inc({ server }),
  };
}
