/**
 * Access rules of the access plane: a subject (a user id, a group name, or
 * everyone) may or may not (`allow` / `deny`) perform actions (`discover`,
 * `connect`, `call`) on a resource (a server name or pattern, a tool of such
 * servers, or every server mirrored from one federation source). Server patterns
 * follow the registry wildcard rule: `*`, or a prefix ending in `*`.
 */
import { z } from 'zod';
import { TRUST_LEVELS, type TrustLevel } from '../schemas/governance.js';

export const ACCESS_ACTIONS = ['discover', 'connect', 'call'] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];
export type AccessEffect = 'allow' | 'deny';

/**
 * `everyone` is every signed-in caller; `anonymous` is a caller without credentials,
 * and only them (a rule for `everyone` never concerns anonymous callers). Anonymous
 * callers only ever `discover` (the read API of a private catalog): see catalogView.
 */
export type AccessSubject = { user: string } | { group: string } | { everyone: true } | { anonymous: true };

/**
 * What a rule's `trust` condition may name: a trust level, or `none` for a server
 * no reviewer or curation has given a level.
 */
export const TRUST_CONDITIONS = [...TRUST_LEVELS, 'none'] as const;
export type TrustCondition = TrustLevel | 'none';

/**
 * `{server}` also covers the server's tools; `{server, tool}` (tool name or `*`)
 * only ever concerns tools, so it may name `call` and `discover` but not `connect`.
 * `trust` narrows any resource to servers whose trust in force is one of the
 * levels listed (`none`: no level): "the sales group may connect only to verified
 * servers" is an allow on `*` with `trust: [verified]` (or a deny of the others).
 */
export type AccessResource = ({ server: string } | { server: string; tool: string } | { source: string }) & { trust?: TrustCondition[] };

export interface AccessRule {
  id: string;
  description?: string;
  effect: AccessEffect;
  subject: AccessSubject;
  actions: AccessAction[];
  resource: AccessResource;
}

/** Why a server pattern is unusable, or null: `*` may only stand alone or end a prefix. */
export function serverPatternProblem(pattern: string): string | null {
  if (pattern === '') return 'server pattern is empty';
  const star = pattern.indexOf('*');
  if (star !== -1 && star !== pattern.length - 1) {
    return `invalid server pattern ${JSON.stringify(pattern)}: "*" may only end the pattern (use "*" or a prefix ending in "*")`;
  }
  return null;
}

const text = z.string({ error: 'must be a string' });

const subjectSchema = z.strictObject({ user: text.optional(), group: text.optional(), everyone: z.literal(true).optional(), anonymous: z.literal(true).optional() }).superRefine((s, ctx) => {
  const kinds = (['user', 'group', 'everyone', 'anonymous'] as const).filter((k) => s[k] !== undefined);
  if (kinds.length !== 1) {
    ctx.addIssue({ code: 'custom', message: 'subject must name exactly one of user, group, everyone or anonymous' });
  } else if (kinds[0] !== 'everyone' && kinds[0] !== 'anonymous' && s[kinds[0]!] === '') {
    ctx.addIssue({ code: 'custom', path: [kinds[0]!], message: `subject ${kinds[0]} is empty` });
  }
});

const trustSchema = z
  .array(
    z.enum(TRUST_CONDITIONS, {
      error: (iss) => `unknown trust level ${JSON.stringify(iss.input)} (expected ${TRUST_CONDITIONS.join(', ')})`,
    }),
  )
  .min(1, 'trust is empty (leave it out to match every trust level)');

const resourceSchema = z.strictObject({ server: text.optional(), tool: text.optional(), source: text.optional(), trust: trustSchema.optional() }).superRefine((r, ctx) => {
  if ((r.server === undefined) === (r.source === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'resource must name exactly one of server or source' });
    return;
  }
  if (r.source !== undefined) {
    if (r.tool !== undefined) ctx.addIssue({ code: 'custom', path: ['tool'], message: 'a source rule cannot name a tool' });
    if (r.source === '') ctx.addIssue({ code: 'custom', path: ['source'], message: 'source is empty' });
    return;
  }
  const problem = serverPatternProblem(r.server!);
  if (problem) ctx.addIssue({ code: 'custom', path: ['server'], message: problem });
  if (r.tool !== undefined && (r.tool === '' || (r.tool !== '*' && r.tool.includes('*')))) {
    ctx.addIssue({ code: 'custom', path: ['tool'], message: `invalid tool ${JSON.stringify(r.tool)}: a tool name or "*"` });
  }
});

export const accessRuleSchema = z
  .strictObject({
    id: text.min(1, 'id is empty'),
    description: text.optional(),
    effect: z.enum(['allow', 'deny'], {
      error: (iss) => `unknown effect ${JSON.stringify(iss.input)} (expected allow or deny)`,
    }),
    subject: subjectSchema,
    actions: z
      .array(
        z.enum(ACCESS_ACTIONS, {
          error: (iss) => `unknown action ${JSON.stringify(iss.input)} (expected discover, connect or call)`,
        }),
      )
      .min(1, 'actions is empty'),
    resource: resourceSchema,
  })
  .superRefine((rule, ctx) => {
    if (rule.resource.tool !== undefined && rule.actions.includes('connect')) {
      ctx.addIssue({ code: 'custom', path: ['actions'], message: 'a rule naming a tool applies only to call and discover, not connect' });
    }
    if (rule.subject.anonymous && rule.actions.some((a) => a !== 'discover')) {
      ctx.addIssue({ code: 'custom', path: ['actions'], message: 'a rule for anonymous callers applies only to discover: connecting and calling tools need a signed-in caller' });
    }
  });

/** Every problem of a rule set, one line each; the set is refused as a whole. */
export class AccessRulesError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid access rules:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'AccessRulesError';
  }
}

/** Validates a whole rule set up front (duplicate ids included) or throws AccessRulesError. */
export function parseAccessRules(input: unknown): AccessRule[] {
  if (!Array.isArray(input)) throw new AccessRulesError(['rules must be an array']);
  const problems: string[] = [];
  const seen = new Set<string>();
  const rules: AccessRule[] = [];
  input.forEach((raw, index) => {
    const result = accessRuleSchema.safeParse(raw);
    const rawId = (raw as { id?: unknown } | null)?.id;
    const label = typeof rawId === 'string' && rawId !== '' ? `rule ${index} (${JSON.stringify(rawId)})` : `rule ${index}`;
    if (!result.success) {
      for (const issue of result.error.issues) {
        const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
        problems.push(`${label}: ${where}${issue.message}`);
      }
      return;
    }
    if (seen.has(result.data.id)) problems.push(`${label}: duplicate id`);
    seen.add(result.data.id);
    // The refinements above guarantee the union shapes the loose object schema cannot express.
    rules.push(result.data as AccessRule);
  });
  if (problems.length) throw new AccessRulesError(problems);
  return rules;
}
