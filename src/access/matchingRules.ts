/**
 * Every rule that applies to one question, in rule-list order: what `explain`
 * shows beside the decision. A plain scan with the decider's matching semantics
 * (a tool rule never concerns `connect`; a source rule only a mirrored server; a
 * deny names a tool loosely, an allow exactly; a trust condition against the
 * resource's `trust`, which the caller fills in as the policy knows it);
 * the decider itself only looks for the winner.
 */
import type { AccessAction, AccessRule } from './accessRules.js';
import type { DecisionResource, Principal } from './createDecider.js';
import { foldName } from './foldName.js';

export function ruleMatches(rule: AccessRule, principal: Principal, action: AccessAction, resource: DecisionResource): boolean {
  if (!rule.actions.includes(action)) return false;
  const { subject } = rule;
  // Anonymous callers are concerned only by rules for them, and those only by anonymous callers.
  if ('anonymous' in subject !== (principal.anonymous === true)) return false;
  if ('user' in subject ? subject.user !== principal.id : 'group' in subject ? !principal.groups.includes(subject.group) : false) return false;
  const r = rule.resource;
  if (r.trust && !r.trust.includes(resource.trust ?? 'none')) return false;
  if ('source' in r) return Boolean(resource.source) && resource.source === r.source;
  const serverMatches = r.server.endsWith('*') ? resource.server.startsWith(r.server.slice(0, -1)) : resource.server === r.server;
  if (!serverMatches) return false;
  if (!('tool' in r)) return true;
  if (action === 'connect' || resource.tool === undefined) return false;
  return r.tool === '*' || r.tool === resource.tool || (rule.effect === 'deny' && foldName(r.tool) === foldName(resource.tool));
}

export function matchingRules(rules: readonly AccessRule[], principal: Principal, action: AccessAction, resource: DecisionResource): AccessRule[] {
  return rules.filter((rule) => ruleMatches(rule, principal, action, resource));
}
