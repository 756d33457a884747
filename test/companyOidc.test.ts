/**
 * The company `oidc` proof against a real OpenID provider (oidc-provider) on
 * loopback: discovery and keys through the outbound guard, cached; claim rules
 * (group → namespace, admin group → publish and edit everything); a subject no
 * rule covers; expired, wrong-audience, wrong-issuer, forged and tampered tokens;
 * the provider rotating its signing key. Then end to end over HTTP on every
 * database: exchange → registry token → publish inside and outside the granted
 * namespace, an admin editing any server, and rules read from a YAML config file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyOidcProof } from '../src/access/publisherAuth/companyOidcProof.js';
import type { VerifierOptions } from '../src/access/publisherAuth/githubOidcProof.js';
import { loadConfig, type OidcClaimRule } from '../src/config.js';
import { createOutbound, type Outbound } from '../src/outbound/index.js';
import { CLIENT_ID, rsaKey, SECRET, startIdP, type IdP } from './support/startIdP.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { serverDoc } from './support/serverDocs.js';
import { testToolshed, type TestToolshed } from './support/testToolshed.js';

const RULES: OidcClaimRule[] = [
  { claim: 'groups', equals: 'payments-team', grant: [{ action: 'publish', resource: 'com.acme.payments/*' }] },
  {
    claim: 'groups',
    equals: 'registry-admins',
    grant: [
      { action: 'publish', resource: '*' },
      { action: 'edit', resource: '*' },
    ],
  },
];
let idp: IdP;
let outbound: Outbound;
beforeAll(async () => {
  idp = await startIdP();
  outbound = createOutbound({ allow: ['127.0.0.0/8'], allowHttp: true });
});
afterAll(async () => {
  await outbound?.close();
  await idp?.close();
});

const proofFor = (issuer: string, options: VerifierOptions = {}, out = outbound) =>
  companyOidcProof({ oidcIssuer: issuer, oidcClientId: CLIENT_ID, oidcClaimRules: RULES }, { outbound: out }, options);
const fetchesOf = (path: string) => idp.requests.filter((r) => r === `GET ${path}`).length;

describe('company oidc proof against a real OpenID provider', () => {
  it('grants what the claim rules give the token groups, with sub as subject', async () => {
    const proof = proofFor(idp.issuer);
    expect(await proof.exchange({ oidc_token: await idp.token('payments-bot') })).toEqual({
      ok: true,
      grant: { method: 'oidc', subject: 'payments-bot', permissions: [{ action: 'publish', resource: 'com.acme.payments/*' }] },
    });
    expect(await proof.exchange({ oidc_token: await idp.token('admin-bot') })).toEqual({
      ok: true,
      grant: {
        method: 'oidc',
        subject: 'admin-bot',
        permissions: [
          { action: 'publish', resource: '*' },
          { action: 'edit', resource: '*' },
        ],
      },
    });
  });

  it('refuses a subject no claim rule covers, naming it', async () => {
    const result = await proofFor(idp.issuer).exchange({ oidc_token: await idp.token('marketing-bot') });
    expect(result).toEqual({
      ok: false,
      reason: "no claim rule grants anything to marketing-bot (marketing@acme.example); ask the registry's administrators to add a rule for your group",
    });
  });

  it('discovers once and caches the discovery document and keys', async () => {
    const proof = proofFor(idp.issuer);
    const [discovery, jwks] = [fetchesOf('/.well-known/openid-configuration'), fetchesOf('/jwks')];
    for (let i = 0; i < 3; i++) expect((await proof.exchange({ oidc_token: await idp.token('payments-bot') })).ok).toBe(true);
    expect(fetchesOf('/.well-known/openid-configuration')).toBe(discovery + 1);
    expect(fetchesOf('/jwks')).toBe(jwks + 1);
  });

  it('refuses an expired token', async () => {
    const token = await idp.token('admin-bot');
    const later = proofFor(idp.issuer, { currentDate: () => new Date(Date.now() + 2 * 3_600_000) });
    expect(await later.exchange({ oidc_token: token })).toEqual({ ok: false, reason: 'failed to validate OIDC token: token has expired' });
  });

  it('refuses a token for another audience', async () => {
    const result = await proofFor(idp.issuer).exchange({ oidc_token: await idp.token('admin-bot', 'urn:another-app') });
    expect(result).toEqual({ ok: false, reason: `failed to validate OIDC token: token audience does not include ${CLIENT_ID}` });
  });

  it('refuses a token from another issuer, even one signed with the same key', async () => {
    const twin = await startIdP(idp.jwk);
    try {
      const result = await proofFor(idp.issuer).exchange({ oidc_token: await twin.token('admin-bot') });
      expect(result).toEqual({ ok: false, reason: `failed to validate OIDC token: token issuer is not ${idp.issuer}` });
    } finally {
      await twin.close();
    }
  });

  it('refuses a forged signature: a key not in the provider JWKS, under its key id or another', async () => {
    const proof = proofFor(idp.issuer);
    const attacker = await rsaKey(String(idp.jwk.kid));
    const now = Math.floor(Date.now() / 1000);
    const forge = (kid: string) =>
      new SignJWT({ sub: 'mallory', groups: ['registry-admins'] })
        .setProtectedHeader({ alg: 'RS256', kid })
        .setIssuer(idp.issuer)
        .setAudience(CLIENT_ID)
        .setIssuedAt(now)
        .setExpirationTime(now + 300)
        .sign(attacker.privateKey);
    expect(await proof.exchange({ oidc_token: await forge(String(idp.jwk.kid)) })).toEqual({
      ok: false,
      reason: 'failed to validate OIDC token: token signature is invalid',
    });
    expect(await proof.exchange({ oidc_token: await forge('attacker-key') })).toEqual({
      ok: false,
      reason: 'failed to validate OIDC token: token is signed by a key the issuer does not publish',
    });
  });

  it('refuses a tampered payload and an HS256 token', async () => {
    const proof = proofFor(idp.issuer);
    const [h, p, s] = (await idp.token('marketing-bot')).split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const tampered = Buffer.from(JSON.stringify({ ...claims, groups: ['registry-admins'] })).toString('base64url');
    expect(await proof.exchange({ oidc_token: `${h}.${tampered}.${s}` })).toEqual({
      ok: false,
      reason: 'failed to validate OIDC token: token signature is invalid',
    });
    const hs = await new SignJWT({ ...claims, groups: ['registry-admins'] }).setProtectedHeader({ alg: 'HS256', kid: String(idp.jwk.kid) }).sign(new TextEncoder().encode(SECRET));
    expect(await proof.exchange({ oidc_token: hs })).toEqual({ ok: false, reason: 'failed to validate OIDC token: token signing algorithm is not allowed' });
  });

  it('verifies tokens signed with a rotated key after refetching the keys once', async () => {
    const proof = proofFor(idp.issuer, { refetchCooldownMs: 0 });
    const old = await idp.token('payments-bot');
    expect((await proof.exchange({ oidc_token: old })).ok).toBe(true);
    const jwks = fetchesOf('/jwks');
    await idp.rotate();
    expect((await proof.exchange({ oidc_token: await idp.token('payments-bot') })).ok).toBe(true);
    expect(fetchesOf('/jwks')).toBe(jwks + 1);
    expect((await proof.exchange({ oidc_token: await idp.token('admin-bot') })).ok).toBe(true);
    expect(fetchesOf('/jwks')).toBe(jwks + 1);
    // The old key is gone from the provider, so its tokens no longer verify.
    expect(await proof.exchange({ oidc_token: old })).toMatchObject({ ok: false, reason: expect.stringMatching(/key the issuer does not publish/) });
  });

  it('requires the discovery document to name the configured issuer exactly', async () => {
    const result = await proofFor(`${idp.issuer}/`).exchange({ oidc_token: await idp.token('admin-bot') });
    expect(result).toEqual({ ok: false, reason: `the OpenID configuration names issuer ${idp.issuer}, not ${idp.issuer}/` });
  });

  it('fetches through the outbound guard (a loopback provider is refused unless allowed)', async () => {
    const guarded = createOutbound({ allowHttp: true });
    try {
      const result = await proofFor(idp.issuer, {}, guarded).exchange({ oidc_token: await idp.token('admin-bot') });
      expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/^cannot read the OpenID configuration: .*blocked/) });
    } finally {
      await guarded.close();
    }
  });
});

describe.each(DATABASES)('company oidc end to end on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    let configDir: string;
    beforeAll(async () => {
      // The rules as an operator writes them in the YAML config file (docs/publishing.md, "Company OpenID Connect").
      configDir = mkdtempSync(join(tmpdir(), 'toolshed-oidc-'));
      const file = join(configDir, 'toolshed.yaml');
      writeFileSync(
        file,
        [
          `oidcIssuer: ${idp.issuer}`,
          `oidcClientId: ${CLIENT_ID}`,
          'oidcClaimRules:',
          '  - claim: groups',
          '    equals: payments-team',
          '    grant:',
          '      - { action: publish, resource: "com.acme.payments/*" }',
          '  - claim: groups',
          '    equals: registry-admins',
          '    grant:',
          '      - { action: publish, resource: "*" }',
          '      - { action: edit, resource: "*" }',
          '',
        ].join('\n'),
      );
      const fromFile = loadConfig({ TOOLSHED_CONFIG: file });
      t = await testToolshed(kind, {
        oidcIssuer: fromFile.oidcIssuer!,
        oidcClientId: fromFile.oidcClientId!,
        oidcClaimRules: fromFile.oidcClaimRules,
        outboundAllow: ['127.0.0.0/8'],
        outboundAllowHttp: true,
      });
    });
    afterAll(async () => {
      await t?.destroy();
      rmSync(configDir, { recursive: true, force: true });
    });

    const exchange = async (client: string) => t.app.inject({ method: 'POST', url: '/v0/auth/oidc', payload: { oidc_token: await idp.token(client) } });

    it('publishes inside the granted namespace, and gets the official 403 outside it', async () => {
      const res = await exchange('payments-bot');
      expect(res.statusCode).toBe(200);
      expect(Object.keys(res.json())).toEqual(['registry_token', 'expires_at']);
      const bearer = { authorization: `Bearer ${res.json().registry_token}` };
      const ok = await t.app.inject({ method: 'POST', url: '/v0/publish', headers: bearer, payload: serverDoc('com.acme.payments/ledger', '1.0.0') });
      expect(ok.statusCode).toBe(200);
      const no = await t.app.inject({ method: 'POST', url: '/v0.1/publish', headers: bearer, payload: serverDoc('com.acme.search/index', '1.0.0') });
      expect(no.statusCode).toBe(403);
      expect(no.json().detail).toBe('You do not have permission to publish this server. You have permission to publish: com.acme.payments/*. Attempting to publish: com.acme.search/index');
    });

    it('lets an administrator (edit *) edit any server', async () => {
      const res = await exchange('admin-bot');
      expect(res.statusCode).toBe(200);
      const bearer = { authorization: `Bearer ${res.json().registry_token}` };
      const name = 'com.acme.payments/refunds';
      const publisher = { authorization: `Bearer ${(await exchange('payments-bot')).json().registry_token}` };
      expect((await t.app.inject({ method: 'POST', url: '/v0/publish', headers: publisher, payload: serverDoc(name, '1.0.0') })).statusCode).toBe(200);
      const put = await t.app.inject({
        method: 'PUT',
        url: `/v0/servers/${encodeURIComponent(name)}/versions/1.0.0`,
        headers: bearer,
        payload: serverDoc(name, '1.0.0', { description: 'Edited by the registry admins' }),
      });
      expect(put.statusCode).toBe(200);
      const read = await t.app.inject({ url: `/v0/servers/${encodeURIComponent(name)}/versions/1.0.0` });
      expect(read.json().server.description).toBe('Edited by the registry admins');
      const notAdmin = await t.app.inject({
        method: 'PUT',
        url: `/v0/servers/${encodeURIComponent(name)}/versions/1.0.0`,
        headers: publisher,
        payload: serverDoc(name, '1.0.0', { description: 'Edited by a publisher' }),
      });
      expect(notAdmin.statusCode).toBe(403);
    });

    it('answers 401 with the reason when no rule grants anything, and for a bad token', async () => {
      const none = await exchange('marketing-bot');
      expect(none.statusCode).toBe(401);
      expect(none.json().detail).toBe('Token exchange failed');
      expect(none.json().errors[0].message).toMatch(/^no claim rule grants anything to marketing-bot/);
      const bad = await t.app.inject({ method: 'POST', url: '/v0/auth/oidc', payload: { oidc_token: 'x.y.z' } });
      expect(bad.statusCode).toBe(401);
      expect(bad.json().errors[0].message).toBe('failed to validate OIDC token: token is malformed');
    });

    it('is not offered when no issuer is configured', async () => {
      const off = await testToolshed('sqlite');
      try {
        expect((await off.app.inject({ method: 'POST', url: '/v0/auth/oidc', payload: { oidc_token: 'x' } })).statusCode).toBe(404);
      } finally {
        await off.destroy();
      }
    });
  });
});
