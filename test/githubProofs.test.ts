/**
 * GitHub publishing identity end to end over HTTP on every database, against the
 * loopback GitHub (test/support/fakeGitHub.ts): `POST /v0/auth/github-at` and
 * `/v0/auth/github-oidc` → registry token → publish inside the granted namespace
 * (200) and outside it (the official 403); failures as 401 "Token exchange
 * failed" (github-at without any detail, github-oidc with the reason); the
 * disabled states; and /v0/health advertising github_client_id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { startFakeGitHub, type FakeGitHub } from './support/fakeGitHub.js';
import { serverDoc } from './support/serverDocs.js';
import { testToolshed, type TestToolshed } from './support/testToolshed.js';

const AUDIENCE = 'https://registry.acme.example';
/** The official 403 adds this for io.github names. */
const OWNER_HINT = '. If you are publishing under a GitHub organization namespace, make sure you are an owner of that organization.';

describe.each(DATABASES)('GitHub proofs end to end on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let gh: FakeGitHub;
    let t: TestToolshed;
    beforeAll(async () => {
      gh = await startFakeGitHub(AUDIENCE);
      gh.addToken('gho_alice', {
        login: 'alice',
        memberships: [
          { org: 'acme', role: 'admin' },
          { org: 'widgets', role: 'member' },
        ],
      });
      gh.addToken('gho_ratelimited', { login: 'bob', orgsFailure: 'rate-limit' });
      t = await testToolshed(kind, {
        githubApiUrl: gh.url,
        githubOidcIssuer: gh.url,
        githubOidcAudience: AUDIENCE,
        githubClientId: 'Iv1.0123456789abcdef',
        outboundAllow: ['127.0.0.0/8'],
        outboundAllowHttp: true,
      });
    });
    afterAll(async () => {
      await t?.destroy();
      await gh?.close();
    });

    const publish = (token: string, name: string) => t.app.inject({ method: 'POST', url: '/v0/publish', headers: { authorization: `Bearer ${token}` }, payload: serverDoc(name, '1.0.0') });

    it('github-at: publishes in the personal and owned-org namespaces, and nowhere else', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/v0/auth/github-at', payload: { github_token: 'gho_alice' } });
      expect(res.statusCode).toBe(200);
      expect(Object.keys(res.json())).toEqual(['registry_token', 'expires_at']);
      const token = res.json().registry_token;
      expect((await publish(token, 'io.github.alice/notes')).statusCode).toBe(200);
      expect((await publish(token, 'io.github.acme/weather')).statusCode).toBe(200);
      const member = await publish(token, 'io.github.widgets/tool');
      expect(member.statusCode).toBe(403);
      expect(member.json().detail).toBe(
        'You do not have permission to publish this server. You have permission to publish: io.github.alice/*, io.github.acme/*. Attempting to publish: io.github.widgets/tool' + OWNER_HINT,
      );
    });

    it('github-at: every failure is 401 "Token exchange failed" with no detail', async () => {
      for (const githubToken of ['gho_unknown', 'gho_ratelimited']) {
        const res = await t.app.inject({ method: 'POST', url: '/v0.1/auth/github-at', payload: { github_token: githubToken } });
        expect(res.statusCode).toBe(401);
        expect(res.json().detail).toBe('Token exchange failed');
        expect(res.json().errors).toBeUndefined();
        expect(res.body).not.toMatch(/rate limit|status 401|GitHub API/);
      }
    });

    it('github-at: a body without github_token is a 422', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/v0/auth/github-at', payload: {} });
      expect(res.statusCode).toBe(422);
    });

    it('github-oidc: a workflow token publishes in its owner namespace only', async () => {
      const request = gh.actionsRequest('acme/weather-mcp');
      const idToken = await fetch(`${request.url}&audience=${encodeURIComponent(AUDIENCE)}`, { headers: { authorization: `Bearer ${request.token}` } });
      const res = await t.app.inject({ method: 'POST', url: '/v0/auth/github-oidc', payload: { oidc_token: ((await idToken.json()) as { value: string }).value } });
      expect(res.statusCode).toBe(200);
      const token = res.json().registry_token;
      expect((await publish(token, 'io.github.acme/forecast')).statusCode).toBe(200);
      const other = await publish(token, 'io.github.alice/forecast');
      expect(other.statusCode).toBe(403);
      expect(other.json().detail).toBe(
        'You do not have permission to publish this server. You have permission to publish: io.github.acme/*. Attempting to publish: io.github.alice/forecast' + OWNER_HINT,
      );
    });

    it('github-oidc: a refused token is 401 "Token exchange failed" with the reason', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v0/auth/github-oidc',
        payload: { oidc_token: await gh.mintActionsToken({ audience: 'https://registry.modelcontextprotocol.io' }) },
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().detail).toBe('Token exchange failed');
      expect(res.json().errors[0].message).toBe(`failed to validate OIDC token: token audience does not include ${AUDIENCE}`);
    });

    it('/v0/health advertises the GitHub client id', async () => {
      const res = await t.app.inject({ url: '/v0/health' });
      expect(res.json()).toEqual({ status: 'ok', github_client_id: 'Iv1.0123456789abcdef' });
    });
  });
});

describe('GitHub proofs when not configured', () => {
  it('github-oidc without an audience answers "GitHub OIDC exchange disabled"; health has no client id', async () => {
    const t = await testToolshed('sqlite');
    try {
      const res = await t.app.inject({ method: 'POST', url: '/v0/auth/github-oidc', payload: { oidc_token: 'x' } });
      expect(res.statusCode).toBe(401);
      expect(res.json().errors).toEqual([{ message: 'GitHub OIDC exchange disabled' }]);
      expect((await t.app.inject({ url: '/v0/health' })).json()).toEqual({ status: 'ok' });
    } finally {
      await t.destroy();
    }
  });

  it('githubAuth: false offers neither GitHub method', async () => {
    const t = await testToolshed('sqlite', { githubAuth: false });
    try {
      expect((await t.app.inject({ method: 'POST', url: '/v0/auth/github-at', payload: { github_token: 'x' } })).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'POST', url: '/v0/auth/github-oidc', payload: { oidc_token: 'x' } })).statusCode).toBe(404);
    } finally {
      await t.destroy();
    }
  });
});
