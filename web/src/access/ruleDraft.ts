/**
 * An access rule as the console's form holds it (flat fields), to and from the API's
 * rule, with the problems a person can fix before sending, by field, in words; and
 * a rule's subject and resource as text. Pure; unit-tested beside this file.
 */
import type { Rule } from './accessApi.js';

export interface RuleDraft {
  id: string;
  description: string;
  effect: 'allow' | 'deny';
  /** `anonymous`: callers who are not signed in (discover only, in a private catalog). */
  subjectKind: 'user' | 'group' | 'everyone' | 'anonymous';
  subjectValue: string;
  actions: Array<'discover' | 'connect' | 'call'>;
  resourceKind: 'server' | 'tool' | 'source';
  server: string;
  tool: string;
  source: string;
}

export const EMPTY_DRAFT: RuleDraft = {
  id: '',
  description: '',
  effect: 'allow',
  subjectKind: 'group',
  subjectValue: '',
  actions: ['discover', 'connect', 'call'],
  resourceKind: 'server',
  server: '',
  tool: '',
  source: '',
};

export function draftOf(rule: Rule): RuleDraft {
  const s = rule.subject;
  const r = rule.resource;
  return {
    id: rule.id,
    description: rule.description ?? '',
    effect: rule.effect,
    subjectKind: 'user' in s ? 'user' : 'group' in s ? 'group' : 'anonymous' in s ? 'anonymous' : 'everyone',
    subjectValue: 'user' in s ? s.user : 'group' in s ? s.group : '',
    actions: [...rule.actions],
    resourceKind: 'source' in r ? 'source' : 'tool' in r ? 'tool' : 'server',
    server: 'server' in r ? r.server : '',
    tool: 'tool' in r ? r.tool : '',
    source: 'source' in r ? r.source : '',
  };
}

export type DraftProblems = Partial<Record<'id' | 'subjectValue' | 'actions' | 'server' | 'tool' | 'source', string>>;

/** The rule, or what to fix first (by field). The server checks the whole set again. */
export function ruleOf(d: RuleDraft): { rule: Rule; problems: DraftProblems } {
  const problems: DraftProblems = {};
  const id = d.id.trim();
  if (!id) problems.id = 'Give the rule an id, e.g. “marketing-no-finance”.';
  if ((d.subjectKind === 'user' || d.subjectKind === 'group') && !d.subjectValue.trim()) {
    problems.subjectValue = d.subjectKind === 'user' ? 'Name the user (their id or email).' : 'Name the group.';
  }
  if (!d.actions.length) problems.actions = 'Choose at least one action.';
  else if (d.subjectKind === 'anonymous' && d.actions.some((a) => a !== 'discover')) problems.actions = 'Callers who are not signed in may only discover servers.';
  const server = d.server.trim();
  if (d.resourceKind !== 'source') {
    if (!server) problems.server = 'Name the server, a prefix ending in *, or * for every server.';
    else if (server.indexOf('*') !== -1 && server.indexOf('*') !== server.length - 1) problems.server = '“*” may only end the pattern (or stand alone).';
  }
  if (d.resourceKind === 'tool') {
    const tool = d.tool.trim();
    if (!tool) problems.tool = 'Name the tool, or * for every tool.';
    else if (tool !== '*' && tool.includes('*')) problems.tool = 'A tool is a name or * alone.';
    if (d.actions.includes('connect')) problems.actions = 'A rule about tools applies to discover and call only, not connect.';
  }
  if (d.resourceKind === 'source' && !d.source.trim()) problems.source = 'Name the federation source.';
  const subject =
    d.subjectKind === 'everyone'
      ? ({ everyone: true } as const)
      : d.subjectKind === 'anonymous'
        ? ({ anonymous: true } as const)
        : d.subjectKind === 'user'
          ? { user: d.subjectValue.trim() }
          : { group: d.subjectValue.trim() };
  const resource = d.resourceKind === 'source' ? { source: d.source.trim() } : d.resourceKind === 'tool' ? { server, tool: d.tool.trim() } : { server };
  const rule: Rule = { id, effect: d.effect, subject, actions: [...d.actions], resource, ...(d.description.trim() ? { description: d.description.trim() } : {}) };
  return { rule, problems };
}

export function subjectText(rule: Rule): string {
  const s = rule.subject;
  return 'user' in s ? `user ${s.user}` : 'group' in s ? `group ${s.group}` : 'anonymous' in s ? 'anyone not signed in' : 'everyone';
}

export function resourceText(rule: Rule): string {
  const r = rule.resource;
  if ('source' in r) return `servers from source ${r.source || '(local)'}`;
  if ('tool' in r) return `tool ${r.tool} of ${r.server}`;
  return r.server === '*' ? 'every server' : `server ${r.server}`;
}
