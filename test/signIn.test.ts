/**
 * Browser sign-in end to end against a real OpenID provider (oidc-provider) on
 * loopback, on every database: the authorization code flow with PKCE, state and
 * nonce; groups and roles mapped from the ID token's `groups` claim; the session
 * cookie's attributes and its hash-only storage; a second sign-in after the
 * provider rotated its signing key; expired and idle sessions; session fixation;
 * open redirects on login; login CSRF (state bound to the browser, single use);
 * CSRF on logout and on another state-changing route; logout at the provider; the
 * provider refusing the sign-in; and forged, expired, wrong-audience, wrong-issuer
 * and wrong-nonce ID tokens (served by a replaced token endpoint, with the real
 * provider's discovery, keys and authorization step) refused at the callback.
 */
import { createHash } from 'node:crypto';
import { importJWK, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rsaKey } from './support/startIdP.js';
import { PUBLIC_URL, startSignInIdP, WEB_CLIENT_ID, WEB_CLIENT_SECRET, type SignInIdP } from './support/startSignInIdP.js';
import { TestBrowser, type BrowserResponse } from './support/testBrowser.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { startStatelessServer } from './support/mcpUpstreams.js';
import { remoteDoc } from './support/serverDocs.js';

const SESSION = '__Host-toolshed_session';
const ATTEMPT = '__Host-toolshed_signin';
const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');
const isCallback = (res: BrowserResponse) => res.url.origin === PUBLIC_URL && res.url.pathname === '/auth/callback';

describe.each(DATABASES)('browser sign-in on %s', (kind) => {
  describe.skipIf(unavailable(kind))(kind, () => {
    let idp: SignInIdP;
    let t: TestToolshed;
    beforeAll(async () => {
      idp = await startSignInIdP();
      t = await testToolshed(kind, {
        publicUrl: PUBLIC_URL,
        // A browser MCP client's origin may call the gateway, but only with a token, never with the session.
        gatewayAllowedOrigins: ['https://inspector.example'],
        oidcIssuer: idp.issuer,
        oidcClientId: WEB_CLIENT_ID,
        oidcClientSecret: WEB_CLIENT_SECRET,
        oidcScopes: ['openid', 'email', 'profile', 'groups'],
        oidcGroupMappings: [{ claim: 'groups' }, { claim: 'groups', equals: 'toolshed-admins', role: 'admin' }, { claim: 'groups', equals: 'platform-team', group: 'platform', role: 'publisher' }],
        outboundAllow: ['127.0.0.0/8'],
        outboundAllowHttp: true,
      });
    });
    afterAll(async () => {
      await t?.destroy();
      await idp?.close();
    });

    /** Signs in through the real provider; the callback's response, and the browser holding the cookies. */
    async function signIn(account: string | null = 'alice', returnTo = '/', browser = new TestBrowser(t.app, PUBLIC_URL)) {
      idp.loginAs = account;
      const callback = await browser.follow(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`, isCallback);
      return { callback, browser };
    }
    const session = (browser: TestBrowser, headers: Record<string, string> = {}) => browser.request('/api/session', { headers });
    const json = (res: BrowserResponse) => JSON.parse(res.body) as Record<string, any>;

    it('signs a person in with PKCE, state and nonce, and maps their groups and roles', async () => {
      const { callback, browser } = await signIn('alice', '/servers?search=x');
      expect(callback.status).toBe(302);
      expect(callback.headers.location).toBe('/servers?search=x');
      const auth = idp.lastAuthorization!;
      expect(auth.get('code_challenge_method')).toBe('S256');
      expect(auth.get('code_challenge')).toMatch(/^[\w-]{43}$/);
      expect(auth.get('state')).toMatch(/^[\w-]{20,}$/);
      expect(auth.get('nonce')).toMatch(/^[\w-]{20,}$/);
      expect(auth.get('redirect_uri')).toBe(`${PUBLIC_URL}/auth/callback`);

      const cookie = callback.setCookies.find((c) => c.startsWith(`${SESSION}=`))!;
      expect(cookie).toMatch(/; Max-Age=\d+/);
      expect(cookie).toContain('; Path=/');
      expect(cookie).toContain('; HttpOnly');
      expect(cookie).toContain('; Secure');
      expect(cookie).toContain('; SameSite=Lax');
      expect(cookie).not.toContain('Domain=');
      const token = browser.cookies.get(SESSION)!;
      expect(token).toMatch(/^[\w-]{43}$/);
      expect(browser.cookies.has(ATTEMPT)).toBe(false);

      const res = await session(browser);
      expect(res.status).toBe(200);
      const body = json(res);
      expect(body.user).toMatchObject({ email: 'alice@acme.example', name: 'Alice Admin', roles: ['admin', 'publisher', 'user'] });
      expect(body.user.id).toMatch(/^usr_[\w-]{22}$/);
      expect(body.user.groups).toEqual(['platform', 'platform-team', 'toolshed-admins']);
      expect(body.user.permissions).toContain('access.manage');
      expect(body.csrfToken).toMatch(/^[\w-]{43}$/);
      expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now());
      // The session lasts sessionTtlSeconds from now (the default 12 h), not some other unit of it.
      expect(Date.parse(body.expiresAt)).toBeLessThanOrEqual(Date.now() + 12 * 3600_000);
      expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now() + 11 * 3600_000);

      // Only the hash of the cookie is stored; the attempt is gone.
      const rows = await t.store.db.selectFrom('sessions').select(['id_hash', 'user_id']).execute();
      expect(rows.some((r) => r.id_hash === sha256(token) && r.user_id === body.user.id)).toBe(true);
      expect(rows.some((r) => r.id_hash === token)).toBe(false);
      expect(await t.store.db.selectFrom('login_attempts').selectAll().execute()).toEqual([]);

      // The session authenticates guarded routes with the person's permissions.
      expect((await browser.request('/api/admin/registry-events')).status).toBe(200);
    });

    it('gives a person with no mapped role only `user`, and keeps their id across sign-ins', async () => {
      const first = await signIn('bob');
      const second = await signIn('bob');
      const a = json(await session(first.browser));
      const b = json(await session(second.browser));
      expect(a.user).toMatchObject({ email: 'bob@acme.example', roles: ['user'], groups: ['marketing'] });
      expect(b.user.id).toBe(a.user.id);
      const events = await first.browser.request('/api/admin/registry-events');
      expect(events.status).toBe(403);
      expect(json(events).detail).toContain('audit.read');
    });

    it('still signs people in after the provider rotates its signing key', async () => {
      await signIn('alice');
      const jwksFetches = () => idp.requests.filter((r) => r.startsWith('GET /jwks')).length;
      const before = jwksFetches();
      const oldKid = idp.jwk.kid;
      await idp.rotate();
      expect(idp.jwk.kid).not.toBe(oldKid);
      const { callback, browser } = await signIn('alice');
      expect(callback.status).toBe(302);
      expect((await session(browser)).status).toBe(200);
      expect(jwksFetches()).toBeGreaterThan(before);
    });

    it('refuses an expired or idle session with 401 and clears its cookie, while public reads still work', async () => {
      const { browser } = await signIn('alice');
      const hash = sha256(browser.cookies.get(SESSION)!);
      await t.store.db
        .updateTable('sessions')
        .set({ expires_at: (Date.now() - 1000) * 1000 })
        .where('id_hash', '=', hash)
        .execute();
      const guarded = await browser.request('/api/admin/registry-events');
      expect(guarded.status).toBe(401);
      expect(json(guarded).detail).toMatch(/session has expired/);
      expect((await browser.request('/v0/servers')).status).toBe(200);
      const res = await session(browser);
      expect(res.status).toBe(401);
      expect(json(res).detail).toMatch(/session has expired.*sign in again/);
      expect(res.setCookies.some((c) => c.startsWith(`${SESSION}=;`) && /Max-Age=0/.test(c))).toBe(true);
      expect(await t.store.db.selectFrom('sessions').select('id_hash').where('id_hash', '=', hash).execute()).toEqual([]);

      const idle = await signIn('alice');
      const idleHash = sha256(idle.browser.cookies.get(SESSION)!);
      expect((await session(idle.browser)).status).toBe(200);
      await t.store.db
        .updateTable('sessions')
        .set({ last_seen_at: (Date.now() - 3 * 3600_000) * 1000 })
        .where('id_hash', '=', idleHash)
        .execute();
      expect((await session(idle.browser)).status).toBe(401);
    });

    it("records a session's use at most once a minute, restarting its idle timeout", async () => {
      const { browser } = await signIn('alice');
      const hash = sha256(browser.cookies.get(SESSION)!);
      const seen = async () => Number((await t.store.db.selectFrom('sessions').select('last_seen_at').where('id_hash', '=', hash).executeTakeFirstOrThrow()).last_seen_at);
      const recent = await seen();
      expect((await session(browser)).status).toBe(200);
      expect(await seen()).toBe(recent);
      // Store timestamps are microseconds.
      const old = (Date.now() - 120_000) * 1000;
      await t.store.db.updateTable('sessions').set({ last_seen_at: old }).where('id_hash', '=', hash).execute();
      const before = Date.now() * 1000;
      expect((await session(browser)).status).toBe(200);
      expect(await seen()).toBeGreaterThanOrEqual(before);
    });

    it('issues a new session at every sign-in: a planted or earlier cookie never becomes valid', async () => {
      const browser = new TestBrowser(t.app, PUBLIC_URL);
      const planted = 'P'.repeat(43);
      browser.cookies.set(SESSION, planted);
      await signIn('alice', '/', browser);
      const issued = browser.cookies.get(SESSION)!;
      expect(issued).not.toBe(planted);
      const plantedBrowser = new TestBrowser(t.app, PUBLIC_URL);
      plantedBrowser.cookies.set(SESSION, planted);
      expect((await session(plantedBrowser)).status).toBe(401);

      // Signing in again with a valid session ends that session.
      await signIn('alice', '/', browser);
      const reissued = browser.cookies.get(SESSION)!;
      expect(reissued).not.toBe(issued);
      const old = new TestBrowser(t.app, PUBLIC_URL);
      old.cookies.set(SESSION, issued);
      expect((await session(old)).status).toBe(401);
      expect((await session(browser)).status).toBe(200);
    });

    it('refuses returnTo values that could leave the site', async () => {
      const before = (await t.store.db.selectFrom('login_attempts').selectAll().execute()).length;
      for (const returnTo of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/\t/evil.example', '\\\\evil.example', 'evil.example', '/%0a/x\n']) {
        const res = await t.app.inject({ method: 'GET', url: `/auth/login?returnTo=${encodeURIComponent(returnTo)}` });
        expect(res.statusCode, returnTo).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(JSON.parse(res.body).detail).toMatch(/^Invalid returnTo: /);
        expect(res.headers.location).toBeUndefined();
      }
      expect((await t.store.db.selectFrom('login_attempts').selectAll().execute()).length).toBe(before);
      const ok = await t.app.inject({ method: 'GET', url: `/auth/login?returnTo=${encodeURIComponent('/servers/a%2Fb?x=1')}` });
      expect(ok.statusCode).toBe(302);
      expect(ok.headers.location).toMatch(new RegExp(`^${idp.issuer}/auth\\?`));
    });

    it('binds a sign-in to the browser that started it and accepts its callback once', async () => {
      // Login CSRF: the attacker's own callback URL, opened in the victim's browser.
      const attacker = await signInStopBeforeCallback('alice');
      const victim = new TestBrowser(t.app, PUBLIC_URL);
      const forced = await victim.request(attacker.callbackUrl);
      expect(forced.status).toBe(400);
      expect(json(forced).detail).toMatch(/not started in this browser/);
      expect(victim.cookies.has(SESSION)).toBe(false);

      // The attacker's browser may finish it once; a replay is refused.
      const cookieBefore = attacker.browser.cookies.get(ATTEMPT)!;
      const done = await attacker.browser.request(attacker.callbackUrl);
      expect(done.status).toBe(302);
      attacker.browser.cookies.set(ATTEMPT, cookieBefore);
      const replay = await attacker.browser.request(attacker.callbackUrl);
      expect(replay.status).toBe(400);
      expect(json(replay).detail).toMatch(/unknown, expired .* or already used/);

      const noState = await victim.request('/auth/callback?code=abc');
      expect(noState.status).toBe(400);
      expect(json(noState).detail).toMatch(/no state/);
    });

    it('says so when the provider does not sign the person in', async () => {
      const { callback, browser } = await signIn(null);
      expect(callback.status).toBe(401);
      expect(json(callback).detail).toMatch(/did not sign you in \(access_denied/);
      expect(browser.cookies.has(SESSION)).toBe(false);
    });

    it('requires the CSRF token and a same-site Origin for state-changing requests a session makes', async () => {
      const { browser } = await signIn('alice');
      const csrf = json(await session(browser)).csrfToken as string;

      const get = await browser.request('/auth/logout');
      expect(get.status).toBe(405);
      expect(get.headers.allow).toBe('POST');
      expect((await session(browser)).status).toBe(200);

      const missing = await browser.request('/auth/logout', { method: 'POST' });
      expect(missing.status).toBe(403);
      expect(json(missing).detail).toMatch(/Missing CSRF token/);
      const wrong = await browser.request('/auth/logout', { method: 'POST', headers: { 'x-csrf-token': 'x'.repeat(43) } });
      expect(wrong.status).toBe(403);
      expect(json(wrong).detail).toMatch(/Invalid CSRF token/);
      const crossSite = await browser.request('/auth/logout', { method: 'POST', headers: { 'x-csrf-token': csrf, origin: 'https://evil.example' } });
      expect(crossSite.status).toBe(403);
      expect(json(crossSite).detail).toMatch(/Cross-site request refused/);
      expect((await session(browser)).status).toBe(200);

      // Another state-changing route, authenticated by the session.
      const source = { name: 'upstream', url: 'https://registry.example.com' };
      const noToken = await browser.request('/api/admin/sources', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(source) });
      expect(noToken.status).toBe(403);
      expect(json(noToken).detail).toMatch(/CSRF/);
      const withToken = await browser.request('/api/admin/sources', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, origin: PUBLIC_URL },
        body: JSON.stringify({}),
      });
      expect(withToken.status).toBe(422);
      // A bearer token carries no ambient credentials: no CSRF token needed.
      const bearer = await t.app.inject({ method: 'POST', url: '/api/admin/sources', headers: { ...AUTH, 'content-type': 'application/json' }, payload: {} });
      expect(bearer.statusCode).toBe(422);

      const logout = await browser.request('/auth/logout', { method: 'POST', headers: { 'x-csrf-token': csrf, origin: PUBLIC_URL } });
      expect(logout.status).toBe(303);
      const end = new URL(String(logout.headers.location));
      expect(`${end.origin}${end.pathname}`).toBe(`${idp.issuer}/session/end`);
      expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${PUBLIC_URL}/`);
      expect(end.searchParams.get('id_token_hint')?.split('.')).toHaveLength(3);
      expect(browser.cookies.has(SESSION)).toBe(false);
      expect((await idpGet(end)).status).toBe(200);
    });

    it('lets a session relay through its own gateway connection only from Toolshed’s own origin', async () => {
      const upstream = await startStatelessServer();
      try {
        await t.catalog.importDocument(remoteDoc('io.example/session-relay', '1.0.0', upstream.url) as never);
        await t.accessPolicy.create(
          { id: 'session-relay', effect: 'allow', subject: { everyone: true }, actions: ['discover', 'connect', 'call'], resource: { server: 'io.example/session-relay' } },
          { actor: 'test' },
        );
        const { browser } = await signIn('alice');
        const me = json(await session(browser));
        const caller = await t.directory.callerForUser(me.user.id as string, 'session');
        const { connection } = await t.connections.create(caller!, { server: 'io.example/session-relay', label: 'browser tab' });
        const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
        const cookie = `${SESSION}=${browser.cookies.get(SESSION)}`;
        const csrf = json(await session(browser)).csrfToken as string;
        const send = (method: 'POST' | 'GET', headers: Record<string, string>) =>
          fetch(`${address}/mcp/${connection.id}`, {
            method,
            headers: {
              accept: method === 'GET' ? 'text/event-stream' : 'application/json, text/event-stream',
              cookie,
              ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
              ...headers,
            },
            ...(method === 'POST' ? { body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }) } : {}),
          });
        const message = async (res: Response) => ((await res.json()) as { error: { message: string } }).error.message;
        // A page elsewhere cannot spend the session (the browser would send the cookie with its request):
        // not for a message, even with the CSRF token, and not for a listen stream; not even from an
        // origin allowed to call the gateway with a token.
        const foreign = await send('POST', { origin: 'https://evil.example', 'x-csrf-token': csrf });
        expect(foreign.status).toBe(403);
        expect(((await foreign.json()) as { detail: string }).detail).toMatch(/may not call this gateway/);
        const allowed = await send('POST', { origin: 'https://inspector.example', 'x-csrf-token': csrf });
        expect(allowed.status).toBe(403);
        expect(await message(allowed)).toMatch(/Cross-site request refused/);
        const allowedStream = await send('GET', { origin: 'https://inspector.example' });
        expect(allowedStream.status).toBe(403);
        expect(await message(allowedStream)).toMatch(/may not use a Toolshed session/);
        // A message without the session's CSRF token is refused too.
        const noToken = await send('POST', { origin: PUBLIC_URL });
        expect(noToken.status).toBe(403);
        expect(upstream.requests).toHaveLength(0);
        // Toolshed's own pages may, with the token.
        const own = await send('POST', { origin: PUBLIC_URL, 'x-csrf-token': csrf });
        expect(own.status).toBe(200);
        const answer = (await own.text()).split('\n').find((line) => line.startsWith('data: '));
        expect(JSON.parse(answer!.slice(6))).toMatchObject({ jsonrpc: '2.0', id: 1, result: {} });
        expect(upstream.requests.map((r) => r.headers.cookie)).toEqual([undefined]);
      } finally {
        await upstream.close();
      }
    });

    it('signs out from a plain HTML form, or answers JSON to a script', async () => {
      const form = await signIn('alice');
      const csrf = json(await session(form.browser)).csrfToken as string;
      const token = form.browser.cookies.get(SESSION)!;
      const res = await form.browser.request('/auth/logout', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrfToken: csrf }).toString(),
      });
      expect(res.status).toBe(303);
      const stale = new TestBrowser(t.app, PUBLIC_URL);
      stale.cookies.set(SESSION, token);
      expect((await session(stale)).status).toBe(401);

      const script = await signIn('alice');
      const csrf2 = json(await session(script.browser)).csrfToken as string;
      const res2 = await script.browser.request('/auth/logout', { method: 'POST', headers: { 'x-csrf-token': csrf2, accept: 'application/json' } });
      expect(res2.status).toBe(200);
      expect(json(res2).redirectTo).toMatch(new RegExp(`^${idp.issuer}/session/end\\?`));
    });

    describe('ID tokens the provider did not issue for us', () => {
      async function craft(claims: Record<string, unknown>, jwk: JWK = idp.jwk) {
        const nonce = idp.lastAuthorization!.get('nonce')!;
        const now = Math.floor(Date.now() / 1000);
        const key = await importJWK(jwk, 'RS256');
        return new SignJWT({ sub: 'alice', nonce, email: 'alice@acme.example', groups: ['toolshed-admins'], ...claims })
          .setProtectedHeader({ alg: 'RS256', kid: jwk.kid! })
          .setIssuer((claims.iss as string) ?? idp.issuer)
          .setAudience((claims.aud as string) ?? WEB_CLIENT_ID)
          .setIssuedAt((claims.iat as number) ?? now)
          .setExpirationTime((claims.exp as number) ?? now + 300)
          .sign(key);
      }
      async function signInWith(makeToken: () => Promise<string>) {
        idp.tokenResponse = async () => ({ access_token: 'crafted', token_type: 'Bearer', expires_in: 300, id_token: await makeToken() });
        try {
          return await signIn('alice');
        } finally {
          idp.tokenResponse = undefined;
        }
      }
      const expectRefused = async (makeToken: () => Promise<string>, reason: RegExp) => {
        const before = (await t.store.db.selectFrom('sessions').selectAll().execute()).length;
        const { callback, browser } = await signInWith(makeToken);
        expect(callback.status).toBe(401);
        expect(callback.headers['content-type']).toContain('application/problem+json');
        expect(json(callback).detail).toMatch(reason);
        expect(callback.body).not.toMatch(/eyJ/); // never the token
        expect(browser.cookies.has(SESSION)).toBe(false);
        expect((await t.store.db.selectFrom('sessions').selectAll().execute()).length).toBe(before);
      };

      it('accepts a well-formed token signed with the provider key (the harness itself works)', async () => {
        const { callback, browser } = await signInWith(() => craft({}));
        expect(callback.status).toBe(302);
        expect((await session(browser)).status).toBe(200);
      });
      it('refuses a token signed by a key the provider does not publish', async () => {
        const { jwk } = await rsaKey('forged-key');
        await expectRefused(() => craft({}, jwk), /key the issuer does not publish/);
      });
      it('refuses a token whose signature does not match the published key', async () => {
        const { jwk } = await rsaKey(idp.jwk.kid!);
        await expectRefused(() => craft({}, jwk), /signature/);
      });
      it('refuses an expired token', async () => {
        const now = Math.floor(Date.now() / 1000);
        await expectRefused(() => craft({ iat: now - 7200, exp: now - 3600 }), /ID token has expired/);
      });
      it('refuses a token for another audience', async () => {
        await expectRefused(() => craft({ aud: 'another-app' }), /for another client/);
      });
      it('refuses a token from another issuer', async () => {
        await expectRefused(() => craft({ iss: 'https://evil.example' }), /from another issuer/);
      });
      it('refuses a token with another nonce', async () => {
        await expectRefused(() => craft({ nonce: 'not-the-nonce' }), /nonce does not match/);
      });
    });

    /** Runs a sign-in up to the provider's redirect back, without opening the callback. */
    async function signInStopBeforeCallback(account: string) {
      idp.loginAs = account;
      const browser = new TestBrowser(t.app, PUBLIC_URL);
      const back = await browser.follow('/auth/login', (res) => String(res.headers.location ?? '').startsWith(`${PUBLIC_URL}/auth/callback`));
      return { browser, callbackUrl: String(back.headers.location) };
    }
    async function idpGet(url: URL): Promise<{ status: number }> {
      const res = await globalThis.fetch(url, { redirect: 'manual' });
      return { status: res.status };
    }
  });
});
