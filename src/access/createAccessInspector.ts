/**
 * The questions administrators ask the access rules: `explain` (why may, or may
 * not, this person do this on this server or tool: the decision, the rule that
 * decided and every rule that matched) and `simulate` (what would a proposed
 * rule change flip, for whom, before it is saved). People's groups and the
 * servers of the catalog come from the store.
 */
import type { AccessAction, AccessRule } from './accessRules.js';
import type { ManagedAccessPolicy, RuleChange } from './createAccessPolicy.js';
import { matchingRules } from './matchingRules.js';
import type { TrustLevel } from '../schemas/governance.js';
import { simulateRuleChange, type SimulatedPrincipal, type SimulatedResource, type SimulationResult } from './simulateRuleChange.js';
import { NotFoundError } from '../errors.js';
import { listAccessChanges, listCatalogServerOrigins, listUserPrincipals, type AccessChangeFilter, type Store } from '../store/index.js';

/** A person by id or email, or a hypothetical someone in these groups (with `user`, added to theirs). */
export interface PrincipalQuery {
  user?: string | undefined;
  groups?: string[] | undefined;
}

export interface ExplainQuery extends PrincipalQuery {
  action: AccessAction;
  server: string;
  tool?: string | undefined;
  /** The source the server is mirrored from ('' for local); looked up in the catalog when absent. */
  source?: string | undefined;
}

export interface Explanation {
  allowed: boolean;
  decidedBy: AccessRule | null;
  reason: string;
  principal: { id: string | null; label: string | null; groups: string[] };
  resource: { server: string; tool?: string; source: string; trust: TrustLevel | null };
  action: AccessAction;
  matched: { id: string; effect: 'allow' | 'deny'; rule: AccessRule }[];
  defaultEffect: 'allow' | 'deny';
}

export interface SimulateRequest {
  change: RuleChange;
  principals?: PrincipalQuery[] | undefined;
  servers?: string[] | undefined;
  tools?: { server: string; tool: string }[] | undefined;
  /** How many flips to list (all are counted). */
  limit?: number | undefined;
}

export interface Simulation extends SimulationResult {
  principals: number;
  resources: number;
  /** The bounds the work ran under, and what they cut. */
  limits: { maxDecisions: number; maxPrincipals: number; maxServers: number; principalsCapped: boolean; serversCapped: boolean };
  rules: { before: number; after: number; added: string[]; removed: string[]; changed: string[] };
}

export const SIMULATION_LIMITS = { maxDecisions: 1_000_000, maxPrincipals: 10_000, maxServers: 20_000 };

export interface AccessInspector {
  principal(query: PrincipalQuery): Promise<SimulatedPrincipal>;
  explain(query: ExplainQuery): Promise<Explanation>;
  simulate(request: SimulateRequest): Promise<Simulation>;
  /** The access change log (rules, and whatever else records changes there), newest first. */
  changes(filter: AccessChangeFilter, limit: number): Promise<AccessChange[]>;
}

export interface AccessChange {
  id: number;
  /** Microseconds since the epoch. */
  at: number;
  actor: string;
  action: string;
  targetKind: string;
  target: string;
  oldValue: unknown;
  newValue: unknown;
}

export function createAccessInspector({ store, policy }: { store: Store; policy: ManagedAccessPolicy }): AccessInspector {
  async function principal(query: PrincipalQuery): Promise<SimulatedPrincipal> {
    const extra = query.groups ?? [];
    if (query.user === undefined) return { id: '', label: null, groups: [...new Set(extra)].sort() };
    const [user] = await listUserPrincipals({ tx: store.db, match: query.user, limit: 1 });
    if (!user) {
      throw new NotFoundError('ACCESS_USER_NOT_FOUND', `No user with id or email ${JSON.stringify(query.user)} (people appear after their first sign-in)`);
    }
    return { id: user.id, label: user.email, groups: [...new Set([...user.groups, ...extra])].sort() };
  }

  async function sourceOf(server: string): Promise<string> {
    const [found] = await listCatalogServerOrigins({ tx: store.db, names: [server], limit: 1 });
    return found?.source ?? '';
  }

  return {
    principal,

    async changes(filter, limit) {
      const rows = await listAccessChanges({ tx: store.db, filter, limit });
      return rows.map((r) => ({
        id: Number(r.id),
        at: r.at,
        actor: r.actor,
        action: r.action,
        targetKind: r.target_kind,
        target: r.target,
        oldValue: r.old_value === null ? null : JSON.parse(r.old_value),
        newValue: r.new_value === null ? null : JSON.parse(r.new_value),
      }));
    },

    async explain(query) {
      const who = await principal(query);
      const source = query.source ?? (await sourceOf(query.server));
      const resource = { server: query.server, source, ...(query.tool !== undefined ? { tool: query.tool } : {}), trust: policy.trustOf(query.server, source) };
      // One snapshot of the rules for both the decision and the matches.
      const rules = policy.rules;
      const decision = policy.decide(who, query.action, resource);
      return {
        allowed: decision.allowed,
        decidedBy: decision.rule,
        reason: decision.reason,
        principal: { id: who.id === '' ? null : who.id, label: who.label, groups: who.groups },
        resource,
        action: query.action,
        matched: matchingRules(rules, who, query.action, resource).map((rule) => ({ id: rule.id, effect: rule.effect, rule })),
        defaultEffect: policy.defaultEffect,
      };
    },

    async simulate(request) {
      const before = policy.rules;
      const after = await policy.propose(request.change);
      const limits = { ...SIMULATION_LIMITS, principalsCapped: false, serversCapped: false };

      let principals: SimulatedPrincipal[];
      if (request.principals?.length) {
        principals = [];
        for (const p of request.principals) principals.push(await principal(p));
      } else {
        const users = await listUserPrincipals({ tx: store.db, limit: limits.maxPrincipals + 1 });
        limits.principalsCapped = users.length > limits.maxPrincipals;
        principals = users.slice(0, limits.maxPrincipals).map((u) => ({ id: u.id, label: u.email, groups: u.groups }));
      }

      const servers = await listCatalogServerOrigins({
        tx: store.db,
        ...(request.servers ? { names: request.servers } : {}),
        limit: limits.maxServers + 1,
      });
      limits.serversCapped = servers.length > limits.maxServers;
      const resources: SimulatedResource[] = servers.slice(0, limits.maxServers).map((s) => ({ server: s.name, source: s.source, trust: policy.trustOf(s.name, s.source) }));
      // A named server the catalog does not hold yet is still simulated, as a local one.
      for (const name of request.servers ?? []) {
        if (!resources.some((r) => r.server === name)) resources.push({ server: name, source: '', trust: policy.trustOf(name, '') });
      }
      const origins = new Map(resources.map((r) => [r.server, r.source]));
      for (const t of request.tools ?? []) {
        const source = origins.get(t.server) ?? (await sourceOf(t.server));
        resources.push({ server: t.server, tool: t.tool, source, trust: policy.trustOf(t.server, source) });
      }

      const result = simulateRuleChange({
        before,
        after,
        defaultEffect: policy.defaultEffect,
        principals,
        resources,
        maxDecisions: limits.maxDecisions,
        maxChanges: request.limit ?? 100,
      });
      const beforeById = new Map(before.map((r) => [r.id, JSON.stringify(r)]));
      const afterIds = new Set(after.map((r) => r.id));
      return {
        ...result,
        principals: principals.length,
        resources: resources.length,
        limits,
        rules: {
          before: before.length,
          after: after.length,
          added: after.filter((r) => !beforeById.has(r.id)).map((r) => r.id),
          removed: before.filter((r) => !afterIds.has(r.id)).map((r) => r.id),
          changed: after.filter((r) => beforeById.has(r.id) && beforeById.get(r.id) !== JSON.stringify(r)).map((r) => r.id),
        },
      };
    },
  };
}
