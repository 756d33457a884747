/**
 * The check every write of access rules goes through, on the whole resulting
 * set: the rule schema and duplicate ids (parseAccessRules) and group names the
 * directory does not know. Every problem is listed at once, and the set is
 * refused as a whole (422), so nothing is ever half-saved.
 */
import { ValidationError } from '../errors.js';
import { AccessRulesError, parseAccessRules, type AccessRule } from './accessRules.js';

export const MAX_RULES = 10_000;

export function validateRuleSet(input: unknown, knownGroups: ReadonlySet<string>): AccessRule[] {
  const problems: string[] = [];
  let rules: AccessRule[] = [];
  if (Array.isArray(input) && input.length > MAX_RULES) {
    problems.push(`too many rules (${input.length}); at most ${MAX_RULES}`);
  }
  try {
    rules = parseAccessRules(input);
  } catch (err) {
    if (!(err instanceof AccessRulesError)) throw err;
    problems.push(...err.problems);
  }
  if (Array.isArray(input)) {
    input.forEach((raw, index) => {
      const group = (raw as { subject?: { group?: unknown } } | null)?.subject?.group;
      if (typeof group !== 'string' || group === '' || knownGroups.has(group)) return;
      const rawId = (raw as { id?: unknown }).id;
      const label = typeof rawId === 'string' && rawId !== '' ? `rule ${index} (${JSON.stringify(rawId)})` : `rule ${index}`;
      problems.push(`${label}: subject.group: unknown group ${JSON.stringify(group)} (create it first, or use a group mapped from sign-in claims)`);
    });
  }
  if (problems.length) {
    throw new ValidationError(
      'ACCESS_RULES_INVALID',
      `The access rules were refused (${problems.length} problem${problems.length === 1 ? '' : 's'}); nothing was saved`,
      problems.map((message) => ({ message })),
    );
  }
  return rules;
}
