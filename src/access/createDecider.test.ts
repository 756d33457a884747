/**
 * The access decision point: allow, deny winning over allow at any specificity,
 * default deny (and a configured default allow), user / group / everyone / anonymous subjects
 * (groups from the principal or from groupsOf), server patterns, tool rules,
 * source rules, the reason text, up-front validation of rule sets, and a property
 * test holding the indexed decider to a naive linear scan over random rule sets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AccessRulesError, type AccessAction, type AccessRule } from './accessRules.js';
import { ANONYMOUS_PRINCIPAL, createDecider, type DecisionResource, type Principal } from './createDecider.js';
import { matchingRules } from './matchingRules.js';
import { resourceMatches } from './registryPermissions.js';
import { arbitraryRuleSet } from './ruleTestKit.js';

const alice: Principal = { id: 'alice', groups: ['eng'] };
const bob: Principal = { id: 'bob', groups: ['sales'] };
const gh: DecisionResource = { server: 'io.github/github', source: '' };

let seq = 0;
function rule(effect: 'allow' | 'deny', subject: AccessRule['subject'], actions: AccessAction[], resource: AccessRule['resource'], description?: string): AccessRule {
  return { id: `r${++seq}`, effect, subject, actions, resource, ...(description ? { description } : {}) };
}

describe('createDecider', () => {
  it('allows what a rule allows and denies everything else by default', () => {
    const r = rule('allow', { user: 'alice' }, ['connect'], { server: 'io.github/github' });
    const d = createDecider([r]);
    expect(d.decide(alice, 'connect', gh)).toMatchObject({ allowed: true, rule: r });
    expect(d.decide(alice, 'call', { ...gh, tool: 'x' })).toMatchObject({ allowed: false, rule: null });
    expect(d.decide(bob, 'connect', gh)).toMatchObject({ allowed: false, rule: null });
    expect(d.decide(alice, 'connect', { server: 'io.github/other' })).toMatchObject({ allowed: false, rule: null });
    expect(createDecider([]).decide(alice, 'discover', gh).allowed).toBe(false);
  });

  it('decides anonymous callers only by rules for them, denying them by default even when the default is allow', () => {
    const anon = rule('allow', { anonymous: true }, ['discover'], { server: 'com.acme/public-*' });
    const all = rule('allow', { everyone: true }, ['discover'], { server: '*' });
    const hide = rule('deny', { anonymous: true }, ['discover'], { server: 'com.acme/public-secret' });
    const d = createDecider([anon, all, hide], undefined, { defaultEffect: 'allow' });
    expect(d.decide(ANONYMOUS_PRINCIPAL, 'discover', { server: 'com.acme/public-a' })).toMatchObject({ allowed: true, rule: anon });
    expect(d.decide(ANONYMOUS_PRINCIPAL, 'discover', { server: 'com.acme/public-secret' })).toMatchObject({ allowed: false, rule: hide });
    // `everyone` is every signed-in caller, and the default of allow is theirs too.
    expect(d.decide(ANONYMOUS_PRINCIPAL, 'discover', { server: 'com.acme/internal' })).toMatchObject({ allowed: false, rule: null });
    expect(d.decide(ANONYMOUS_PRINCIPAL, 'connect', { server: 'com.acme/public-a' })).toMatchObject({ allowed: false, rule: null });
    // A rule for anonymous callers never concerns a signed-in one.
    expect(d.decide(alice, 'discover', { server: 'com.acme/public-secret' })).toMatchObject({ allowed: true, rule: all });
    expect(matchingRules([anon, all, hide], ANONYMOUS_PRINCIPAL, 'discover', { server: 'com.acme/public-secret' })).toEqual([anon, hide]);
    expect(matchingRules([anon, all, hide], alice, 'discover', { server: 'com.acme/public-secret' })).toEqual([all]);
  });

  it('can default to allow when configured', () => {
    const deny = rule('deny', { everyone: true }, ['call'], { server: 'io.github/github', tool: 'delete_repo' });
    const d = createDecider([deny], undefined, { defaultEffect: 'allow' });
    expect(d.decide(alice, 'connect', gh)).toMatchObject({ allowed: true, rule: null });
    expect(d.decide(alice, 'call', { ...gh, tool: 'delete_repo' })).toMatchObject({ allowed: false, rule: deny });
  });

  it('lets a deny win over an allow whatever their specificity or order', () => {
    const broadDeny = rule('deny', { everyone: true }, ['connect'], { server: '*' });
    const narrowAllow = rule('allow', { user: 'alice' }, ['connect'], { server: 'io.github/github' });
    expect(createDecider([narrowAllow, broadDeny]).decide(alice, 'connect', gh)).toMatchObject({ allowed: false, rule: broadDeny });

    const narrowDeny = rule('deny', { user: 'alice' }, ['call'], { server: 'io.github/github', tool: 'delete_repo' });
    const broadAllow = rule('allow', { everyone: true }, ['call'], { server: 'io.github/*' });
    const d = createDecider([broadAllow, narrowDeny]);
    expect(d.decide(alice, 'call', { ...gh, tool: 'delete_repo' })).toMatchObject({ allowed: false, rule: narrowDeny });
    expect(d.decide(alice, 'call', { ...gh, tool: 'list_repos' })).toMatchObject({ allowed: true, rule: broadAllow });
    expect(d.decide(bob, 'call', { ...gh, tool: 'delete_repo' })).toMatchObject({ allowed: true, rule: broadAllow });
  });

  it('matches user, group and everyone subjects, groups also from groupsOf', () => {
    const byUser = rule('allow', { user: 'bob' }, ['discover'], { server: 'a/one' });
    const byGroup = rule('allow', { group: 'eng' }, ['discover'], { server: 'a/two' });
    const byAll = rule('allow', { everyone: true }, ['discover'], { server: 'a/three' });
    const d = createDecider([byUser, byGroup, byAll]);
    expect(d.decide(bob, 'discover', { server: 'a/one' }).rule).toEqual(byUser);
    expect(d.decide(alice, 'discover', { server: 'a/one' }).allowed).toBe(false);
    expect(d.decide(alice, 'discover', { server: 'a/two' }).rule).toEqual(byGroup);
    expect(d.decide(bob, 'discover', { server: 'a/two' }).allowed).toBe(false);
    expect(d.decide(bob, 'discover', { server: 'a/three' }).rule).toEqual(byAll);
    // A user id that equals a group name is not that group.
    expect(d.decide({ id: 'eng', groups: [] }, 'discover', { server: 'a/two' }).allowed).toBe(false);

    const directory = createDecider([byGroup], (p) => (p.id === 'bob' ? ['eng'] : []));
    expect(directory.decide(bob, 'discover', { server: 'a/two' }).rule).toEqual(byGroup);
    expect(directory.decide(alice, 'discover', { server: 'a/two' }).allowed).toBe(false);
  });

  it('matches server patterns with the registry wildcard rule', () => {
    const all = rule('allow', { everyone: true }, ['discover'], { server: '*' });
    const prefix = rule('allow', { everyone: true }, ['connect'], { server: 'com.example/*' });
    const d = createDecider([all, prefix]);
    expect(d.decide(bob, 'discover', { server: 'anything/at-all' }).rule).toEqual(all);
    expect(d.decide(bob, 'connect', { server: 'com.example/db' }).rule).toEqual(prefix);
    expect(d.decide(bob, 'connect', { server: 'com.example.evil/db' }).allowed).toBe(false);
    expect(d.decide(bob, 'connect', { server: 'COM.EXAMPLE/db' }).allowed).toBe(false);
  });

  it('applies tool rules to call and tool discovery only, and server rules to their tools', () => {
    const tool = rule('allow', { group: 'eng' }, ['call', 'discover'], { server: 'io.github/github', tool: 'list_repos' });
    const anyTool = rule('allow', { user: 'bob' }, ['call'], { server: 'io.github/*', tool: '*' });
    const d = createDecider([tool, anyTool]);
    expect(d.decide(alice, 'call', { ...gh, tool: 'list_repos' }).rule).toEqual(tool);
    expect(d.decide(alice, 'discover', { ...gh, tool: 'list_repos' }).rule).toEqual(tool);
    expect(d.decide(alice, 'call', { ...gh, tool: 'delete_repo' }).allowed).toBe(false);
    // A tool rule says nothing about the server itself.
    expect(d.decide(alice, 'discover', gh).allowed).toBe(false);
    expect(d.decide(alice, 'connect', { ...gh, tool: 'list_repos' }).allowed).toBe(false);
    expect(d.decide(bob, 'call', { ...gh, tool: 'delete_repo' }).rule).toEqual(anyTool);
    expect(d.decide(bob, 'call', { server: 'io.gitlab/x', tool: 'delete_repo' }).allowed).toBe(false);

    const server = rule('deny', { everyone: true }, ['call'], { server: 'io.github/github' });
    expect(createDecider([tool, server]).decide(alice, 'call', { ...gh, tool: 'list_repos' }).rule).toEqual(server);
  });

  it('lets a deny catch tool names differing only by case or NFKC, while an allow matches exactly', () => {
    const allowAdmin = rule('allow', { everyone: true }, ['call'], { server: 'io.github/github', tool: 'Admin_Tool' });
    const denySecret = rule('deny', { everyone: true }, ['call'], { server: 'io.github/*', tool: 'secret_admin_tool' });
    const denyStrasse = rule('deny', { everyone: true }, ['call'], { server: 'io.github/github', tool: 'straße' });
    const d = createDecider([allowAdmin, denySecret, denyStrasse]);
    for (const name of ['secret_admin_tool', 'SECRET_ADMIN_TOOL', 'Secret_Admin_Tool', 'ｓｅｃｒｅｔ＿ａｄｍｉｎ＿ｔｏｏｌ', 'ＳＥＣＲＥＴ_admin_tool']) {
      expect(d.decide(alice, 'call', { ...gh, tool: name }).rule, name).toEqual(denySecret);
    }
    expect(d.decide(alice, 'call', { ...gh, tool: 'STRASSE' }).rule).toEqual(denyStrasse);
    expect(d.decide(alice, 'call', { ...gh, tool: 'secret_admin_tool2' }).rule).toBeNull();
    expect(d.decide(alice, 'call', { ...gh, tool: 'Admin_Tool' }).rule).toEqual(allowAdmin);
    for (const name of ['admin_tool', 'ADMIN_TOOL', 'Ａｄｍｉｎ_Tool']) expect(d.decide(alice, 'call', { ...gh, tool: name }).allowed, name).toBe(false);
  });

  it('lets a deny catch a dotted capital I, a capital sharp s and invisible characters, as per-letter case folding and NFKC_Casefold would', () => {
    const denySecret = rule('deny', { everyone: true }, ['call'], { server: 'io.github/*', tool: 'secret_admin_tool' });
    const denyStrasse = rule('deny', { everyone: true }, ['call'], { server: 'io.github/github', tool: 'straße' });
    const d = createDecider([denySecret, denyStrasse]);
    // İ is i to Java's equalsIgnoreCase and Go's folding; ı is I to any upper-casing; ZWSP, ZWJ, soft hyphen and BOM vanish under NFKC_Casefold.
    for (const name of ['SECRET_ADMİN_TOOL', 'secret_admın_tool', 'secret\u200b_admin_tool', 'secret_ad\u200dmin\u00ad_tool\ufeff']) {
      expect(d.decide(alice, 'call', { ...gh, tool: name }).rule, name).toEqual(denySecret);
    }
    for (const name of ['STRAẞE', 'strasse']) expect(d.decide(alice, 'call', { ...gh, tool: name }).rule, name).toEqual(denyStrasse);
    expect(d.decide(alice, 'call', { ...gh, tool: 'secret_admin_tools' }).rule).toBeNull();
  });

  it('applies source rules to every server mirrored from that source, never to local ones', () => {
    const src = rule('deny', { everyone: true }, ['connect', 'call'], { source: 'upstream' }, 'nothing mirrored is reachable');
    const all = rule('allow', { everyone: true }, ['connect', 'call'], { server: '*' });
    const d = createDecider([all, src]);
    expect(d.decide(bob, 'connect', { server: 'a/b', source: 'upstream' }).rule).toEqual(src);
    expect(d.decide(bob, 'call', { server: 'a/b', tool: 't', source: 'upstream' }).rule).toEqual(src);
    expect(d.decide(bob, 'connect', { server: 'a/b', source: 'other' }).rule).toEqual(all);
    expect(d.decide(bob, 'connect', { server: 'a/b', source: '' }).rule).toEqual(all);
    expect(d.decide(bob, 'connect', { server: 'a/b' }).rule).toEqual(all);
  });

  it('gives a reason naming the rule, or saying no rule matched', () => {
    const described = {
      id: 'eng-github',
      description: 'engineers use GitHub',
      effect: 'allow' as const,
      subject: { group: 'eng' },
      actions: ['connect' as const],
      resource: { server: 'io.github/github' },
    };
    const bare = { id: 'no-bob', effect: 'deny' as const, subject: { user: 'bob' }, actions: ['connect' as const], resource: { server: '*' } };
    const d = createDecider([described, bare]);
    expect(d.decide(alice, 'connect', gh).reason).toBe('Allowed by rule "eng-github": engineers use GitHub');
    expect(d.decide(bob, 'connect', gh).reason).toBe('Denied by rule "no-bob"');
    expect(d.decide(alice, 'call', { ...gh, tool: 't' }).reason).toBe('Denied: no rule matched (the default is deny)');
    expect(createDecider([], undefined, { defaultEffect: 'allow' }).decide(alice, 'call', gh).reason).toBe('Allowed: no rule matched (the default is allow)');
  });

  it('refuses a rule set with every problem listed, never half-built', () => {
    const ok = { id: 'ok', effect: 'allow', subject: { everyone: true }, actions: ['call'], resource: { server: '*' } };
    const refusal = (rules: unknown[]): string[] => {
      try {
        createDecider(rules as AccessRule[]);
      } catch (err) {
        expect(err).toBeInstanceOf(AccessRulesError);
        return (err as AccessRulesError).problems;
      }
      throw new Error('rule set was accepted');
    };
    expect(refusal([ok, { ...ok, id: 'x', actions: ['write'] }])).toEqual(['rule 1 ("x"): actions.0: unknown action "write" (expected discover, connect or call)']);
    expect(refusal([{ ...ok, subject: { user: '' } }])).toEqual(['rule 0 ("ok"): subject.user: subject user is empty']);
    expect(refusal([{ ...ok, subject: {} }])).toEqual(['rule 0 ("ok"): subject: subject must name exactly one of user, group, everyone or anonymous']);
    expect(refusal([{ ...ok, resource: { server: 'a*b' } }])[0]).toMatch(/resource\.server: invalid server pattern "a\*b"/);
    expect(refusal([{ ...ok, resource: { server: '*x' } }])[0]).toMatch(/invalid server pattern "\*x"/);
    expect(refusal([{ ...ok, resource: { server: 'a/b', tool: 't*' } }])[0]).toMatch(/invalid tool "t\*"/);
    expect(refusal([{ ...ok, actions: ['connect'], resource: { server: 'a/b', tool: 't' } }])[0]).toMatch(/applies only to call and discover/);
    expect(refusal([{ ...ok, resource: { source: '' } }])[0]).toMatch(/source is empty/);
    expect(refusal([{ ...ok, effect: 'maybe' }])[0]).toMatch(/unknown effect "maybe"/);
    expect(refusal([{ ...ok, actions: [] }])[0]).toMatch(/actions is empty/);
    expect(refusal([{ ...ok, subject: { anonymous: true }, actions: ['discover', 'call'] }])[0]).toMatch(/a rule for anonymous callers applies only to discover/);
    expect(refusal([ok, ok])).toEqual(['rule 1 ("ok"): duplicate id']);
    expect(
      refusal([
        { ...ok, id: 'a', actions: ['x'] },
        { ...ok, id: 'b', resource: { server: '*x' } },
      ]),
    ).toHaveLength(2);
  });
});

/** The specification, as plainly as it can be said: scan every rule, deny wins, first match reported. */
function referenceDecide(rules: AccessRule[], principal: Principal, action: AccessAction, resource: DecisionResource, defaultAllowed: boolean) {
  const matching = rules.filter((r) => {
    if (!r.actions.includes(action)) return false;
    const s = r.subject;
    if ('user' in s ? s.user !== principal.id : 'group' in s ? !principal.groups.includes(s.group) : false) return false;
    const res = r.resource;
    if ('source' in res) return resource.source === res.source;
    if (!resourceMatches(res.server, resource.server)) return false;
    if (!('tool' in res)) return true;
    return action !== 'connect' && resource.tool !== undefined && (res.tool === '*' || res.tool === resource.tool);
  });
  const winner = matching.find((r) => r.effect === 'deny') ?? matching.find((r) => r.effect === 'allow') ?? null;
  return { allowed: winner ? winner.effect === 'allow' : defaultAllowed, rule: winner };
}

describe('createDecider against a linear scan', () => {
  const servers = ['a/x', 'a/y', 'ab/z', 'b/x'];
  const rules = arbitraryRuleSet({ servers, users: ['u1', 'u2', 'u3'], groups: ['g1', 'g2', 'g3'], patterns: ['*', 'a*', 'a/*', 'ab*', 'b/*'], maxRules: 25 });
  const principal = fc.record({ id: fc.constantFrom('u1', 'u2', 'u3', 'g1'), groups: fc.subarray(['g1', 'g2', 'g3', 'u1']) });
  const request = fc.record({ server: fc.constantFrom(...servers, 'c/q'), tool: fc.constantFrom('t1', 't2', 't3'), source: fc.constantFrom('s1', 's2', '') }, { requiredKeys: ['server'] });
  const action = fc.constantFrom<AccessAction>('discover', 'connect', 'call');

  it('always reaches the same decision and names the same rule', () => {
    fc.assert(
      fc.property(rules, fc.boolean(), fc.array(fc.tuple(principal, action, request), { minLength: 1, maxLength: 20 }), (rs, defaultAllow, requests) => {
        const decider = createDecider(rs, undefined, { defaultEffect: defaultAllow ? 'allow' : 'deny' });
        for (const [p, a, res] of requests) {
          const got = decider.decide(p, a, res);
          const want = referenceDecide(rs, p, a, res, defaultAllow);
          expect({ allowed: got.allowed, id: got.rule?.id ?? null }).toEqual({ allowed: want.allowed, id: want.rule?.id ?? null });
        }
      }),
      { numRuns: 500 },
    );
  });
});
