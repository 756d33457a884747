/**
 * The approval policy of one source (issue #21): what a new version needs before
 * readers see it. By default a person reviews every version; rules approve some at
 * once, e.g. "a new version of an approved server whose tools are unchanged" or
 * "namespace `com.acme.platform/*` published by the `platform` group, once its
 * checks pass". A rule's `when` is always a condition on the automated checks, so
 * a failing check always leaves the version to a person.
 */
import { ValidationError, type ErrorDetail } from '../errors.js';
import { TRUST_LEVELS, type TrustLevel } from '../schemas/governance.js';

export const RULE_CONDITIONS = ['checks-pass', 'tools-unchanged'] as const;
export type RuleCondition = (typeof RULE_CONDITIONS)[number];

export interface ApprovalRule {
  /** A server name, or a prefix ending in `*` (`com.acme.platform/*`); any name when absent. */
  namespace?: string;
  /** Who published it: a member of this Toolshed group, or this registry subject; anyone when absent. */
  publishedBy?: { group: string } | { subject: string };
  /**
   * The server's trust in force is one of these levels: the level a reviewer set, else
   * the one curated for its source (the one notion of trust curation and review share).
   */
  trust?: TrustLevel[];
  /** `checks-pass`: every automated check passed. `tools-unchanged`: also, the tool snapshot equals the approved version's. */
  when: RuleCondition;
}

export interface ReviewPolicy {
  /** What happens to a version no rule approves: `review` (a person decides) or `approve` (live at once). */
  defaultAction: 'review' | 'approve';
  rules: ApprovalRule[];
  /** Whether the person who submitted a version may approve it themselves (four-eyes when false). */
  allowSelfApproval: boolean;
}

export const MAX_RULES = 100;

export function defaultPolicy(defaultAction: 'review' | 'approve'): ReviewPolicy {
  return { defaultAction, rules: [], allowSelfApproval: false };
}

/** Reads a policy a client sent; every problem is listed in one 422. */
export function parsePolicy(input: unknown): ReviewPolicy {
  const errors: ErrorDetail[] = [];
  const fail = (location: string, message: string) => errors.push({ location, message });
  const body = typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  if (body !== input) fail('body', 'the policy must be a JSON object');
  const defaultAction = body.defaultAction ?? 'review';
  if (defaultAction !== 'review' && defaultAction !== 'approve') fail('body.defaultAction', 'must be "review" or "approve"');
  const allowSelfApproval = body.allowSelfApproval ?? false;
  if (typeof allowSelfApproval !== 'boolean') fail('body.allowSelfApproval', 'must be true or false');
  const rawRules = body.rules ?? [];
  const rules: ApprovalRule[] = [];
  if (!Array.isArray(rawRules)) fail('body.rules', 'must be an array');
  else if (rawRules.length > MAX_RULES) fail('body.rules', `at most ${MAX_RULES} rules`);
  else {
    rawRules.forEach((raw: unknown, i) => {
      const at = `body.rules[${i}]`;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return void fail(at, 'each rule is an object');
      const r = raw as Record<string, unknown>;
      for (const key of Object.keys(r)) if (!['namespace', 'publishedBy', 'trust', 'when'].includes(key)) fail(`${at}.${key}`, 'unknown field');
      const rule: ApprovalRule = { when: 'checks-pass' };
      if (!RULE_CONDITIONS.includes(r.when as RuleCondition)) fail(`${at}.when`, `must be one of ${RULE_CONDITIONS.join(', ')}`);
      else rule.when = r.when as RuleCondition;
      if (r.namespace !== undefined) {
        if (typeof r.namespace !== 'string' || r.namespace.length === 0 || r.namespace.length > 200 || (r.namespace.indexOf('*') !== r.namespace.length - 1 && r.namespace.includes('*'))) {
          fail(`${at}.namespace`, 'a server name, or a prefix ending in * (com.acme.platform/*), at most 200 characters');
        } else rule.namespace = r.namespace;
      }
      if (r.publishedBy !== undefined) {
        const p = r.publishedBy as Record<string, unknown> | null;
        const group = p && typeof p === 'object' ? p.group : undefined;
        const subject = p && typeof p === 'object' ? p.subject : undefined;
        if (typeof group === 'string' && group.length > 0 && group.length <= 200 && subject === undefined) rule.publishedBy = { group };
        else if (typeof subject === 'string' && subject.length > 0 && subject.length <= 320 && group === undefined) rule.publishedBy = { subject };
        else fail(`${at}.publishedBy`, 'either { "group": name } or { "subject": registry subject }');
      }
      if (r.trust !== undefined) {
        const levels = Array.isArray(r.trust) ? (r.trust as unknown[]) : [];
        if (levels.length === 0 || levels.some((l) => !(TRUST_LEVELS as readonly unknown[]).includes(l))) {
          fail(`${at}.trust`, `a non-empty list of trust levels (${TRUST_LEVELS.join(', ')})`);
        } else rule.trust = [...new Set(levels as TrustLevel[])];
      }
      rules.push(rule);
    });
  }
  for (const key of Object.keys(body)) if (!['defaultAction', 'rules', 'allowSelfApproval'].includes(key)) fail(`body.${key}`, 'unknown field');
  if (errors.length) throw new ValidationError('GOVERNANCE_BAD_POLICY', 'The approval policy is not valid', errors);
  return { defaultAction: defaultAction as ReviewPolicy['defaultAction'], rules, allowSelfApproval: allowSelfApproval as boolean };
}

export interface Submission {
  name: string;
  subject: string;
  groups: readonly string[];
  /** Every automated check passed (none failed, none still pending). */
  checksPass: boolean;
  /** The tool snapshot's hash equals the approved version's (false when either is unknown). */
  toolsUnchanged: boolean;
  /** The server's trust in force (reviewer's, else curated), or null when it has none. */
  trust: TrustLevel | null;
}

function nameMatches(pattern: string, name: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

/** Whether the policy approves the submission without a person, and by which rule (its index, or `default`). */
export function approvalOf(policy: ReviewPolicy, s: Submission): { approve: true; rule: string } | { approve: false } {
  for (const [i, rule] of policy.rules.entries()) {
    if (rule.namespace !== undefined && !nameMatches(rule.namespace, s.name)) continue;
    if (rule.publishedBy) {
      const by = rule.publishedBy;
      if ('group' in by ? !s.groups.includes(by.group) : by.subject !== s.subject) continue;
    }
    if (rule.trust && (s.trust === null || !rule.trust.includes(s.trust))) continue;
    if (!s.checksPass) continue;
    if (rule.when === 'tools-unchanged' && !s.toolsUnchanged) continue;
    return { approve: true, rule: `rules[${i}] ${JSON.stringify(rule)}` };
  }
  if (policy.defaultAction === 'approve') return { approve: true, rule: 'defaultAction approve' };
  return { approve: false };
}
