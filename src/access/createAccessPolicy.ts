/**
 * The access rules as a managed set: the AccessPolicy the other planes decide
 * with (held in memory, rebuilt after every change), and the writes an
 * administrator makes (create, update, delete, replace the whole set). Every
 * write validates the whole resulting set, checks `If-Match`, writes the rules
 * and the change log in one transaction, and tells the other replicas (on
 * PostgreSQL) to reload; a refused write changes nothing.
 */
import type { AccessRule } from './accessRules.js';
import type { AccessPolicy } from './accessPolicy.js';
import { createDecider, type Decider } from './createDecider.js';
import { ruleSetEtag } from './ruleSetEtag.js';
import { validateRuleSet } from './validateRuleSet.js';
import { ConflictError, NotFoundError, PreconditionFailedError, ValidationError } from '../errors.js';
import { insertAccessChange, listAccessRules, listTrustLevels, nowMicros, replaceAccessRules, type AccessRuleRow, type NewAccessChange, type Store } from '../store/index.js';
import { TRUST_LEVELS, type TrustLevel } from '../schemas/governance.js';
import { matchesEntityTag } from '../matchesEntityTag.js';

/**
 * The notification other replicas reload on. It travels on the catalog's change
 * channel, and can never be a server name (those have no `#`), so the catalog
 * cache ignores it.
 */
export const ACCESS_RULES_CHANGED = '#access-rules';
/** The notification other replicas reload their trust map on (a trust level or a curated trust changed). */
export const SERVER_TRUST_CHANGED = '#server-trust';

export interface StoredRule {
  rule: AccessRule;
  position: number;
  createdAt: number;
  createdBy: string;
  updatedAt: number;
  updatedBy: string;
}

export interface RuleWrite {
  /** Who makes the change, for the change log. */
  actor: string;
  /** The set's ETag the writer last saw (`*` for any); absent means no check. */
  ifMatch?: string | undefined;
}

export interface ReplaceResult {
  changed: boolean;
  added: number;
  updated: number;
  removed: number;
  etag: string;
}

/** A proposed change: the whole new set, or rules to add or replace (by id) and ids to remove. */
export type RuleChange = { rules: unknown[] } | { upsert?: unknown[]; delete?: string[] };

export interface ManagedAccessPolicy extends AccessPolicy {
  readonly defaultEffect: 'allow' | 'deny';
  /** The rule set decide() uses now, in order. */
  readonly rules: readonly AccessRule[];
  readonly etag: string;
  list(): Promise<{ rules: StoredRule[]; etag: string }>;
  get(id: string): Promise<{ rule: StoredRule; etag: string }>;
  /** Adds a rule at `position` (0 = first; at the end by default). */
  create(input: unknown, write: RuleWrite & { position?: number | undefined }): Promise<{ rule: StoredRule; etag: string }>;
  /** Replaces the rule with this id (the body's id must match), optionally moving it. */
  update(id: string, input: unknown, write: RuleWrite & { position?: number | undefined }): Promise<{ rule: StoredRule; etag: string }>;
  remove(id: string, write: RuleWrite): Promise<{ etag: string }>;
  /** Makes the stored set exactly `input` (an import); unchanged means no write and no change-log row. */
  replaceAll(input: unknown, write: RuleWrite): Promise<ReplaceResult>;
  /** The validated rule set a change would produce from the current one, without saving it. */
  propose(change: RuleChange): Promise<AccessRule[]>;
  /** Reads the stored set again and swaps the decider when it changed (and the trust levels, see reloadTrust). */
  reload(): Promise<void>;
  /** Reads every server's trust level again (after a trust or curation change); trust conditions decide with it. */
  reloadTrust(): Promise<void>;
  /** The trust in force of a server as decisions see it now: the reviewer's level, else the curated one. */
  trustOf(server: string, source: string | undefined): TrustLevel | null;
  /** Reloads whenever another replica changes the rules (PostgreSQL); resolves to a stop function. */
  listen(): Promise<() => Promise<void>>;
}

export interface AccessPolicyOptions {
  store: Store;
  /** Every group name rules may reference (the directory's knownGroups). */
  knownGroups: () => Promise<Set<string>>;
  defaultEffect: 'allow' | 'deny';
  /** A reload after a notification failed (the previous rules stay in force). */
  onReloadError?: (err: unknown) => void;
}

function stored(row: AccessRuleRow, rule: AccessRule): StoredRule {
  return { rule, position: row.position, createdAt: row.created_at, createdBy: row.created_by, updatedAt: row.updated_at, updatedBy: row.updated_by };
}

/** The stored rows as rules; a row edited behind Toolshed's back is reported, not half-used. */
function rulesOf(rows: readonly AccessRuleRow[]): AccessRule[] {
  const raw = rows.map((r) => {
    try {
      return JSON.parse(r.rule) as unknown;
    } catch {
      return { id: r.id, unreadable: true };
    }
  });
  return validateRuleSet(raw, new Set(raw.map((r) => (r as { subject?: { group?: string } }).subject?.group).filter((g): g is string => !!g)));
}

/** Position, clamped into the list; the end when absent. */
function insertAt<T>(list: T[], item: T, position: number | undefined): T[] {
  const at = position === undefined ? list.length : Math.max(0, Math.min(position, list.length));
  return [...list.slice(0, at), item, ...list.slice(at)];
}

const isLevel = (value: string): value is TrustLevel => (TRUST_LEVELS as readonly string[]).includes(value);

export async function createAccessPolicy(options: AccessPolicyOptions): Promise<ManagedAccessPolicy> {
  const { store, knownGroups, defaultEffect } = options;
  let rules: AccessRule[] = [];
  let etag = ruleSetEtag(rules);
  // Trust in memory, so a trust condition costs two map lookups on the hot path.
  let reviewed = new Map<string, TrustLevel>();
  let curated = new Map<string, TrustLevel>();
  const trustOf = (server: string, source: string | undefined): TrustLevel | null => {
    const own = reviewed.get(server);
    if (own) return own;
    if (curated.size === 0) return null;
    const from = source ?? '';
    return curated.get(`${from}\n${server}`) ?? curated.get(`${from}\n*`) ?? null;
  };
  let decider: Decider = createDecider([], undefined, { defaultEffect, trustOf });
  let generation = 0;

  const install = (next: AccessRule[]): void => {
    const nextEtag = ruleSetEtag(next);
    if (generation > 0 && nextEtag === etag) return;
    decider = createDecider(next, undefined, { defaultEffect, trustOf });
    rules = next;
    etag = nextEtag;
    generation++;
  };

  const installTrust = (levels: Awaited<ReturnType<typeof listTrustLevels>>): void => {
    reviewed = new Map(levels.servers.map((s) => [s.name, s.trust]));
    // A curated text from before migration 016 is no level: it never satisfies a condition.
    curated = new Map(levels.curations.filter((c) => isLevel(c.trust)).map((c) => [`${c.source}\n${c.name}`, c.trust as TrustLevel]));
    // Decisions change with trust: caches of decided views key on the generation.
    generation++;
  };

  // Reloads run one after another, each reading the latest committed set, so the last one wins.
  let loading: Promise<void> = Promise.resolve();
  const reload = (): Promise<void> => {
    loading = loading
      .catch(() => {})
      .then(async () => {
        install(rulesOf(await listAccessRules({ tx: store.db })));
        installTrust(await listTrustLevels({ tx: store.db }));
      });
    return loading;
  };
  const reloadTrust = (): Promise<void> => {
    loading = loading.catch(() => {}).then(async () => installTrust(await listTrustLevels({ tx: store.db })));
    return loading;
  };

  /**
   * One write: in a transaction serialised with every other rule write (on every
   * replica), read the set, check If-Match, compute and validate the next set,
   * store it with its change-log rows, notify; then reload.
   */
  async function write<R>(
    w: RuleWrite,
    compute: (current: AccessRule[]) => { next: AccessRule[]; log: (at: number) => NewAccessChange[]; result: R },
  ): Promise<R & { etag: string; changed: boolean }> {
    const groups = await knownGroups();
    const outcome = await store.db.transaction().execute(async (tx) => {
      await store.lockName(tx, ACCESS_RULES_CHANGED);
      const rows = await listAccessRules({ tx });
      const current = rulesOf(rows);
      const currentEtag = ruleSetEtag(current);
      if (w.ifMatch !== undefined && !matchesEntityTag(w.ifMatch, currentEtag)) {
        throw new PreconditionFailedError('ACCESS_RULES_CHANGED', `The access rules changed since you read them (If-Match ${w.ifMatch}, now ${currentEtag}): read them again and reapply your change`);
      }
      const { next: proposed, log, result } = compute(current);
      const next = validateRuleSet(proposed, groups);
      const nextEtag = ruleSetEtag(next);
      if (nextEtag === currentEtag) return { ...result, etag: currentEtag, changed: false };
      const at = nowMicros();
      await replaceAccessRules({ tx, current: rows, rules: next.map((r) => ({ id: r.id, rule: JSON.stringify(r) })), at, actor: w.actor });
      for (const change of log(at)) await insertAccessChange({ tx, change });
      await store.notifyChange(tx, [ACCESS_RULES_CHANGED]);
      return { ...result, etag: nextEtag, changed: true };
    });
    if (outcome.changed) await reload();
    return outcome;
  }

  const ruleChange = (actor: string, action: string, target: string, at: number, oldValue: unknown, newValue: unknown): NewAccessChange => ({
    at,
    actor,
    action,
    targetKind: 'rule',
    target,
    oldValue,
    newValue,
  });

  async function find(id: string): Promise<{ rule: StoredRule; etag: string }> {
    const rows = await listAccessRules({ tx: store.db });
    const all = rulesOf(rows);
    const index = all.findIndex((r) => r.id === id);
    if (index === -1) throw new NotFoundError('ACCESS_RULE_NOT_FOUND', `No access rule with id ${JSON.stringify(id)}`);
    return { rule: stored(rows[index]!, all[index]!), etag: ruleSetEtag(all) };
  }

  const idOf = (input: unknown): unknown => (input !== null && typeof input === 'object' ? (input as { id?: unknown }).id : undefined);

  return {
    defaultEffect,
    get rules() {
      return rules;
    },
    get etag() {
      return etag;
    },
    get generation() {
      return generation;
    },
    get anonymousDiscovery() {
      return rules.some((r) => 'anonymous' in r.subject && r.effect === 'allow');
    },
    decide(principal, action, resource) {
      return decider.decide(principal, action, resource);
    },

    async list() {
      const rows = await listAccessRules({ tx: store.db });
      const all = rulesOf(rows);
      return { rules: rows.map((row, i) => stored(row, all[i]!)), etag: ruleSetEtag(all) };
    },

    get: find,

    async create(input, w) {
      const id = idOf(input);
      await write(w, (current) => {
        if (typeof id === 'string' && current.some((r) => r.id === id)) {
          throw new ConflictError('ACCESS_RULE_EXISTS', `An access rule with id ${JSON.stringify(id)} already exists: update it with PUT, or choose another id`);
        }
        const next = insertAt<unknown>(current, input, w.position) as AccessRule[];
        return {
          next,
          result: {},
          log: (at) => [ruleChange(w.actor, 'create', String(id), at, null, { position: next.indexOf(input as AccessRule), rule: input })],
        };
      });
      return find(String(id));
    },

    async update(id, input, w) {
      const bodyId = idOf(input);
      if (bodyId !== undefined && bodyId !== id) {
        throw new ValidationError('ACCESS_RULE_ID_MISMATCH', `The rule's id ${JSON.stringify(bodyId)} differs from the id in the path (${JSON.stringify(id)}); ids cannot be changed`);
      }
      const withId = input !== null && typeof input === 'object' && !Array.isArray(input) ? { ...(input as object), id } : input;
      await write(w, (current) => {
        const index = current.findIndex((r) => r.id === id);
        if (index === -1) throw new NotFoundError('ACCESS_RULE_NOT_FOUND', `No access rule with id ${JSON.stringify(id)}`);
        const without = current.filter((_, i) => i !== index);
        const next = insertAt<unknown>(without, withId, w.position ?? index) as AccessRule[];
        const position = next.indexOf(withId as AccessRule);
        return {
          next,
          result: {},
          log: (at) => [ruleChange(w.actor, 'update', id, at, { position: index, rule: current[index] }, { position, rule: withId })],
        };
      });
      return find(id);
    },

    async remove(id, w) {
      const { etag: next } = await write(w, (current) => {
        const index = current.findIndex((r) => r.id === id);
        if (index === -1) throw new NotFoundError('ACCESS_RULE_NOT_FOUND', `No access rule with id ${JSON.stringify(id)}`);
        return {
          next: current.filter((_, i) => i !== index),
          result: {},
          log: (at) => [ruleChange(w.actor, 'delete', id, at, { position: index, rule: current[index] }, null)],
        };
      });
      return { etag: next };
    },

    async replaceAll(input, w) {
      const counts = { added: 0, updated: 0, removed: 0 };
      const out = await write(w, (current) => {
        const next = Array.isArray(input) ? (input as AccessRule[]) : (input as never);
        const log = (at: number): NewAccessChange[] => {
          const changes: NewAccessChange[] = [];
          const before = new Map(current.map((r, i) => [r.id, { rule: r, position: i }]));
          const after = new Map(next.map((r, i) => [r.id, { rule: r, position: i }]));
          for (const [id, now] of after) {
            const was = before.get(id);
            if (!was) {
              counts.added++;
              changes.push(ruleChange(w.actor, 'import', id, at, null, now));
            } else if (JSON.stringify(was.rule) !== JSON.stringify(now.rule)) {
              counts.updated++;
              changes.push(ruleChange(w.actor, 'import', id, at, was, now));
            }
          }
          for (const [id, was] of before) {
            if (!after.has(id)) {
              counts.removed++;
              changes.push(ruleChange(w.actor, 'import', id, at, was, null));
            }
          }
          // A new order of the rules both sets hold changes which rule is reported: record it too.
          const keptBefore = current.map((r) => r.id).filter((id) => after.has(id));
          const keptAfter = next.map((r) => r.id).filter((id) => before.has(id));
          if (keptBefore.join('\n') !== keptAfter.join('\n')) {
            changes.push({ at, actor: w.actor, action: 'reorder', targetKind: 'rule', target: '*', oldValue: current.map((r) => r.id), newValue: next.map((r) => r.id) });
          }
          return changes;
        };
        return { next, result: {}, log };
      });
      return { changed: out.changed, ...counts, etag: out.etag };
    },

    async propose(change) {
      const groups = await knownGroups();
      if ('rules' in change) return validateRuleSet(change.rules, groups);
      const next: unknown[] = [...rules];
      const removed = new Set(change.delete ?? []);
      const unknown = [...removed].filter((id) => !rules.some((r) => r.id === id));
      for (const raw of change.upsert ?? []) {
        const id = idOf(raw);
        const index = next.findIndex((r) => idOf(r) === id);
        if (index === -1) next.push(raw);
        else next[index] = raw;
      }
      const result = next.filter((r) => !removed.has(idOf(r) as string));
      if (unknown.length) {
        // Reported together with any problem of the resulting set.
        const problems = unknown.map((id) => ({ message: `delete: no access rule with id ${JSON.stringify(id)}` }));
        try {
          validateRuleSet(result, groups);
        } catch (err) {
          if (err instanceof ValidationError) problems.push(...(err.errors ?? []));
        }
        throw new ValidationError('ACCESS_RULES_INVALID', `The proposed change was refused (${problems.length} problem${problems.length === 1 ? '' : 's'})`, problems);
      }
      return validateRuleSet(result, groups);
    },

    reload,
    reloadTrust,
    trustOf,

    async listen() {
      return store.listenForChanges((names) => {
        if (names.length === 0 || names.includes(ACCESS_RULES_CHANGED)) reload().catch((err) => options.onReloadError?.(err));
        else if (names.includes(SERVER_TRUST_CHANGED)) reloadTrust().catch((err) => options.onReloadError?.(err));
      });
    },
  };
}
