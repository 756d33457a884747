/**
 * GET throughput with autocannon: Toolshed against the bare-Fastify baseline that
 * returns the same bytes, back to back in the same run, so only the ratio matters.
 * With several paths, every request takes the next one (one shared counter over all
 * connections), which walks the cursors instead of repeating one URL.
 *
 * Baseline and Toolshed alternate for `rounds` rounds (B T B T …) after a warm-up
 * of each, and each side's requests/s is its 2xx total over its total time, so a
 * burst of machine noise lands on both sides instead of skewing one.
 */
import autocannon from 'autocannon';

export interface ThroughputSettings {
  connections: number;
  warmupSec: number;
  /** Per round and side. */
  durationSec: number;
  rounds: number;
}

export interface Throughput {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

export interface Comparison extends Throughput {
  baselineRps: number;
  baselineP50Ms: number;
  ratio: number;
  /** Toolshed / baseline of each round: how far apart rounds are shows the noise. */
  roundRatios: number[];
  paths: number;
}

interface Run extends Throughput {
  ok: number;
  seconds: number;
}

function requestsFor(paths: string[]) {
  if (paths.length === 1) return undefined;
  let next = 0;
  return [
    {
      method: 'GET',
      setupRequest(request: { path?: string }) {
        request.path = paths[next++ % paths.length]!;
        return request;
      },
    },
  ];
}

async function run(address: string, paths: string[], connections: number, durationSec: number, headers?: Record<string, string>): Promise<Run> {
  const requests = requestsFor(paths);
  const result = await autocannon({
    url: `${address}${paths[0]}`,
    connections,
    duration: durationSec,
    timeout: 30,
    ...(headers ? { headers } : {}),
    ...(requests ? { requests } : {}),
  });
  return {
    rps: Math.round(result['2xx'] / result.duration),
    ok: result['2xx'],
    seconds: result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

function combine(runs: Run[]): Throughput {
  const ok = runs.reduce((n, r) => n + r.ok, 0);
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  const last = runs[runs.length - 1]!;
  return {
    rps: Math.round(ok / seconds),
    p50Ms: last.p50Ms,
    p99Ms: last.p99Ms,
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
    errors: runs.reduce((n, r) => n + r.errors, 0),
  };
}

export async function compareWithBaseline(
  toolshed: string,
  baseline: string,
  paths: string[],
  s: ThroughputSettings,
  /** Sent with every request to both (a private catalog's Authorization). */
  headers?: Record<string, string>,
  /** The baseline's own paths, when they differ (another server's cursors). */
  baselinePaths: string[] = paths,
): Promise<Comparison> {
  await run(baseline, baselinePaths, s.connections, s.warmupSec, headers);
  await run(toolshed, paths, s.connections, s.warmupSec, headers);
  const base: Run[] = [];
  const ours: Run[] = [];
  for (let round = 0; round < s.rounds; round++) {
    base.push(await run(baseline, baselinePaths, s.connections, s.durationSec, headers));
    ours.push(await run(toolshed, paths, s.connections, s.durationSec, headers));
  }
  const b = combine(base);
  const t = combine(ours);
  const ratio = (x: number, y: number) => Math.round((x / y) * 1000) / 1000;
  return {
    ...t,
    baselineRps: b.rps,
    baselineP50Ms: b.p50Ms,
    ratio: ratio(t.rps, b.rps),
    roundRatios: ours.map((r, i) => ratio(r.rps, base[i]!.rps)),
    paths: paths.length,
  };
}
