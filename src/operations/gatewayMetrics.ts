/**
 * The gateway's Prometheus series, fed as an audit sink (so they count exactly
 * what the audit records): calls by server, method, tool and outcome; latency
 * by server and method; rate-limited calls by server; open event streams; and
 * audit records dropped, and deleted past their retention. Tool labels are
 * bounded: only `tools/call` carries one, and past 200 distinct names on a
 * server (a client can make names up) further ones count as `other`. Methods
 * outside MCP's own count as `other`.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { AuditSink } from '../gateway/index.js';

const KNOWN_METHODS = new Set([
  'initialize',
  'ping',
  'tools/list',
  'tools/call',
  'prompts/list',
  'prompts/get',
  'resources/list',
  'resources/templates/list',
  'resources/read',
  'resources/subscribe',
  'resources/unsubscribe',
  'completion/complete',
  'logging/setLevel',
  'tasks/get',
  'tasks/list',
  'tasks/cancel',
  'tasks/result',
  'server/discover',
  'connect',
  'stream/listen',
  'stream/sse',
  'session/delete',
]);
const MAX_TOOLS_PER_SERVER = 200;

export interface GatewayMetricsOptions {
  /** Audit records dropped so far (read at each scrape). */
  auditDropped?: () => number;
  /** Audit rows deleted past their retention so far (read at each scrape). */
  auditDeleted?: () => number;
}

export function createGatewayMetrics(registry: Registry, options: GatewayMetricsOptions = {}): AuditSink {
  const registers = [registry];
  const calls = new Counter({
    name: 'toolshed_gateway_calls_total',
    help: 'Requests relayed or answered by the gateway, by server, method, tool (tools/call only) and outcome',
    labelNames: ['server', 'method', 'tool', 'outcome'],
    registers,
  });
  const latency = new Histogram({
    name: 'toolshed_gateway_call_duration_seconds',
    help: 'Time from a request reaching the gateway to its outcome, by server and method (event streams excluded)',
    labelNames: ['server', 'method'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers,
  });
  const limited = new Counter({
    name: 'toolshed_gateway_rate_limited_total',
    help: 'Requests and streams refused by a rate limit, by server',
    labelNames: ['server'],
    registers,
  });
  const streams = new Gauge({
    name: 'toolshed_gateway_open_streams',
    help: 'Event streams the gateway holds open towards clients, by kind (post answer, listen, legacy sse)',
    labelNames: ['kind'],
    registers,
  });
  for (const kind of ['post', 'listen', 'sse']) streams.set({ kind }, 0);
  /** A counter whose total lives elsewhere, read at each scrape. */
  const readAtScrape = (name: string, help: string, read: (() => number) | undefined) =>
    new Counter({
      name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(read?.() ?? 0);
      },
    });
  readAtScrape('toolshed_gateway_audit_dropped_total', 'Gateway audit records dropped (queue full, or the database refused a batch)', options.auditDropped);
  readAtScrape('toolshed_gateway_audit_deleted_total', 'Gateway audit rows this process deleted past their retention (gatewayAuditRetentionDays)', options.auditDeleted);

  const toolsSeen = new Map<string, Set<string>>();
  function toolLabel(server: string, tool: string): string {
    let seen = toolsSeen.get(server);
    if (!seen) toolsSeen.set(server, (seen = new Set()));
    if (seen.has(tool)) return tool;
    if (seen.size >= MAX_TOOLS_PER_SERVER) return 'other';
    seen.add(tool);
    return tool;
  }

  return {
    record(call) {
      const method = KNOWN_METHODS.has(call.method) ? call.method : 'other';
      const tool = call.method === 'tools/call' && call.target !== undefined ? toolLabel(call.server, call.target) : '';
      calls.inc({ server: call.server, method, tool, outcome: call.outcome });
      // A stream's record lasts as long as the stream: not a latency.
      if (!call.method.startsWith('stream/')) latency.observe({ server: call.server, method }, call.durationMicros / 1e6);
      if (call.outcome === 'rate_limited') limited.inc({ server: call.server });
    },
    streamOpened(_server, kind) {
      streams.inc({ kind });
      let open = true;
      return () => {
        if (!open) return;
        open = false;
        streams.dec({ kind });
      };
    },
  };
}
