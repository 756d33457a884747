/**
 * What a proposed rule set would change: every (principal, action, resource)
 * whose decision flips between the current set and the proposal, with both
 * decisions and their reasons. Work is bounded: at most `maxDecisions` questions
 * are asked of each set, and at most `maxChanges` flips are listed; the result
 * says when either bound cut it short.
 */
import type { TrustLevel } from '../schemas/governance.js';
import type { AccessAction, AccessRule } from './accessRules.js';
import { createDecider, type Decision, type Principal } from './createDecider.js';

export interface SimulatedPrincipal extends Principal {
  /** How the principal was named (a user's email, or null for a group list). */
  label: string | null;
}

export interface SimulatedResource {
  server: string;
  source: string;
  tool?: string;
  /** The server's trust in force (for rules with a trust condition). */
  trust?: TrustLevel | null;
}

export interface DecisionView {
  allowed: boolean;
  rule: string | null;
  reason: string;
}

export interface SimulatedChange {
  principal: { id: string | null; label: string | null; groups: string[] };
  action: AccessAction;
  server: string;
  tool?: string;
  before: DecisionView;
  after: DecisionView;
}

export interface SimulationResult {
  /** Questions asked of each rule set. */
  decisions: number;
  /** How many of them flip. */
  changed: number;
  changes: SimulatedChange[];
  /** True when `maxDecisions` stopped the work before every question was asked. */
  truncated: boolean;
}

const SERVER_ACTIONS: AccessAction[] = ['discover', 'connect'];
const TOOL_ACTIONS: AccessAction[] = ['discover', 'call'];

const view = (d: Decision): DecisionView => ({ allowed: d.allowed, rule: d.rule?.id ?? null, reason: d.reason });

export function simulateRuleChange(options: {
  before: readonly AccessRule[];
  after: readonly AccessRule[];
  defaultEffect: 'allow' | 'deny';
  principals: readonly SimulatedPrincipal[];
  resources: readonly SimulatedResource[];
  maxDecisions: number;
  maxChanges: number;
}): SimulationResult {
  const before = createDecider(options.before, undefined, { defaultEffect: options.defaultEffect });
  const after = createDecider(options.after, undefined, { defaultEffect: options.defaultEffect });
  const result: SimulationResult = { decisions: 0, changed: 0, changes: [], truncated: false };
  outer: for (const principal of options.principals) {
    for (const resource of options.resources) {
      for (const action of resource.tool === undefined ? SERVER_ACTIONS : TOOL_ACTIONS) {
        if (result.decisions >= options.maxDecisions) {
          result.truncated = true;
          break outer;
        }
        result.decisions++;
        const was = before.decide(principal, action, resource);
        const will = after.decide(principal, action, resource);
        if (was.allowed === will.allowed) continue;
        result.changed++;
        if (result.changes.length < options.maxChanges) {
          result.changes.push({
            principal: { id: principal.id === '' ? null : principal.id, label: principal.label, groups: [...principal.groups] },
            action,
            server: resource.server,
            ...(resource.tool !== undefined ? { tool: resource.tool } : {}),
            before: view(was),
            after: view(will),
          });
        }
      }
    }
  }
  return result;
}
