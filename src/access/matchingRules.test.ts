/**
 * The rules explain lists as matching agree with the decider: over random rule
 * sets and requests (tool names in several cases, so denies match loosely), the decider's rule is the first matching deny, else the first
 * matching allow, else none; and simulateRuleChange reports exactly the requests
 * whose decision differs between two sets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccessAction, AccessRule } from './accessRules.js';
import { createDecider } from './createDecider.js';
import { matchingRules } from './matchingRules.js';
import { arbitraryRuleSet } from './ruleTestKit.js';
import { simulateRuleChange, type SimulatedResource } from './simulateRuleChange.js';

const servers = ['a/x', 'a/y', 'ab/z', 'b/x'];
const rules = arbitraryRuleSet({ servers, users: ['u1', 'u2'], groups: ['g1', 'g2'], patterns: ['*', 'a*', 'a/*', 'b/*'], maxRules: 20 });
const principal = fc.record({ id: fc.constantFrom('u1', 'u2', 'u3'), groups: fc.subarray(['g1', 'g2']) });
const request = fc.record({ server: fc.constantFrom(...servers, 'c/q'), tool: fc.constantFrom('t1', 'T1', 't3', 'Ｔ2'), source: fc.constantFrom('s1', '') }, { requiredKeys: ['server', 'source'] });
const action = fc.constantFrom<AccessAction>('discover', 'connect', 'call');

describe('matchingRules', () => {
  it('contains the decider’s rule: the first deny among the matches, else the first allow', () => {
    fc.assert(
      fc.property(rules, fc.array(fc.tuple(principal, action, request), { minLength: 1, maxLength: 20 }), (rs, requests) => {
        const decider = createDecider(rs);
        for (const [p, a, r] of requests) {
          const matched = matchingRules(rs, p, a, r);
          const expected = matched.find((m) => m.effect === 'deny') ?? matched.find((m) => m.effect === 'allow') ?? null;
          expect(decider.decide(p, a, r).rule?.id ?? null).toBe(expected?.id ?? null);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('simulateRuleChange', () => {
  it('reports exactly the decisions that differ between the two sets', () => {
    fc.assert(
      fc.property(rules, rules, fc.array(principal, { minLength: 1, maxLength: 4 }), (before, after, principals) => {
        const resources: SimulatedResource[] = [...servers.map((server) => ({ server, source: 's1' })), { server: 'a/x', source: '', tool: 't1' }];
        const result = simulateRuleChange({
          before,
          after,
          defaultEffect: 'deny',
          principals: principals.map((p) => ({ ...p, label: null })),
          resources,
          maxDecisions: 1_000_000,
          maxChanges: 1_000_000,
        });
        const b = createDecider(before);
        const a = createDecider(after);
        const expected: string[] = [];
        for (const p of principals) {
          for (const r of resources) {
            for (const act of (r.tool === undefined ? ['discover', 'connect'] : ['discover', 'call']) as AccessAction[]) {
              if (b.decide(p, act, r).allowed !== a.decide(p, act, r).allowed) expected.push(`${p.id} ${act} ${r.server} ${r.tool ?? ''}`);
            }
          }
        }
        expect(result.decisions).toBe(principals.length * resources.length * 2);
        expect(result.changes.map((c) => `${c.principal.id} ${c.action} ${c.server} ${c.tool ?? ''}`)).toEqual(expected);
        expect(result.changed).toBe(expected.length);
      }),
      { numRuns: 200 },
    );
  });

  it('stops at the decision bound and says so', () => {
    const everyone: AccessRule = { id: 'all', effect: 'allow', subject: { everyone: true }, actions: ['discover'], resource: { server: '*' } };
    const result = simulateRuleChange({
      before: [],
      after: [everyone],
      defaultEffect: 'deny',
      principals: [{ id: 'u1', groups: [], label: null }],
      resources: servers.map((server) => ({ server, source: '' })),
      maxDecisions: 5,
      maxChanges: 2,
    });
    expect(result).toMatchObject({ decisions: 5, truncated: true, changed: 3 });
    expect(result.changes).toHaveLength(2);
  });
});
