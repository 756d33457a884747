/**
 * Access decision figures: a decider over 1,000 rules (100 groups, users, everyone;
 * exact servers, prefix patterns, tool rules, source rules) answering a pool of
 * requests that mixes allowed, denied-by-rule and no-rule-matched decisions. Each
 * decision is timed on its own; p50/p99 are in microseconds and come with an empty
 * decider measured the same way in the same run, so the ratio is the figure to
 * watch. run.ts reports it under `catalogView.decide`; `npx tsx bench/decideFigures.ts` prints it alone.
 */
import { pathToFileURL } from 'node:url';
import { createDecider, type AccessAction, type AccessRule, type Decider, type DecisionResource, type Principal } from '../src/access/index.js';
import { percentile } from './percentile.js';

const RULES = 1000;
const GROUPS = 100;
const USERS = 500;
const NAMESPACES = 50;
const SERVERS_PER_NAMESPACE = 20;
const POOL = 10_000;
const DECISIONS = 200_000;
const WARMUP = 20_000;
const TARGET_P99_US = 50;

/** mulberry32: the same rules and requests on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Request = [Principal, AccessAction, DecisionResource];

function fixture(random: () => number): { rules: AccessRule[]; requests: Request[] } {
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const server = (ns = int(NAMESPACES)) => `com.ns${ns}/srv${int(SERVERS_PER_NAMESPACE)}`;
  const groupsFor = (must?: string) => {
    const gs = Array.from({ length: 1 + int(5) }, () => `g${int(GROUPS)}`);
    if (must) gs.splice(int(gs.length + 1), 0, must);
    return gs;
  };

  const rules: AccessRule[] = [];
  for (let i = 0; i < RULES; i++) {
    const s = random();
    const subject: AccessRule['subject'] = s < 0.7 ? { group: `g${int(GROUPS)}` } : s < 0.9 ? { user: `u${int(USERS)}` } : { everyone: true };
    const r = random();
    const resource: AccessRule['resource'] =
      r < 0.5
        ? { server: server() }
        : r < 0.65
          ? { server: `com.ns${int(NAMESPACES)}/*` }
          : r < 0.9
            ? { server: random() < 0.8 ? server() : `com.ns${int(NAMESPACES)}/*`, tool: random() < 0.8 ? `tool${int(10)}` : '*' }
            : { source: `src${int(5)}` };
    const candidates: AccessAction[] = 'tool' in resource ? ['discover', 'call'] : ['discover', 'connect', 'call'];
    const actions = candidates.filter(() => random() < 0.5);
    rules.push({
      id: `rule-${i}`,
      description: `generated rule ${i}`,
      effect: random() < 0.75 ? 'allow' : 'deny',
      subject,
      actions: actions.length ? actions : [pick(candidates)],
      resource,
    });
  }

  // A third of the requests are built to hit an allow rule, a third a deny rule, a third nothing.
  const allows = rules.filter((r) => r.effect === 'allow');
  const denies = rules.filter((r) => r.effect === 'deny');
  const requests: Request[] = [];
  for (let i = 0; i < POOL; i++) {
    const kind = i % 3;
    if (kind === 2) {
      requests.push([{ id: `u${int(USERS)}`, groups: groupsFor() }, pick(['discover', 'connect', 'call'] as const), { server: `org.unlisted/srv${int(100)}`, tool: `tool${int(10)}`, source: '' }]);
      continue;
    }
    const rule = pick(kind === 0 ? allows : denies);
    const s = rule.subject;
    const principal = 'user' in s ? { id: s.user, groups: groupsFor() } : { id: `u${int(USERS)}`, groups: groupsFor('group' in s ? s.group : undefined) };
    const action = pick(rule.actions);
    const res = rule.resource;
    const name = 'source' in res ? server() : res.server.endsWith('*') ? `${res.server.slice(0, -1)}srv${int(SERVERS_PER_NAMESPACE)}` : res.server;
    const tool = 'tool' in res && res.tool !== '*' ? res.tool : `tool${int(10)}`;
    const source = 'source' in res ? res.source : random() < 0.5 ? '' : `src${int(5)}`;
    requests.push([principal, action, 'tool' in res || (action !== 'connect' && random() < 0.5) ? { server: name, tool, source } : { server: name, source }]);
  }
  return { rules, requests };
}

function timeDecisions(decider: Decider, requests: Request[], count: number, samples: number[] | null): void {
  for (let i = 0; i < count; i++) {
    const [p, a, r] = requests[i % requests.length]!;
    const t0 = process.hrtime.bigint();
    decider.decide(p, a, r);
    const t1 = process.hrtime.bigint();
    if (samples) samples.push(Number(t1 - t0) / 1000);
  }
}

export interface DecideFigures {
  rules: number;
  groups: number;
  decisions: number;
  buildMs: number;
  mix: { allowed: number; deniedByRule: number; noRuleMatched: number };
  decider: { p50Us: number; p99Us: number };
  baseline: { p50Us: number; p99Us: number };
  ratio: { p50: number; p99: number };
  target: { p99UsAtMost: number; met: boolean };
}

export function decideFigures(): DecideFigures {
  const { rules, requests } = fixture(prng(20250501));
  const t0 = performance.now();
  const decider = createDecider(rules);
  const buildMs = Math.round((performance.now() - t0) * 100) / 100;
  const empty = createDecider([]);

  const mix = { allowed: 0, deniedByRule: 0, noRuleMatched: 0 };
  for (const [p, a, r] of requests) {
    const d = decider.decide(p, a, r);
    if (d.allowed) mix.allowed++;
    else if (d.rule) mix.deniedByRule++;
    else mix.noRuleMatched++;
  }

  timeDecisions(decider, requests, WARMUP, null);
  timeDecisions(empty, requests, WARMUP, null);
  // Alternating halves, so drift in the machine's speed lands on both sides alike.
  const measured: number[] = [];
  const baseline: number[] = [];
  for (let round = 0; round < 2; round++) {
    timeDecisions(decider, requests, DECISIONS / 2, measured);
    timeDecisions(empty, requests, DECISIONS / 2, baseline);
  }
  const d = { p50Us: percentile(measured, 50), p99Us: percentile(measured, 99) };
  const b = { p50Us: percentile(baseline, 50), p99Us: percentile(baseline, 99) };
  const ratio = (x: number, y: number) => Math.round((x / y) * 100) / 100;
  return {
    rules: rules.length,
    groups: GROUPS,
    decisions: measured.length,
    buildMs,
    mix,
    decider: d,
    baseline: b,
    ratio: { p50: ratio(d.p50Us, b.p50Us), p99: ratio(d.p99Us, b.p99Us) },
    target: { p99UsAtMost: TARGET_P99_US, met: d.p99Us <= TARGET_P99_US },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(decideFigures(), null, 2)}\n`);
}
