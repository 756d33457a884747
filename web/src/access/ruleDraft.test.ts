/** The console's rule form to and from API rules, with per-field problems in words (web/src/access/ruleDraft.ts). */
import { describe, expect, it } from 'vitest';
import { draftOf, EMPTY_DRAFT, resourceText, ruleOf, subjectText } from './ruleDraft.js';

describe('ruleOf', () => {
  it('builds the API rule from the form, trimmed', () => {
    const { rule, problems } = ruleOf({ ...EMPTY_DRAFT, id: ' deny-mkt ', effect: 'deny', subjectValue: 'marketing', actions: ['connect'], server: 'io.github.acme/*', description: ' no ' });
    expect(problems).toEqual({});
    expect(rule).toEqual({ id: 'deny-mkt', effect: 'deny', subject: { group: 'marketing' }, actions: ['connect'], resource: { server: 'io.github.acme/*' }, description: 'no' });
  });

  it('says what to fix, field by field', () => {
    expect(ruleOf({ ...EMPTY_DRAFT, actions: [], server: 'a*b' }).problems).toEqual({
      id: 'Give the rule an id, e.g. “marketing-no-finance”.',
      subjectValue: 'Name the group.',
      actions: 'Choose at least one action.',
      server: '“*” may only end the pattern (or stand alone).',
    });
    expect(ruleOf({ ...EMPTY_DRAFT, id: 'x', subjectKind: 'everyone', resourceKind: 'tool', server: '*', tool: 'a*', actions: ['connect'] }).problems).toEqual({
      tool: 'A tool is a name or * alone.',
      actions: 'A rule about tools applies to discover and call only, not connect.',
    });
    expect(ruleOf({ ...EMPTY_DRAFT, id: 'x', subjectKind: 'user', resourceKind: 'source' }).problems).toEqual({
      subjectValue: 'Name the user (their id or email).',
      source: 'Name the federation source.',
    });
  });

  it('round-trips every kind of rule through the form', () => {
    const rules = [
      { id: 'a', effect: 'allow' as const, subject: { everyone: true as const }, actions: ['discover' as const], resource: { server: '*' } },
      { id: 'b', effect: 'deny' as const, subject: { user: 'bob@acme.example' }, actions: ['call' as const], resource: { server: 'x/y', tool: 'drop' } },
      { id: 'c', effect: 'allow' as const, subject: { group: 'eng' }, actions: ['connect' as const], resource: { source: 'official' }, description: 'd' },
      { id: 'd', effect: 'allow' as const, subject: { anonymous: true as const }, actions: ['discover' as const], resource: { server: 'io.acme/*' } },
    ];
    for (const r of rules) expect(ruleOf(draftOf(r)).rule).toEqual(r);
    expect(rules.map(subjectText)).toEqual(['everyone', 'user bob@acme.example', 'group eng', 'anyone not signed in']);
    expect(rules.map(resourceText)).toEqual(['every server', 'tool drop of x/y', 'servers from source official', 'server io.acme/*']);
    expect(ruleOf({ ...draftOf(rules[3]!), actions: ['discover', 'connect'] }).problems).toEqual({ actions: 'Callers who are not signed in may only discover servers.' });
  });
});
