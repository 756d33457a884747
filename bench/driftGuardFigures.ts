/**
 * The drift check's cost on the gateway (`BENCH_ONLY=drift-guard npm run -s bench`):
 * `tools/list` of a 50-tool upstream through the gateway for a server with a
 * pinned snapshot (the capability guard compares every relayed list with the pin)
 * against the same upstream registered as a second server without a pin. Same
 * layout as the gateway figures (the gateway in a child process on its own
 * scratch database, the upstream in another); one client, one keep-alive
 * connection per side, the sides taking turns request by request so machine
 * noise lands on both alike. Reports each side's p50/p99 and the added latency.
 */
import { Pool } from 'undici';
import { startChild, toolshedEnv, type RunningChild } from './childProcess.js';
import { startEchoUpstream } from './echoUpstream.js';
import { authHeaders, gatewayUrl, startGateway, type StartedGateway } from './gatewayFigures.js';
import { progress } from './progress.js';
import type { TargetCheck } from './targets.js';

export interface DriftGuardFigures {
  tools: number;
  requests: number;
  pinned: { p50Ms: number; p99Ms: number };
  unpinned: { p50Ms: number; p99Ms: number };
  addedP50Ms: number;
  addedP99Ms: number;
  /** pinned p50 / unpinned p50. */
  p50Ratio: number;
  /** Added p50 of each round of `requests / rounds` pairs: how steady the figure is. */
  roundAddedP50Ms: number[];
}

const LIST = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
const round3 = (n: number) => Math.round(n * 1000) / 1000;
/** Nearest rank, unrounded (the shared percentile rounds to 0.01 ms, coarse for a 0.2 ms target). */
function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export async function driftGuardFigures(opts: { requests?: number; rounds?: number; tools?: number } = {}): Promise<DriftGuardFigures> {
  const requests = opts.requests ?? 5000;
  const rounds = opts.rounds ?? 5;
  const tools = opts.tools ?? 50;
  const unused = await startEchoUpstream();
  let list: RunningChild | undefined;
  let gateway: StartedGateway | undefined;
  try {
    list = await startChild('./echo-child.ts', [], toolshedEnv({ BENCH_ECHO_TOOLS: String(tools) }));
    progress(`drift guard: gateway with a ${tools}-tool upstream, pinned and unpinned`);
    gateway = await startGateway(list.address, unused.url, { BENCH_LIST_URL: list.address });
    const g = gateway;
    const sides = ['com.bench/list-pinned', 'com.bench/list-unpinned'].map((server) => {
      const url = new URL(gatewayUrl(g, server));
      return { server, path: url.pathname, pool: new Pool(url.origin, { connections: 1 }) };
    });
    const headers = authHeaders(g);
    const samples = sides.map(() => [] as number[]);
    const perRound = sides.map(() => [] as number[][]);
    const warmup = 500;
    try {
      for (let i = 0; i < warmup + requests; i++) {
        // Alternate which side goes first, so neither always follows the other.
        const order = i % 2 === 0 ? [0, 1] : [1, 0];
        for (const k of order) {
          const side = sides[k]!;
          const started = performance.now();
          const res = await side.pool.request({ path: side.path, method: 'POST', headers, body: LIST });
          const text = await res.body.text();
          const ms = performance.now() - started;
          if (res.statusCode !== 200 || !text.includes('"tool_0"')) throw new Error(`${side.server} answered ${res.statusCode}: ${text.slice(0, 300)}`);
          if (i === 0 && (text.match(/"inputSchema"/g)?.length ?? 0) !== tools) throw new Error(`${side.server} listed the wrong number of tools`);
          if (i < warmup) continue;
          samples[k]!.push(ms);
          const r = Math.floor(((i - warmup) * rounds) / requests);
          (perRound[k]![r] ??= []).push(ms);
        }
      }
    } finally {
      await Promise.all(sides.map((s) => s.pool.close()));
    }
    const [pinned, unpinned] = samples.map((x) => ({ p50Ms: round3(percentile(x, 50)), p99Ms: round3(percentile(x, 99)) })) as [DriftGuardFigures['pinned'], DriftGuardFigures['pinned']];
    return {
      tools,
      requests,
      pinned,
      unpinned,
      addedP50Ms: round3(pinned.p50Ms - unpinned.p50Ms),
      addedP99Ms: round3(pinned.p99Ms - unpinned.p99Ms),
      p50Ratio: round3(pinned.p50Ms / unpinned.p50Ms),
      roundAddedP50Ms: perRound[0]!.map((x, r) => round3(percentile(x, 50) - percentile(perRound[1]![r]!, 50))),
    };
  } finally {
    await gateway?.drop();
    await list?.stop();
    await unused.close();
  }
}

export function driftGuardChecks(d: DriftGuardFigures): TargetCheck[] {
  return [
    { figure: 'driftGuard.addedP50Ms', target: `tools/list of ${d.tools} tools with a pin (drift check on) vs without: added p50 <= 0.2 ms`, value: d.addedP50Ms, met: d.addedP50Ms <= 0.2 },
    { figure: 'driftGuard.addedP99Ms', target: `tools/list of ${d.tools} tools with a pin (drift check on) vs without: added p99 <= 1 ms`, value: d.addedP99Ms, met: d.addedP99Ms <= 1 },
  ];
}
