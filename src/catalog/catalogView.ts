/**
 * What one caller may see of a private catalog: the servers access rules let
 * them `discover`. The catalog filters listings and details through `sees()` and
 * keys its response cache on `key`, so two callers share a cached response only
 * when they see the same servers. A caller who may review or manage access
 * (reviewers, administrators, the admin token) gets no view: they see everything,
 * as in a public catalog, because reviewing and writing rules needs the whole set.
 * An anonymous caller (allowed only when a rule for `anonymous` exists) sees what
 * such rules explicitly allow, never what a default of `allow` would give.
 */
import { ANONYMOUS_PRINCIPAL, type AccessPolicy, type Caller } from '../access/index.js';

export interface CatalogView {
  /** Equal keys mean equal visibility: the caller, their groups and the rule set's generation. */
  readonly key: string;
  /** Whether the server `name`, published locally (origin '') or mirrored from `origin`, is visible. */
  sees(name: string, origin: string): boolean;
}

/** The caller's view of a private catalog, or null when they see everything. */
export function catalogViewFor(caller: Caller, policy: AccessPolicy): CatalogView | null {
  if (caller.permissions.has('catalog.review') || caller.permissions.has('access.manage')) return null;
  const groups = [...caller.groups].sort();
  const principal = { id: caller.id, groups };
  // Read once: a rule change during the request lands in the next request's key.
  const generation = policy.generation;
  // A listing page asks about each version; versions of a server share one answer.
  const memo = new Map<string, boolean>();
  return {
    // JSON keeps the parts apart whatever characters ids and group names hold.
    key: JSON.stringify([generation, caller.id, groups]),
    sees(name, origin) {
      const memoKey = origin === '' ? name : `${name}\u0000${origin}`;
      let seen = memo.get(memoKey);
      if (seen === undefined) {
        seen = policy.decide(principal, 'discover', origin === '' ? { server: name } : { server: name, source: origin }).allowed;
        memo.set(memoKey, seen);
      }
      return seen;
    },
  };
}

/** What an anonymous caller may see of a private catalog: servers a rule for `anonymous` lets them discover. */
export function anonymousCatalogView(policy: AccessPolicy): CatalogView {
  const generation = policy.generation;
  const memo = new Map<string, boolean>();
  return {
    // Unlike any caller's key (three parts), so no signed-in caller shares these responses.
    key: JSON.stringify([generation, null]),
    sees(name, origin) {
      const memoKey = origin === '' ? name : `${name}\u0000${origin}`;
      let seen = memo.get(memoKey);
      if (seen === undefined) {
        const decision = policy.decide(ANONYMOUS_PRINCIPAL, 'discover', origin === '' ? { server: name } : { server: name, source: origin });
        seen = decision.allowed && decision.rule !== null;
        memo.set(memoKey, seen);
      }
      return seen;
    },
  };
}
