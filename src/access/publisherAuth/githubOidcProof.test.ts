/**
 * github-oidc against the loopback Actions issuer (test/support/fakeGitHub.ts)
 * through the real outbound client: the owner namespace and `sub`; off without an
 * audience; RS256 only (HS256 refused); audience, issuer, expiry and signature
 * checks; repository_owner validation; the JWKS cache, its refetch on an unknown
 * key id after rotation, and the refetch cooldown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../../../test/support/fakeGitHub.js';
import { loadConfig } from '../../config.js';
import { createOutbound, type Outbound } from '../../outbound/index.js';
import { githubOidcProof, type VerifierOptions } from './githubOidcProof.js';

const AUDIENCE = 'https://registry.acme.example';
let gh: FakeGitHub;
let outbound: Outbound;

beforeAll(async () => {
  gh = await startFakeGitHub(AUDIENCE);
  outbound = createOutbound({ allow: ['127.0.0.0/8'], allowHttp: true });
});
afterAll(async () => {
  await outbound?.close();
  await gh?.close();
});

const proofWith = (options: VerifierOptions = {}, audience: string | null = AUDIENCE) =>
  githubOidcProof(loadConfig({}, { githubOidcIssuer: gh.url, ...(audience ? { githubOidcAudience: audience } : {}) }), { outbound }, options);
const jwksFetches = () => gh.requests.filter((r) => r === 'GET /.well-known/jwks').length;

describe('github-oidc', () => {
  it('grants the repository owner namespace, with the token sub as subject', async () => {
    const result = await proofWith().exchange({ oidc_token: await gh.mintActionsToken({ repository: 'acme/weather-mcp' }) });
    expect(result).toEqual({
      ok: true,
      grant: {
        method: 'github-oidc',
        subject: 'repo:acme/weather-mcp:ref:refs/heads/main',
        permissions: [{ action: 'publish', resource: 'io.github.acme/*' }],
      },
    });
  });

  it('accepts a token fetched the way a workflow does, from ACTIONS_ID_TOKEN_REQUEST_URL', async () => {
    const request = gh.actionsRequest('octo-org/tools');
    const res = await fetch(`${request.url}&audience=${encodeURIComponent(AUDIENCE)}`, { headers: { authorization: `Bearer ${request.token}` } });
    const { value } = (await res.json()) as { value: string };
    const result = await proofWith().exchange({ oidc_token: value });
    expect(result.ok && result.grant.permissions).toEqual([{ action: 'publish', resource: 'io.github.octo-org/*' }]);
  });

  it('is disabled while no audience is configured, without fetching anything', async () => {
    const before = gh.requests.length;
    const result = await proofWith({}, null).exchange({ oidc_token: await gh.mintActionsToken() });
    expect(result).toEqual({ ok: false, reason: 'GitHub OIDC exchange disabled' });
    expect(gh.requests.length).toBe(before);
  });

  it('refuses a token minted for another audience, and accepts a list that includes ours', async () => {
    const proof = proofWith();
    const other = await proof.exchange({ oidc_token: await gh.mintActionsToken({ audience: 'https://registry.modelcontextprotocol.io' }) });
    expect(other).toEqual({ ok: false, reason: `failed to validate OIDC token: token audience does not include ${AUDIENCE}` });
    const list = await proof.exchange({ oidc_token: await gh.mintActionsToken({ audience: ['sts.amazonaws.com', AUDIENCE] }) });
    expect(list.ok).toBe(true);
  });

  it('refuses HS256 before looking up any key', async () => {
    const proof = proofWith();
    const before = jwksFetches();
    const result = await proof.exchange({ oidc_token: await gh.mintActionsToken({ signing: 'HS256' }) });
    expect(result).toEqual({ ok: false, reason: 'failed to validate OIDC token: token signing algorithm is not allowed' });
    expect(jwksFetches()).toBe(before);
  });

  it('refuses a token signed by a key GitHub does not publish, and a tampered payload', async () => {
    const proof = proofWith();
    const forged = await proof.exchange({ oidc_token: await gh.mintActionsToken({ signing: 'foreign' }) });
    expect(forged).toEqual({ ok: false, reason: 'failed to validate OIDC token: token signature is invalid' });
    const [h, p, s] = (await gh.mintActionsToken({ repository: 'acme/x' })).split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const tampered = Buffer.from(JSON.stringify({ ...payload, repository_owner: 'victim' })).toString('base64url');
    expect(await proof.exchange({ oidc_token: `${h}.${tampered}.${s}` })).toMatchObject({ ok: false, reason: expect.stringMatching(/signature is invalid/) });
  });

  it('refuses another issuer, an expired token and a token without exp', async () => {
    const proof = proofWith();
    const wrongIssuer = await proof.exchange({ oidc_token: await gh.mintActionsToken({ claims: { iss: 'https://token.actions.example' } }) });
    expect(wrongIssuer).toEqual({ ok: false, reason: `failed to validate OIDC token: token issuer is not ${gh.url}` });
    const later = proofWith({ currentDate: () => new Date(Date.now() + 3_600_000) });
    expect(await later.exchange({ oidc_token: await gh.mintActionsToken() })).toEqual({ ok: false, reason: 'failed to validate OIDC token: token has expired' });
    const noExp = await proof.exchange({ oidc_token: await gh.mintActionsToken({ claims: { exp: undefined } }) });
    expect(noExp).toEqual({ ok: false, reason: 'failed to validate OIDC token: token has no "exp" claim' });
  });

  it.each([['acme.evil'], ['acme/x'], [''], [undefined], [42]])('refuses repository_owner %j', async (owner) => {
    const result = await proofWith().exchange({ oidc_token: await gh.mintActionsToken({ claims: { repository_owner: owner } }) });
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/repository_owner/) });
  });

  it('refuses a token whose sub is not a string', async () => {
    const result = await proofWith().exchange({ oidc_token: await gh.mintActionsToken({ claims: { sub: 42 } }) });
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/sub/) });
  });

  it('refuses garbage', async () => {
    expect(await proofWith().exchange({ oidc_token: 'not.a.jwt' })).toEqual({ ok: false, reason: 'failed to validate OIDC token: token is malformed' });
    expect(await proofWith().exchange({ oidc_token: '' })).toMatchObject({ ok: false });
  });

  it('caches the key set, and refetches once when GitHub rotates its key', async () => {
    let now = 1_000_000;
    const proof = proofWith({ now: () => now });
    const before = jwksFetches();
    expect((await proof.exchange({ oidc_token: await gh.mintActionsToken() })).ok).toBe(true);
    expect((await proof.exchange({ oidc_token: await gh.mintActionsToken() })).ok).toBe(true);
    expect(jwksFetches()).toBe(before + 1);

    await gh.rotateActionsKey();
    const rotated = await gh.mintActionsToken();
    // Within the cooldown an unknown key id does not refetch (junk kids cannot hammer GitHub)…
    expect(await proof.exchange({ oidc_token: rotated })).toMatchObject({ ok: false, reason: expect.stringMatching(/key the issuer does not publish/) });
    expect(jwksFetches()).toBe(before + 1);
    // …after it, one refetch picks up the new key.
    now += 31_000;
    expect((await proof.exchange({ oidc_token: rotated })).ok).toBe(true);
    expect((await proof.exchange({ oidc_token: await gh.mintActionsToken() })).ok).toBe(true);
    expect(jwksFetches()).toBe(before + 2);
  });

  it('verifies a rotated key straight away when the cooldown has passed since the last fetch', async () => {
    const proof = proofWith({ refetchCooldownMs: 0 });
    expect((await proof.exchange({ oidc_token: await gh.mintActionsToken() })).ok).toBe(true);
    await gh.rotateActionsKey();
    expect((await proof.exchange({ oidc_token: await gh.mintActionsToken() })).ok).toBe(true);
  });
});
