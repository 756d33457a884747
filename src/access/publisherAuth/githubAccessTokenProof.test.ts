/**
 * github-at against a loopback GitHub (test/support/fakeGitHub.ts) through the
 * real outbound client: the login's namespace, Owner-only org namespaces,
 * pagination and its 100-page cap, the 403 variants (rate limit, Retry-After and
 * SSO fail closed; a token without org access gets the personal namespace),
 * malformed answers, invalid names, and the headers sent to GitHub.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub, type FakeMembership } from '../../../test/support/fakeGitHub.js';
import { createOutbound, type Outbound } from '../../outbound/index.js';
import { githubAccessTokenProof } from './githubAccessTokenProof.js';
import type { ProofMethod } from './proofMethod.js';

let gh: FakeGitHub;
let outbound: Outbound;
let proof: ProofMethod;

beforeAll(async () => {
  gh = await startFakeGitHub();
  outbound = createOutbound({ allow: ['127.0.0.0/8'], allowHttp: true });
  proof = githubAccessTokenProof({ githubApiUrl: gh.url }, { outbound });
});
afterAll(async () => {
  await outbound?.close();
  await gh?.close();
});

let n = 0;
function user(login: string, rest: Omit<Parameters<FakeGitHub['addToken']>[1], 'login'> = {}): string {
  const token = `gho_test${++n}`;
  gh.addToken(token, { login, ...rest });
  return token;
}
const members = (count: number, role: FakeMembership['role'] = 'member'): FakeMembership[] => Array.from({ length: count }, (_, i) => ({ org: `org-${i}`, role }));
const exchange = (token: string) => proof.exchange({ github_token: token });

describe('github-at', () => {
  it('grants the personal namespace to a user in no organization', async () => {
    expect(await exchange(user('alice'))).toEqual({
      ok: true,
      grant: { method: 'github-at', subject: 'alice', permissions: [{ action: 'publish', resource: 'io.github.alice/*' }] },
    });
  });

  it('adds the organizations the user owns, and not those where they are a member, billing manager or pending', async () => {
    const token = user('bob', {
      memberships: [
        { org: 'acme', role: 'admin' },
        { org: 'widgets', role: 'member' },
        { org: 'money', role: 'billing_manager' },
        { org: 'invited', role: 'admin', state: 'pending' },
        { org: 'Second-Org', role: 'admin' },
      ],
    });
    const result = await exchange(token);
    expect(result.ok && result.grant.permissions.map((p) => p.resource)).toEqual(['io.github.bob/*', 'io.github.acme/*', 'io.github.Second-Org/*']);
    expect(result.ok && result.grant.permissions.every((p) => p.action === 'publish')).toBe(true);
  });

  it('skips organization names that are not valid GitHub names', async () => {
    const token = user('carol', {
      memberships: [
        { org: 'bad.org/x', role: 'admin' },
        { org: 'good', role: 'admin' },
      ],
    });
    const result = await exchange(token);
    expect(result.ok && result.grant.permissions.map((p) => p.resource)).toEqual(['io.github.carol/*', 'io.github.good/*']);
  });

  it('refuses a login that is not a valid GitHub name', async () => {
    expect(await exchange(user('evil.login'))).toMatchObject({ ok: false, reason: expect.stringMatching(/login/) });
  });

  it('refuses a token GitHub does not accept, and one that is not a token at all', async () => {
    expect(await exchange('gho_unknown')).toEqual({ ok: false, reason: 'GitHub API error getting the user (status 401)' });
    expect(await exchange('')).toMatchObject({ ok: false });
    expect(await exchange('abc\r\nx-evil: 1')).toMatchObject({ ok: false });
  });

  it('sends the token and GitHub API headers, and asks only for active memberships 100 at a time', async () => {
    const from = gh.requests.length;
    await exchange(user('dave'));
    expect(gh.requests.slice(from)).toEqual(['GET /user', 'GET /user/memberships/orgs?state=active&per_page=100&page=1']);
    for (const h of gh.requestHeaders.slice(from)) {
      expect(h.authorization).toMatch(/^Bearer gho_test\d+$/);
      expect(h.accept).toBe('application/vnd.github.v3+json');
      expect(h['x-github-api-version']).toBe('2022-11-28');
    }
  });

  it('follows pagination to an owned organization on page 2', async () => {
    const from = gh.requests.length;
    const token = user('erin', { memberships: [...members(150), { org: 'late-org', role: 'admin' }] });
    const result = await exchange(token);
    expect(result.ok && result.grant.permissions.map((p) => p.resource)).toEqual(['io.github.erin/*', 'io.github.late-org/*']);
    expect(gh.requests.slice(from).filter((r) => r.startsWith('GET /user/memberships'))).toHaveLength(2);
  });

  it('reads exactly 100 pages, and fails closed when the 100th page is full', async () => {
    const almost = await exchange(user('frank', { memberships: [...members(9_950), { org: 'page-100', role: 'admin' }] }));
    expect(almost.ok && almost.grant.permissions.map((p) => p.resource)).toEqual(['io.github.frank/*', 'io.github.page-100/*']);
    const from = gh.requests.length;
    const full = await exchange(user('grace', { memberships: [...members(10_000), { org: 'page-101', role: 'admin' }] }));
    expect(full).toMatchObject({ ok: false, reason: expect.stringMatching(/more than 100 pages/) });
    expect(gh.requests.slice(from).filter((r) => r.startsWith('GET /user/memberships'))).toHaveLength(100);
  });

  it('falls back to the personal namespace when the token may not read organization memberships', async () => {
    const result = await exchange(user('heidi', { memberships: [{ org: 'acme', role: 'admin' }], orgsFailure: 'no-read-org' }));
    expect(result.ok && result.grant.permissions).toEqual([{ action: 'publish', resource: 'io.github.heidi/*' }]);
  });

  it.each([
    ['rate-limit', /rate limit/],
    ['secondary-rate-limit', /rate limit/],
    ['sso', /SAML SSO/],
    ['server-error', /status 502/],
    ['malformed', /malformed JSON/],
  ] as const)('fails closed when listing memberships answers %s', async (failure, reason) => {
    const result = await exchange(user('ivan', { memberships: [{ org: 'acme', role: 'admin' }], orgsFailure: failure }));
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
  });

  it('fails closed when a later page fails, rather than granting the first pages only', async () => {
    const token = user('judy', { memberships: [{ org: 'acme', role: 'admin' }, ...members(120)], orgsFailure: 'rate-limit', orgsFailureFromPage: 2 });
    expect(await exchange(token)).toMatchObject({ ok: false, reason: expect.stringMatching(/rate limit/) });
  });

  it('fails on malformed JSON from /user', async () => {
    expect(await exchange(user('kim', { malformedUser: true }))).toMatchObject({ ok: false, reason: expect.stringMatching(/malformed JSON/) });
  });

  it('fails when GitHub cannot be reached, through the outbound guard', async () => {
    const guarded = createOutbound({ allowHttp: true });
    try {
      const blocked = githubAccessTokenProof({ githubApiUrl: gh.url }, { outbound: guarded });
      expect(await blocked.exchange({ github_token: user('lee') })).toMatchObject({ ok: false, reason: expect.stringMatching(/unreachable.*blocked/) });
    } finally {
      await guarded.close();
    }
  });

  it('hides the reason from the publisher', () => {
    expect(proof).toMatchObject({ name: 'github-at', failureDetail: 'Token exchange failed', hideReason: true });
  });
});
