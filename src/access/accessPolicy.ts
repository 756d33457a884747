/**
 * The access plane's decision point as the other planes hold it: the current
 * rule set's `decide()`, swapped atomically when the rules change (here or, on
 * PostgreSQL, on another replica), and a generation number that changes with it
 * so caches of decided views (the per-user catalog) can key on it.
 */
import type { AccessAction } from './accessRules.js';
import type { Decision, DecisionResource, Principal } from './createDecider.js';

export interface AccessPolicy {
  decide(principal: Principal, action: AccessAction, resource: DecisionResource): Decision;
  /** Changes whenever the rule set (or the default effect) changes. */
  readonly generation: number;
  /**
   * Whether a rule lets anonymous callers discover something (subject `anonymous`):
   * only then does a private catalog answer anonymous reads (off by default).
   */
  readonly anonymousDiscovery?: boolean;
}
