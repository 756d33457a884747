/**
 * The starter rule set a fresh install can take in one step. With no rules, the
 * default (deny) refuses every connection, which is safe but leaves a new team
 * wondering why nothing works; these rules make every server in the catalog
 * usable by everyone signed in, which suits a trial. They are applied only to an
 * empty rule set (and conditionally on its ETag, so two admins clicking at once
 * cannot both write); from there they are ordinary rules to narrow or replace.
 */
import { ConflictError } from '../errors.js';
import type { AccessRule } from './accessRules.js';
import type { ManagedAccessPolicy, ReplaceResult } from './createAccessPolicy.js';

export const STARTER_RULES: readonly AccessRule[] = Object.freeze([
  {
    id: 'starter-everyone-discovers',
    description: 'starter rule: everyone finds every server in the catalog',
    effect: 'allow',
    subject: { everyone: true },
    actions: ['discover'],
    resource: { server: '*' },
  },
  {
    id: 'starter-everyone-connects',
    description: 'starter rule: everyone connects to every server and calls its tools; narrow this before going beyond a trial',
    effect: 'allow',
    subject: { everyone: true },
    actions: ['connect', 'call'],
    resource: { server: '*' },
  },
] satisfies AccessRule[]);

/** Applies the starter rules to an empty rule set; ConflictError when rules exist. */
export async function applyStarterRules(policy: ManagedAccessPolicy, actor: string): Promise<ReplaceResult> {
  const { rules, etag } = await policy.list();
  if (rules.length) {
    throw new ConflictError(
      'ACCESS_RULES_NOT_EMPTY',
      `The starter rules are for a fresh install, and there ${rules.length === 1 ? 'is already 1 rule' : `are already ${rules.length} rules`}: add rules one by one instead`,
    );
  }
  return policy.replaceAll(STARTER_RULES, { actor, ifMatch: etag });
}
