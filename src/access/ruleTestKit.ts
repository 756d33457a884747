/**
 * fast-check arbitraries of access-rule sets, for the property tests that hold the
 * decider, explain and simulate against reference implementations. Every set is
 * valid: ids are unique and a rule naming a tool never names `connect`.
 */
import fc from 'fast-check';
import type { AccessAction, AccessRule } from './accessRules.js';

export interface RuleSetShape {
  servers: string[];
  users: string[];
  groups: string[];
  /** Server patterns besides the servers themselves. */
  patterns: string[];
  maxRules: number;
}

export function arbitraryRuleSet(shape: RuleSetShape): fc.Arbitrary<AccessRule[]> {
  const subject = fc.oneof(
    fc.constantFrom(...shape.users).map((user) => ({ user })),
    fc.constantFrom(...shape.groups).map((group) => ({ group })),
    fc.constant({ everyone: true as const }),
  );
  const serverPattern = fc.constantFrom(...shape.patterns, ...shape.servers);
  const resource = fc.oneof(
    serverPattern.map((server) => ({ server })),
    fc.record({ server: serverPattern, tool: fc.constantFrom('t1', 't2', '*') }),
    fc.constantFrom('s1', 's2').map((source) => ({ source })),
  );
  const actions = fc.subarray(['discover', 'connect', 'call'] as AccessAction[], { minLength: 1 });
  return fc.array(fc.record({ effect: fc.constantFrom('allow' as const, 'deny' as const), subject, actions, resource }), { maxLength: shape.maxRules }).map((rs) =>
    rs.map((r, i): AccessRule => {
      const acts = 'tool' in r.resource ? r.actions.filter((a) => a !== 'connect') : r.actions;
      return { ...r, id: `r${i}`, actions: acts.length ? acts : ['call'] };
    }),
  );
}
