/**
 * Gateway figures (issue #6): `tools/call` of an echo tool on a fast upstream
 * (echoUpstream.ts, its own process), 32 concurrent autocannon clients, direct to
 * the upstream vs through nginx (Debian's package, plain reverse proxy, buffering
 * off; skipped with a note when absent) vs through the Toolshed gateway (its own
 * process: personal access token, stored access rules, and rate limit / audit
 * when this Toolshed has them). The three alternate in rounds (D N G D N G) after
 * a warm-up of each. Also: latency of one client sending calls one after another
 * (the gateway's own cost, without queueing), the RSS 1,000 open event streams add
 * to the gateway process, and how long a progress event takes from leaving the
 * upstream to reaching the client (both in this process, one clock). Each
 * throughput side also reports the CPU time per call of the proxy, the upstream
 * and the load generator (/proc), which tells a proxy's own cost apart from
 * how the scheduler shared the two cores.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest, Agent, type ClientRequest } from 'node:http';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { startChild, toolshedEnv, type RunningChild } from './childProcess.js';
import { readCpuMicros, readMainThreadCpuMicros } from './cpuTime.js';
import { preciseNow, startEchoUpstream } from './echoUpstream.js';
import { findNginx, startNginx, type NginxProxy } from './nginxProxy.js';
import { percentile } from './percentile.js';
import { progress } from './progress.js';
import { readRssMb } from './rss.js';
import { scratchDatabase } from './scratchDatabases.js';
import type { TargetCheck } from './targets.js';

export interface GatewaySettings {
  connections: number;
  warmupSec: number;
  durationSec: number;
  rounds: number;
  /** Calls per side for the one-client latency. */
  sequentialCalls: number;
  streams: number;
  progressEvents: number;
  nginxWorkers: number;
}

interface Side {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  roundRps: number[];
  /**
   * CPU time per answered call (µs): of the proxy (none for direct), of the
   * upstream, and of the load generator (this process). What each side costs
   * the machine, whatever the scheduler did with the two cores.
   */
  cpuMicrosPerCall: { proxy?: number; proxyEventLoop?: number; upstream: number; loadGenerator: number };
}

interface Latency {
  p50Ms: number;
  p99Ms: number;
}

export interface GatewayFigures {
  upstream: string;
  database: 'sqlite' | 'postgres';
  features: unknown;
  nginx: { version: string; workers: number } | { skipped: string };
  throughput: {
    connections: number;
    direct: Side;
    nginx: Side | { skipped: string };
    /** A minimal Node reverse proxy (node-proxy-child.ts): what the runtime alone reaches. */
    nodeProxy: Side;
    gateway: Side;
    gatewayToDirect: number;
    gatewayToNginx: number | null;
    nginxToDirect: number | null;
    gatewayToNodeProxy: number;
    nodeProxyToDirect: number;
    addedAtLoad: Latency;
  };
  sequential: { calls: number; direct: Latency; nginx: Latency | { skipped: string }; nodeProxy: Latency; gateway: Latency; added: Latency };
  streams: { count: number; rssBeforeMb: number; rssAfterMb: number; addedMb: number; perStreamKb: number };
  progress: { events: number; intervalMs: number; direct: Latency; gateway: Latency };
}

const CALL = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: { text: 'hello through the gateway' } } });
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' };
const round2 = (n: number) => Math.round(n * 100) / 100;
const ratio = (x: number, y: number) => Math.round((x / y) * 1000) / 1000;

interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
  /** The relaying process whose CPU time is counted (with its children: nginx's workers); none for direct. */
  proxyPid?: number;
  /** The proxy is a Node process: its event loop's own CPU time is reported too. */
  eventLoop?: boolean;
}

/** CPU time used so far (µs) by the proxy, the upstream and this process. */
function cpuNow(target: Target, upstreamPid: number) {
  return {
    proxy: target.proxyPid !== undefined ? readCpuMicros(target.proxyPid, true) : 0,
    proxyEventLoop: target.proxyPid !== undefined && target.eventLoop ? readMainThreadCpuMicros(target.proxyPid) : 0,
    upstream: readCpuMicros(upstreamPid),
    loadGenerator: readCpuMicros(process.pid),
  };
}

async function checkAnswers(target: Target): Promise<void> {
  const res = await fetch(target.url, { method: 'POST', headers: target.headers, body: CALL });
  const text = await res.text();
  if (res.status !== 200 || !text.includes('hello through the gateway')) throw new Error(`${target.name} answered ${res.status}: ${text.slice(0, 300)}`);
}

async function load(target: Target, connections: number, durationSec: number) {
  const result = await autocannon({ url: target.url, method: 'POST', headers: target.headers, body: CALL, connections, duration: durationSec, timeout: 30 });
  return { ok: result['2xx'], seconds: result.duration, p50Ms: result.latency.p50, p99Ms: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

/** Warm-up of each, then the sides alternate for `rounds` rounds. */
async function throughput(targets: Target[], s: GatewaySettings, upstreamPid: number): Promise<Side[]> {
  for (const t of targets) await load(t, s.connections, s.warmupSec);
  const runs = targets.map(() => [] as Awaited<ReturnType<typeof load>>[]);
  const cpu = targets.map(() => ({ proxy: 0, proxyEventLoop: 0, upstream: 0, loadGenerator: 0 }));
  for (let round = 0; round < s.rounds; round++) {
    for (const [i, t] of targets.entries()) {
      progress(`gateway throughput: ${t.name}, round ${round + 1}/${s.rounds}`);
      const before = cpuNow(t, upstreamPid);
      runs[i]!.push(await load(t, s.connections, s.durationSec));
      const after = cpuNow(t, upstreamPid);
      for (const k of ['proxy', 'proxyEventLoop', 'upstream', 'loadGenerator'] as const) cpu[i]![k] += after[k] - before[k];
    }
  }
  return runs.map((r, i) => {
    const ok = r.reduce((n, x) => n + x.ok, 0);
    const seconds = r.reduce((n, x) => n + x.seconds, 0);
    const perCall = (micros: number) => Math.round(micros / Math.max(1, ok));
    return {
      rps: Math.round(ok / seconds),
      // Percentiles of the last round (autocannon gives no mergeable histogram).
      p50Ms: r[r.length - 1]!.p50Ms,
      p99Ms: r[r.length - 1]!.p99Ms,
      non2xx: r.reduce((n, x) => n + x.non2xx, 0),
      errors: r.reduce((n, x) => n + x.errors, 0),
      roundRps: r.map((x) => Math.round(x.ok / x.seconds)),
      cpuMicrosPerCall: {
        ...(targets[i]!.proxyPid !== undefined ? { proxy: perCall(cpu[i]!.proxy) } : {}),
        ...(targets[i]!.eventLoop ? { proxyEventLoop: perCall(cpu[i]!.proxyEventLoop) } : {}),
        upstream: perCall(cpu[i]!.upstream),
        loadGenerator: perCall(cpu[i]!.loadGenerator),
      },
    };
  });
}

/**
 * One client per target, one keep-alive connection each, calls one after another:
 * the per-call cost without queueing. The targets take turns call by call, so a
 * burst of machine noise lands on all of them alike.
 */
async function sequential(targets: Target[], calls: number): Promise<Latency[]> {
  const pools = targets.map((t) => new Pool(new URL(t.url).origin, { connections: 1 }));
  const samples = targets.map(() => [] as number[]);
  try {
    for (let i = 0; i < calls + 200; i++) {
      for (const [k, target] of targets.entries()) {
        const started = performance.now();
        const res = await pools[k]!.request({ path: new URL(target.url).pathname, method: 'POST', headers: target.headers, body: CALL });
        await res.body.text();
        if (res.statusCode !== 200) throw new Error(`${target.name} answered ${res.statusCode}`);
        if (i >= 200) samples[k]!.push(performance.now() - started); // the first 200 warm up
      }
    }
  } finally {
    await Promise.all(pools.map((p) => p.close()));
  }
  return samples.map((x) => ({ p50Ms: percentile(x, 50), p99Ms: percentile(x, 99) }));
}

/** Opens `count` GET listen streams through the gateway and returns the gateway's RSS with them open. */
async function openStreams(gateway: RunningChild, url: string, headers: Record<string, string>, count: number) {
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const requests: ClientRequest[] = [];
  const open = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = httpRequest(url, { method: 'GET', agent, headers: { ...headers, accept: 'text/event-stream' } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`a listen stream got ${res.statusCode}`));
        res.once('data', () => resolve()); // the upstream's first comment arrived through the gateway
        res.on('error', () => {});
      });
      req.on('error', reject);
      req.end();
      requests.push(req);
    });
  await new Promise((r) => setTimeout(r, 1000));
  const rssBeforeMb = readRssMb(gateway.pid);
  try {
    for (let opened = 0; opened < count; opened += 100) {
      await Promise.all(Array.from({ length: Math.min(100, count - opened) }, open));
    }
    await new Promise((r) => setTimeout(r, 2000));
    const rssAfterMb = readRssMb(gateway.pid);
    const addedMb = round2(rssAfterMb - rssBeforeMb);
    return { count, rssBeforeMb, rssAfterMb, addedMb, perStreamKb: Math.round((addedMb * 1024) / count) };
  } finally {
    for (const req of requests) req.destroy();
    agent.destroy();
  }
}

/** Calls the progress tool and measures, per event, the time from leaving the upstream to arriving here. */
async function progressDelays(url: string, headers: Record<string, string>, events: number, intervalMs: number): Promise<Latency> {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'progress', arguments: { steps: events, intervalMs }, _meta: { progressToken: 'bench' } } });
  const res = await fetch(url, { method: 'POST', headers, body });
  if (res.status !== 200 || !res.body) throw new Error(`the progress call got ${res.status}`);
  const delays: number[] = [];
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of res.body) {
    const arrived = preciseNow();
    buffered += decoder.decode(chunk as Uint8Array, { stream: true });
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const event = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const data = event.split('\n').find((line) => line.startsWith('data: '));
      if (!data) continue;
      const message = JSON.parse(data.slice(6)) as { method?: string; params?: { message?: string } };
      if (message.method === 'notifications/progress') delays.push(arrived - Number(message.params?.message));
    }
  }
  if (delays.length !== events) throw new Error(`got ${delays.length} of ${events} progress events`);
  return { p50Ms: percentile(delays, 50), p99Ms: percentile(delays, 99) };
}

export interface StartedGateway {
  child: RunningChild;
  token: string;
  /** Connection id by server name. */
  connections: Record<string, string>;
  features: unknown;
  drop(): Promise<void>;
}

/** Limits the load never reaches (a user on a tool, and a whole server), checked on every call. */
const BENCH_RATE_LIMITS = [
  { scope: 'user+tool', ratePerMinute: 1_000_000 },
  { scope: 'server', ratePerMinute: 1_000_000 },
];

/** The store the gateway runs on: SQLite, or PostgreSQL with BENCH_GATEWAY_DATABASE=postgres. */
const GATEWAY_DATABASE = process.env.BENCH_GATEWAY_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
let gatewaysStarted = 0;

/** A gateway child on a scratch database of its own. */
export async function startGateway(echoUrl: string, progressUrl: string, extraEnv: Record<string, string> = {}): Promise<StartedGateway> {
  const db = await scratchDatabase(GATEWAY_DATABASE, `gateway${++gatewaysStarted}`);
  const infoFile = join(db.dataDir, 'bench-info.json');
  // Rate limit, audit and Redis settings given to the bench pass on to the gateway.
  const passOn = Object.fromEntries(Object.entries(process.env).filter(([key]) => /^TOOLSHED_(GATEWAY_RATE|GATEWAY_AUDIT|AUDIT|RATE|REDIS)/.test(key)));
  // Rate limits on, as the figure asks, but never reached: every call pays for the check.
  passOn.TOOLSHED_GATEWAY_RATE_LIMITS ??= JSON.stringify(BENCH_RATE_LIMITS);
  try {
    const child = await startChild(
      './gateway-child.ts',
      [],
      toolshedEnv({ ...passOn, DATABASE_URL: db.databaseUrl, TOOLSHED_DATA_DIR: db.dataDir, BENCH_ECHO_URL: echoUrl, BENCH_PROGRESS_URL: progressUrl, BENCH_INFO_FILE: infoFile, ...extraEnv }),
      // BENCH_GATEWAY_CPU_PROF=<dir>: a V8 CPU profile of the gateway process, written when it stops.
      process.env.BENCH_GATEWAY_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_GATEWAY_CPU_PROF}`] : [],
    );
    const info = JSON.parse(readFileSync(infoFile, 'utf8')) as { token: string; connections: Record<string, string>; features: unknown };
    return {
      child,
      ...info,
      async drop() {
        await child.stop();
        await db.drop();
      },
    };
  } catch (err) {
    await db.drop();
    throw err;
  }
}

/** The connection URL `toolshed serve` gives out for the server (the production path). */
export const gatewayUrl = (g: StartedGateway, server: string) => {
  const id = g.connections[server];
  if (!id) throw new Error(`the bench gateway has no connection to ${server}`);
  return `${g.child.address}/mcp/${id}`;
};
export const authHeaders = (g: StartedGateway) => ({ ...MCP_HEADERS, authorization: `Bearer ${g.token}` });

export async function gatewayFigures(s: GatewaySettings): Promise<GatewayFigures> {
  const progressUpstream = await startEchoUpstream();
  let echo: RunningChild | undefined;
  let gateway: StartedGateway | undefined;
  let nginx: NginxProxy | undefined;
  let nodeProxy: RunningChild | undefined;
  try {
    echo = await startChild('./echo-child.ts', [], toolshedEnv({}));
    nodeProxy = await startChild('./node-proxy-child.ts', [], toolshedEnv({ BENCH_ECHO_URL: echo.address }));
    gateway = await startGateway(echo.address, progressUpstream.url);
    const features = gateway.features;
    const direct: Target = { name: 'direct', url: echo.address, headers: MCP_HEADERS };
    const through: Target = { name: 'gateway', url: gatewayUrl(gateway, 'com.bench/echo'), headers: authHeaders(gateway), proxyPid: gateway.child.pid, eventLoop: true };
    const binary = findNginx();
    let nginxNote: GatewayFigures['nginx'] = { skipped: 'nginx is not installed (apt-get install nginx-light)' };
    if (binary) {
      try {
        nginx = await startNginx(binary, echo.address, s.nginxWorkers);
        nginxNote = { version: nginx.version, workers: nginx.workers };
      } catch (err) {
        nginxNote = { skipped: `nginx did not start: ${(err as Error).message}` };
      }
    }
    if ('skipped' in nginxNote) progress(`gateway: nginx figure skipped: ${nginxNote.skipped}`);
    const viaNginx: Target | undefined = nginx ? { name: 'nginx', url: nginx.url, headers: MCP_HEADERS, proxyPid: nginx.pid } : undefined;
    const viaNode: Target = { name: 'node proxy', url: nodeProxy.address, headers: MCP_HEADERS, proxyPid: nodeProxy.pid, eventLoop: true };
    const targets = [direct, ...(viaNginx ? [viaNginx] : []), viaNode, through];
    for (const t of targets) await checkAnswers(t);

    const sides = await throughput(targets, s, echo.pid);
    const [d, g] = [sides[0]!, sides[sides.length - 1]!];
    const n = viaNginx ? sides[1]! : undefined;
    const np = sides[sides.length - 2]!;

    progress('gateway: one client, calls one after another');
    const latencies = await sequential(targets, s.sequentialCalls);
    const seq = { direct: latencies[0]!, nginx: viaNginx ? latencies[1] : undefined, nodeProxy: latencies[latencies.length - 2]!, gateway: latencies[latencies.length - 1]! };

    // Memory and progress on a fresh gateway process: the load runs leave a grown
    // heap behind, which would hide (or, once collected, invert) what streams add.
    await gateway.drop();
    gateway = undefined;
    gateway = await startGateway(echo.address, progressUpstream.url);
    await checkAnswers({ name: 'gateway', url: gatewayUrl(gateway, 'com.bench/echo'), headers: authHeaders(gateway) });

    progress(`gateway: progress delay over ${s.progressEvents} events`);
    const intervalMs = 5;
    // A warm-up call each, so the figures are of code the JIT has already seen.
    await progressDelays(progressUpstream.url, MCP_HEADERS, 50, intervalMs);
    await progressDelays(gatewayUrl(gateway, 'com.bench/progress'), authHeaders(gateway), 50, intervalMs);
    const progressDirect = await progressDelays(progressUpstream.url, MCP_HEADERS, s.progressEvents, intervalMs);
    const progressGateway = await progressDelays(gatewayUrl(gateway, 'com.bench/progress'), authHeaders(gateway), s.progressEvents, intervalMs);

    progress(`gateway: RSS of ${s.streams} open event streams`);
    const streams = await openStreams(gateway.child, gatewayUrl(gateway, 'com.bench/echo'), authHeaders(gateway), s.streams);

    return {
      upstream: 'hand-rolled stateless streamable HTTP server (echoUpstream.ts, own process): one application/json answer per call, no SDK',
      database: GATEWAY_DATABASE,
      features,
      nginx: nginxNote,
      throughput: {
        connections: s.connections,
        direct: d,
        nginx: n ?? { skipped: (nginxNote as { skipped: string }).skipped },
        gateway: g,
        gatewayToDirect: ratio(g.rps, d.rps),
        gatewayToNginx: n ? ratio(g.rps, n.rps) : null,
        nginxToDirect: n ? ratio(n.rps, d.rps) : null,
        nodeProxy: np,
        gatewayToNodeProxy: ratio(g.rps, np.rps),
        nodeProxyToDirect: ratio(np.rps, d.rps),
        addedAtLoad: { p50Ms: round2(g.p50Ms - d.p50Ms), p99Ms: round2(g.p99Ms - d.p99Ms) },
      },
      sequential: {
        calls: s.sequentialCalls,
        direct: seq.direct,
        nginx: seq.nginx ?? { skipped: 'no nginx' },
        nodeProxy: seq.nodeProxy,
        gateway: seq.gateway,
        added: { p50Ms: round2(seq.gateway.p50Ms - seq.direct.p50Ms), p99Ms: round2(seq.gateway.p99Ms - seq.direct.p99Ms) },
      },
      streams,
      progress: { events: s.progressEvents, intervalMs, direct: progressDirect, gateway: progressGateway },
    };
  } finally {
    await nginx?.stop();
    await nodeProxy?.stop();
    await gateway?.drop();
    await echo?.stop();
    await progressUpstream.close();
  }
}

/** The targets for the gateway figures. */
export function gatewayChecks(g: GatewayFigures): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const atLeast = (figure: string, value: number, min: number) => checks.push({ figure, target: `>= ${min}`, value, met: value >= min });
  const atMost = (figure: string, value: number, max: number) => checks.push({ figure, target: `<= ${max}`, value, met: value <= max });
  if (g.throughput.gatewayToNginx !== null) atLeast('gateway.throughput.gatewayToNginx', g.throughput.gatewayToNginx, 0.8);
  atLeast('gateway.throughput.gatewayToDirect', g.throughput.gatewayToDirect, 0.4);
  atMost('gateway.sequential.added.p50Ms', g.sequential.added.p50Ms, 1);
  atMost('gateway.sequential.added.p99Ms', g.sequential.added.p99Ms, 5);
  atMost('gateway.streams.addedMb', g.streams.addedMb, 200);
  atMost('gateway.progress.gateway.p99Ms', g.progress.gateway.p99Ms, 5);
  return checks;
}
