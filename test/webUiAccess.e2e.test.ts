/**
 * The web UI's people and access pages end to end, in Debian's Chromium, against a
 * real Toolshed on its loopback URL (its public URL) signing people in through a real
 * OpenID provider (oidc-provider) on loopback, on every database: company sign-in
 * from the header and the person's name; Connect on a server page (a required upstream
 * value stored as the person's secret, the connection URL, a gateway token shown once,
 * a snippet copied to the clipboard holding the connection URL); My connections (rename,
 * revoke with confirmation) and My tokens (created with the keyboard alone, revoked);
 * the console showing only the pages a person's roles allow, and a 403 in words; an
 * administrator adding a deny rule with "Simulate before saving" (who loses what),
 * saving it, a form error and a stale-ETag refusal in words, and the rule's effect (the
 * person can no longer connect, and Explain says denied); the access change log
 * filtered; users (roles), groups (create, add a member, delete) and tokens (a service
 * token shown once, revoked); sign out. Screenshots of each page go to output/web-ui/.
 * Every wait is on a DOM state, never on time.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebUi, CHROMIUM, launchChromium, REPO_ROOT } from './support/browser.js';
import { freePort } from './support/freePort.js';
import { startSignInIdP, webSignInConfig, type SignInIdP } from './support/startSignInIdP.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const SHOTS = join(REPO_ROOT, 'output', 'web-ui');
const SERVER = 'io.github.acme/weather';
const SERVER_PATH = `/servers/${SERVER}`;

const weatherDoc = {
  $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
  name: SERVER,
  title: 'Acme Weather',
  description: 'Forecasts from Acme, over streamable HTTP',
  version: '1.0.0',
  remotes: [
    {
      type: 'streamable-http',
      url: 'https://weather.acme.example/mcp',
      headers: [{ name: 'X-Api-Key', description: 'Your Acme API key', isRequired: true, isSecret: true }],
    },
  ],
};

/** A package-only server Toolshed hosts (hosting is on by default): its page connects through the gateway, never to `npx` it locally. */
const HOSTED = 'io.github.acme/forecast';
const hostedDoc = {
  $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
  name: HOSTED,
  title: 'Acme Forecast',
  description: 'Forecasts from Acme, as an npm package',
  version: '1.0.0',
  packages: [
    {
      registryType: 'npm',
      identifier: '@acme/forecast',
      version: '1.0.0',
      runtimeHint: 'npx',
      transport: { type: 'stdio' },
      environmentVariables: [{ name: 'ACME_FORECAST_KEY', description: 'Your Acme key', isSecret: true }],
    },
  ],
};

describe.each(DATABASES)('web UI people and access pages in Chromium on %s', (kind) => {
  describe.skipIf(unavailable(kind) || !CHROMIUM)(`(${kind})`, () => {
    let webDir: string;
    let idp: SignInIdP;
    let t: TestToolshed;
    let base: string;
    let browser: Browser;
    let bobContext: BrowserContext;
    let aliceContext: BrowserContext;
    let bob: Page;
    let alice: Page;
    let connectionUrl: string;
    const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${kind}-${name}.png`), fullPage: true });
    const api = async (path: string, method = 'GET', payload?: unknown) => {
      const res = await t.app.inject({ method: method as 'GET', url: path, headers: AUTH, ...(payload !== undefined ? { payload: payload as object } : {}) });
      return { status: res.statusCode, body: res.body ? res.json() : undefined, headers: res.headers };
    };

    /** Controls a screen reader could not name. */
    const unlabelled = (p: Page) =>
      p.evaluate(() =>
        [...document.querySelectorAll('input, select, textarea, button, a[href]')]
          .filter((el) => {
            const labelled = (el as HTMLInputElement).labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
            const text = el.textContent?.trim();
            return el.tagName === 'BUTTON' || el.tagName === 'A' ? !text && !labelled : !labelled;
          })
          .map((el) => el.outerHTML.slice(0, 120)),
      );

    /** Presses Tab until the focused element matches, as a keyboard user would. */
    async function tabTo(page: Page, matches: (el: { tag: string; label: string; text: string }) => boolean, limit = 60) {
      for (let i = 0; i < limit; i++) {
        await page.keyboard.press('Tab');
        const el = await page.evaluate(() => {
          const a = document.activeElement as HTMLInputElement | null;
          return { tag: a?.tagName ?? '', label: a?.labels?.[0]?.textContent ?? a?.getAttribute('aria-label') ?? '', text: a?.textContent?.trim() ?? '' };
        });
        if (matches(el)) return;
      }
      throw new Error('never reached the control with Tab');
    }

    /** Signs in through the header's "Sign in" link and the real provider, back on the same page. */
    async function signIn(page: Page, account: 'alice' | 'bob', path = '/', landing = path) {
      idp.loginAs = account;
      await page.goto(`${base}${path}`);
      await page.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true }).click();
      await page.getByTestId('signed-in-as').waitFor();
      expect(new URL(page.url()).pathname).toBe(landing);
    }

    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      webDir = await buildWebUi();
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      idp = await startSignInIdP(base);
      t = await testToolshed(kind, webSignInConfig(base, idp), { webUiDir: webDir });
      expect((await api('/v0.1/publish', 'POST', weatherDoc)).status).toBe(200);
      await t.catalog.importDocument(hostedDoc as never);
      const rule = await api('/api/admin/access/rules', 'POST', {
        id: 'everyone-uses-everything',
        effect: 'allow',
        subject: { everyone: true },
        actions: ['discover', 'connect', 'call'],
        resource: { server: '*' },
      });
      expect(rule.status).toBe(201);
      await t.app.listen({ host: '127.0.0.1', port });
      browser = await launchChromium();
      const contextOptions = { viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' as const };
      bobContext = await browser.newContext(contextOptions);
      await bobContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
      aliceContext = await browser.newContext(contextOptions);
      bob = await bobContext.newPage();
      alice = await aliceContext.newPage();
      for (const p of [bob, alice]) {
        p.on('pageerror', (err) => {
          throw err;
        });
      }
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await t?.destroy();
      await idp?.close();
      if (webDir) rmSync(webDir, { recursive: true, force: true });
    });

    it('signs a person in through the company provider from the header, and shows their name', async () => {
      await bob.goto(`${base}/`);
      await bob.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true }).waitFor();
      await signIn(bob, 'bob', SERVER_PATH);
      expect(await bob.getByTestId('signed-in-as').textContent()).toBe('Bob');
      const session = await bob.evaluate(() => fetch('/api/session').then((r) => r.json()));
      expect(session.user).toMatchObject({ email: 'bob@acme.example', groups: ['marketing'] });
      expect(await bob.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My connections' }).isVisible()).toBe(true);
    });

    it('connects to a server: the required value, the connection URL, a gateway token shown once, a snippet copied', async () => {
      await bob.goto(`${base}${SERVER_PATH}`);
      const form = bob.getByRole('form', { name: `Connect to ${SERVER}` });
      await form.waitFor();
      expect(await unlabelled(bob)).toEqual([]);
      await form.getByLabel('Client label').fill('laptop / Claude Code');
      await form.getByLabel('X-Api-Key (header)').fill('bobs-acme-key');
      await form.getByRole('button', { name: 'Connect' }).click();
      await bob.getByRole('heading', { name: 'Connected: laptop / Claude Code' }).waitFor();
      connectionUrl = (await bob.getByTestId('connection-url').textContent())!;
      expect(connectionUrl).toMatch(new RegExp(`^${base.replace(/\./g, '\\.')}/mcp/con_[\\w-]{24}$`));
      const listed = await api('/api/admin/connections');
      expect(listed.body.connections.map((c: { url: string; label: string }) => [c.url, c.label])).toEqual([[connectionUrl, 'laptop / Claude Code']]);
      const bobId = listed.body.connections[0].userId as string;
      const secrets = await t.store.db.selectFrom('upstream_secrets').selectAll().execute();
      expect(secrets.map((s) => [s.server, s.user_id, s.name])).toEqual([[SERVER, bobId, 'X-Api-Key']]);

      await bob.getByRole('button', { name: 'Create a gateway token' }).click();
      const secret = (await bob.getByRole('region', { name: 'Gateway token' }).getByTestId('shown-once').textContent())!;
      expect(secret).toMatch(/^tsp_/);
      const me = await bob.evaluate((s) => fetch('/api/me', { headers: { authorization: `Bearer ${s}` } }).then((r) => r.json()), secret);
      expect(me.permissions).toEqual(['gateway.connect']);

      await bob
        .locator('details', { has: bob.getByLabel('Claude Code configuration for this connection') })
        .locator('summary')
        .click();
      await bob.getByRole('button', { name: 'Copy the Claude Code configuration' }).click();
      await bob.getByText('Copied.').first().waitFor();
      const copied = await bob.evaluate(() => navigator.clipboard.readText());
      expect(copied).toBe(`claude mcp add --transport http weather ${connectionUrl} --header 'Authorization: '"\${AUTHORIZATION}"`);
      await shot(bob, 'connect');
    });

    it('lists my connections, renames one and revokes it after a confirmation', async () => {
      await bob.goto(`${base}/me/connections`);
      const row = bob.locator('.connections-table tbody tr', { hasText: 'laptop / Claude Code' });
      await row.waitFor();
      expect(await row.textContent()).toContain(SERVER);
      expect(await row.textContent()).toContain('never');
      await shot(bob, 'my-connections');
      expect(await unlabelled(bob)).toEqual([]);
      await row.getByRole('button', { name: 'Rename laptop / Claude Code' }).click();
      await bob.getByLabel('New label for laptop / Claude Code').fill('desktop / Cursor');
      await bob.getByRole('button', { name: 'Save' }).click();
      const renamed = bob.locator('.connections-table tbody tr', { hasText: 'desktop / Cursor' });
      await renamed.waitFor();
      await renamed.getByRole('button', { name: 'Revoke' }).click();
      // The confirmation takes the focus; Enter confirms.
      expect(await bob.evaluate(() => document.activeElement?.textContent)).toBe('Yes, revoke');
      await bob.keyboard.press('Enter');
      await bob.getByText('You have no connections yet.').waitFor();
      expect((await api('/api/admin/connections?include_revoked=true')).body.connections[0].state).toBe('revoked');
    });

    it('creates a personal token with the keyboard alone, shows it once, and revokes it', async () => {
      await bob.goto(`${base}/me/tokens`);
      await bob.locator('.token-table tbody tr', { hasText: 'gateway: laptop / Claude Code' }).waitFor();
      await tabTo(bob, (el) => el.label === 'Token name');
      await bob.keyboard.type('ci reader');
      await tabTo(bob, (el) => el.label.startsWith('catalog:read'));
      await bob.keyboard.press('Space');
      await bob.keyboard.press('Enter');
      const secret = (await bob.getByRole('region', { name: 'New token' }).getByTestId('shown-once').textContent())!;
      expect(secret).toMatch(/^tsp_/);
      const row = bob.locator('.token-table tbody tr', { hasText: 'ci reader' });
      await row.waitFor();
      expect(await row.textContent()).toContain('catalog:read, gateway');
      await shot(bob, 'my-tokens');
      expect(await unlabelled(bob)).toEqual([]);
      await row.getByRole('button', { name: 'Revoke' }).click();
      await bob.getByRole('button', { name: 'Yes, revoke' }).click();
      await bob.locator('.token-table tbody tr', { hasText: 'ci reader' }).filter({ hasText: 'revoked' }).waitFor();
      expect(await bob.evaluate((s) => fetch('/api/me', { headers: { authorization: `Bearer ${s}` } }).then((r) => r.status), secret)).toBe(401);
    });

    it('shows a person without console roles no console page, and explains a 403 in words', async () => {
      await bob.goto(`${base}/console`);
      await bob.getByText('Your roles include no console page.').waitFor();
      await bob.goto(`${base}/console/people/users`);
      expect(await bob.getByRole('alert').locator('.state-title').textContent()).toBe('You are signed in, but your roles do not allow users.');
      await bob.goto(`${base}/console/usage`);
      expect(await bob.getByRole('alert').locator('.state-title').textContent()).toBe('You are signed in, but your roles do not allow usage.');
      expect(await bob.getByRole('alert').locator('code').textContent()).toBe('audit.read');
    });

    it('lets an administrator add a deny rule after simulating it, and the rule takes effect', async () => {
      await signIn(alice, 'alice', '/console', '/console/sources');
      await alice.getByRole('navigation', { name: 'Console' }).waitFor();
      const nav = await alice.getByRole('navigation', { name: 'Console' }).getByRole('link').allTextContents();
      expect(nav).toEqual([
        'Federation sources',
        'Audit log',
        'Drift alerts',
        'Review queue',
        'Reports',
        'Needs attention',
        'Webhook deliveries',
        'Access rules',
        'Explain',
        'Access changes',
        'Users',
        'Groups',
        'Tokens',
        'Gateway calls',
        'Usage',
        'Hosted instances',
      ]);
      await alice.getByRole('link', { name: 'Access rules' }).click();
      await alice.locator('.rules-table tbody tr', { hasText: 'everyone-uses-everything' }).waitFor();
      await alice.getByRole('button', { name: 'New rule' }).click();
      const editor = alice.getByRole('form', { name: 'New rule' });
      // The form says what to fix before anything is sent.
      await editor.getByRole('button', { name: 'Save rule' }).click();
      expect(await editor.getByRole('alert').textContent()).toContain('Give the rule an id');
      await editor.getByLabel('Rule id').fill('marketing-no-weather');
      await editor.getByLabel('Effect').selectOption('deny');
      await editor.getByLabel('Group name').fill('marketing');
      await editor.getByLabel('discover').uncheck();
      await editor.getByLabel('call').uncheck();
      await editor.getByLabel('Server').fill(SERVER);
      await editor.getByLabel('Description').fill('Marketing uses the partner forecast instead');
      await editor.getByRole('button', { name: 'Simulate before saving' }).click();
      const simulation = editor.getByRole('region', { name: 'Simulation' });
      await simulation.waitFor();
      expect(await simulation.getByTestId('simulation-summary').textContent()).toMatch(/^1 of \d+ decisions would change/);
      const flips = await simulation.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].slice(0, 4).map((c) => c.textContent)));
      expect(flips).toEqual([['bob@acme.example', 'connect', SERVER, 'loses access (allowed → denied)']]);
      await shot(alice, 'console-rule-simulate');
      expect(await unlabelled(alice)).toEqual([]);
      await editor.getByRole('button', { name: 'Save rule' }).click();
      await alice.getByText('Saved rule marketing-no-weather.').waitFor();
      const row = alice.locator('.rules-table tbody tr', { hasText: 'marketing-no-weather' });
      expect(await row.textContent()).toContain(`denygroup marketingconnectserver ${SERVER}`);
      await shot(alice, 'console-rules');

      // The person can no longer connect, and is told why.
      await bob.goto(`${base}${SERVER_PATH}`);
      const form = bob.getByRole('form', { name: `Connect to ${SERVER}` });
      await form.getByLabel('Client label').fill('phone');
      await form.getByRole('button', { name: 'Connect' }).click();
      const refusal = (await form.getByRole('alert').locator('.state-title').textContent())!;
      expect(refusal).toMatch(/^Your access rules do not allow connecting to this server: /);
      expect(refusal).toContain('marketing-no-weather');

      // Explain says denied, by that rule.
      await alice.goto(`${base}/console/access/explain`);
      await alice.getByLabel('User id or email').fill('bob@acme.example');
      await alice.getByLabel('Server').fill(SERVER);
      await alice.getByRole('button', { name: 'Explain' }).click();
      expect(await alice.getByTestId('verdict').textContent()).toBe(`Denied: connect on ${SERVER}`);
      const decision = alice.getByRole('region', { name: 'Decision', exact: true });
      expect(await decision.textContent()).toContain('Deciding rulemarketing-no-weather');
      expect(await decision.locator('li').count()).toBe(2);
      await shot(alice, 'console-explain');
      expect(await unlabelled(alice)).toEqual([]);
    });

    it('refuses a save over rules someone else changed, in words', async () => {
      await alice.goto(`${base}/console/access/rules`);
      const row = alice.locator('.rules-table tbody tr', { hasText: 'marketing-no-weather' });
      await row.getByRole('button', { name: 'Edit rule marketing-no-weather' }).click();
      const editor = alice.getByRole('form', { name: 'Edit rule marketing-no-weather' });
      await editor.getByLabel('Description').fill('changed in the browser');
      const other = await api('/api/admin/access/rules', 'POST', { id: 'someone-else', effect: 'allow', subject: { group: 'marketing' }, actions: ['discover'], resource: { server: '*' } });
      expect(other.status).toBe(201);
      await editor.getByRole('button', { name: 'Save rule' }).click();
      expect(await editor.getByRole('alert').locator('.state-title').textContent()).toBe('Someone else changed the rules since you loaded them. Reload them and apply your change again.');
      await editor.getByRole('button', { name: 'Reload the rules' }).click();
      await alice.locator('.rules-table tbody tr', { hasText: 'someone-else' }).waitFor();
      expect((await api('/api/admin/access/rules')).body.rules.find((r: { id: string }) => r.id === 'marketing-no-weather').description).toBe('Marketing uses the partner forecast instead');
    });

    it('shows the access change log filtered by kind', async () => {
      await alice.goto(`${base}/console/access/changes`);
      await alice.locator('.changes-table tbody tr').first().waitFor();
      await alice.getByLabel('Kind').selectOption('rule');
      await alice.getByRole('button', { name: 'Show changes' }).click();
      await alice.waitForFunction(() => {
        const rows = [...document.querySelectorAll('.changes-table tbody tr')];
        return rows.length === 3 && rows.every((r) => r.children[1]!.textContent === 'rule');
      });
      expect(await alice.locator('.changes-table tbody tr td:nth-child(3)').allTextContents()).toEqual(['someone-else', 'marketing-no-weather', 'everyone-uses-everything']);
      expect(new URL(alice.url()).searchParams.get('kind')).toBe('rule');
      await shot(alice, 'console-access-changes');
    });

    it('manages users, groups and tokens', async () => {
      await alice.goto(`${base}/console/people/users`);
      const bobRow = alice.locator('.users-table tbody tr', { hasText: 'bob@acme.example' });
      await bobRow.waitFor();
      expect(await alice.locator('.users-table tbody tr').count()).toBe(2);
      await bobRow.getByRole('button', { name: 'Edit the roles of bob@acme.example' }).click();
      await bobRow.getByLabel('auditor').check();
      await bobRow.getByRole('button', { name: 'Save roles' }).click();
      await alice.getByText('Saved the roles of bob@acme.example.').waitFor();
      await alice.waitForFunction(() =>
        [...document.querySelectorAll('.users-table tbody tr')].some((r) => r.textContent!.includes('bob@acme.example') && r.children[1]!.textContent === 'auditor, user'),
      );
      await shot(alice, 'console-users');
      expect(await unlabelled(alice)).toEqual([]);

      await alice.goto(`${base}/console/people/groups`);
      await alice.getByRole('form', { name: 'Create a group' }).waitFor();
      await alice.getByLabel('Group name').fill('weather-fans');
      await alice.getByLabel('Description').fill('People who like forecasts');
      await alice.getByRole('button', { name: 'Create group' }).click();
      const card = alice.locator('.source-card', { hasText: 'weather-fans' });
      await card.waitFor();
      await card.getByLabel('Person to add to weather-fans').selectOption({ label: 'bob@acme.example' });
      await card.getByRole('button', { name: 'Add to weather-fans' }).click();
      await card.getByText('Members: bob@acme.example').waitFor();
      expect((await api('/api/admin/groups')).body.groups.find((g: { name: string }) => g.name === 'weather-fans').members).toBe(1);
      await shot(alice, 'console-groups');
      expect(await unlabelled(alice)).toEqual([]);
      await card.getByRole('button', { name: 'Delete group weather-fans' }).click();
      await card.getByRole('button', { name: 'Yes, delete' }).click();
      await alice.getByText('Deleted group weather-fans.').waitFor();
      expect((await api('/api/admin/groups')).body.groups.map((g: { name: string }) => g.name)).not.toContain('weather-fans');

      await alice.goto(`${base}/console/people/tokens`);
      await alice.locator('.token-table tbody tr').first().waitFor();
      await alice.getByLabel('Token name').fill('ci publisher');
      await alice.getByLabel('publisher').check();
      await alice.getByLabel('catalog:publish').check();
      await alice.getByRole('button', { name: 'Create token' }).click();
      const secret = (await alice.getByRole('region', { name: 'New service token' }).getByTestId('shown-once').textContent())!;
      expect(secret).toMatch(/^tss_/);
      const row = alice.locator('.token-table tbody tr', { hasText: 'ci publisher' });
      await row.waitFor();
      expect(await row.textContent()).toContain('service · as publisher, user');
      await shot(alice, 'console-tokens');
      expect(await unlabelled(alice)).toEqual([]);
      await row.getByRole('button', { name: 'Revoke' }).click();
      await row.getByRole('button', { name: 'Yes, revoke' }).click();
      await alice.locator('.token-table tbody tr', { hasText: 'ci publisher' }).filter({ hasText: 'revoked' }).waitFor();
      const listed = (await api('/api/admin/tokens?kind=service')).body.tokens;
      expect(listed.map((tk: { name: string; state: string }) => [tk.name, tk.state])).toEqual([['ci publisher', 'revoked']]);
    });

    it('connects to a package server Toolshed hosts exactly as to a remote one, and never says to run the package locally', async () => {
      await bob.goto(`${base}/servers/${HOSTED}`);
      const form = bob.getByRole('form', { name: `Connect to ${HOSTED}` });
      await form.waitFor();
      await bob.getByTestId('hosted-notice').waitFor();
      expect(await bob.getByTestId('hosted-package').textContent()).toBe('hosted by Toolshed');
      expect(await bob.getByText('Toolshed runs this server for you.').isVisible()).toBe(true);
      const before = (await bob.locator('main').textContent())!;
      expect(before).not.toMatch(/run with npx|runs locally|No remote endpoint/);
      await form.getByLabel('Client label').fill('laptop / forecast');
      await form.getByLabel('ACME_FORECAST_KEY (environment variable)').fill('bobs-forecast-key');
      await form.getByRole('button', { name: 'Connect' }).click();
      await bob.getByRole('heading', { name: 'Connected: laptop / forecast' }).waitFor();
      const url = (await bob.getByTestId('connection-url').textContent())!;
      expect(url).toMatch(new RegExp(`^${base.replace(/\./g, '\\.')}/mcp/con_[\\w-]{24}$`));
      const stored = await t.store.db.selectFrom('upstream_secrets').selectAll().where('server', '=', HOSTED).execute();
      expect(stored.map((r) => [r.name, r.kind, r.user_id !== null])).toEqual([['ACME_FORECAST_KEY', 'variable', true]]);
      const claudeCode = (await bob.getByLabel('Claude Code configuration for this connection').textContent())!;
      expect(claudeCode).toContain(`claude mcp add --transport http forecast ${url}`);
      // The only npx on the page is Claude Desktop's mcp-remote bridge to the gateway URL; the package itself is never npx'ed.
      const after = (await bob.locator('main').textContent())!;
      expect(after).not.toMatch(/npx[^}]*@acme\/forecast|run with npx|runs locally/);
      await shot(bob, 'server-hosted-connect');
    });

    it('shows an administrator the hosted instances page, empty while none runs', async () => {
      await alice.goto(`${base}/console/hosting/instances`);
      await alice.getByRole('heading', { name: 'Hosted instances' }).waitFor();
      expect(await alice.getByRole('status').filter({ hasText: 'No hosted instance is running.' }).isVisible()).toBe(true);
      expect(await unlabelled(alice)).toEqual([]);
    });

    it('fits a narrow screen on the new pages', async () => {
      const narrow = await aliceContext.newPage();
      await narrow.setViewportSize({ width: 390, height: 844 });
      for (const path of ['/console/access/rules', '/console/people/users']) {
        await narrow.goto(`${base}${path}`);
        await narrow.locator('tbody tr').first().waitFor();
        expect(await narrow.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      }
      await narrow.screenshot({ path: join(SHOTS, `${kind}-console-rules-narrow.png`) });
      await narrow.close();
    });

    it('signs out with the session’s CSRF token', async () => {
      await bob.goto(`${base}/me/tokens`);
      await bob.getByRole('button', { name: 'Sign out' }).click();
      await bob.waitForURL((url) => url.pathname !== '/me/tokens');
      await bob.goto(`${base}/`);
      await bob.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true }).waitFor();
      expect(await bob.evaluate(() => fetch('/api/session').then((r) => r.status))).toBe(401);
    });
  });
});
