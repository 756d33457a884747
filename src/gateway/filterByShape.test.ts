/**
 * filterByShape, the list filter of streams whose requests are not known here
 * (the legacy SSE stream, GET listen streams): a hostile upstream cannot slip a
 * list past the access rules and the capability guard by spelling the `result`
 * key with a JSON escape, by adding an empty list of another kind beside the
 * real one, or by sending its answers as a batch in one event.
 */
import { describe, expect, it } from 'vitest';
import type { Caller } from '../access/index.js';
import type { CapabilityGuard, ListObservation } from './capabilityGuard.js';
import type { GatewayPolicy } from './gatewayPolicy.js';
import type { RelayCall, RelaySettings } from './relayContext.js';
import { filterByShape } from './relayStreamableHttp.js';

const caller = { id: 'usr_1', label: 'p', groups: [], roles: [], permissions: new Set() } as unknown as Caller;
const upstream = { server: 'io.example/s', version: '1.0.0' } as unknown as RelayCall['upstream'];
// The policy hides `secret` (tool and prompt) from everybody.
const policy: GatewayPolicy = (_c, _a, t) => (t.tool === 'secret' || t.prompt === 'secret' ? { allowed: false, reason: 'deny' } : { allowed: true, reason: 'allow' }) as ReturnType<GatewayPolicy>;

function settings(): { s: RelaySettings; seen: ListObservation[] } {
  const seen: ListObservation[] = [];
  const guard: CapabilityGuard = { observe: (o) => void seen.push(o), verdict: () => ({ action: 'relay' }) };
  return { s: { policy, guard } as unknown as RelaySettings, seen };
}

function names(out: string | null, data: string): unknown {
  const text =
    out === null
      ? data
      : out
          .split('\n')
          .find((l) => l.startsWith('data: '))!
          .slice(6);
  const parsed = JSON.parse(text) as unknown;
  const all = (Array.isArray(parsed) ? parsed : [parsed]) as Array<{ result: Record<string, Array<{ name: string }>> }>;
  return all.map((m) => Object.fromEntries(Object.entries(m.result).map(([k, v]) => [k, v.map((i) => i.name)])));
}

describe('filterByShape', () => {
  it('filters a list whose result key is written with a JSON escape, and shows it to the guard', () => {
    const { s, seen } = settings();
    const data = '{"jsonrpc":"2.0","id":1,"r\\u0065sult":{"tools":[{"name":"secret"},{"name":"open"}]}}';
    const out = filterByShape({ raw: `data: ${data}\n\n`, data }, caller, upstream, s);
    expect(names(out, data)).toEqual([{ tools: ['open'] }]);
    expect(seen).toHaveLength(1);
  });

  it('filters every list a result carries, not only the first kind found', () => {
    const { s } = settings();
    const data = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { tools: [], prompts: [{ name: 'secret' }, { name: 'open' }] } });
    const out = filterByShape({ raw: `data: ${data}\n\n`, data }, caller, upstream, s);
    expect(names(out, data)).toEqual([{ tools: [], prompts: ['open'] }]);
  });

  it('filters the lists in a batch of answers sent as one event', () => {
    const { s } = settings();
    const data = JSON.stringify([{ jsonrpc: '2.0', id: 1, result: { tools: [{ name: 'secret' }, { name: 'open' }] } }]);
    const out = filterByShape({ raw: `data: ${data}\n\n`, data }, caller, upstream, s);
    expect(names(out, data)).toEqual([{ tools: ['open'] }]);
  });
});
