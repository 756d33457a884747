/**
 * The web UI end to end, in Debian's Chromium, against a real Toolshed loaded with the
 * official seed dataset plus a federation source mirroring a second Toolshed (curated
 * with a trust level and tags): the catalog's first page with the list's total and paging as it scrolls,
 * sorting, search as you type (compared with the API's ranking), filters (package type, status,
 * source, trust level, tags), badges for deprecated,
 * mirrored and trusted servers, a server page (versions, configuration with secrets,
 * tools shown only to people signed in, origin, client snippets), API errors in words, keyboard-only
 * use, every control labelled, a narrow screen, and the console with the bootstrap admin token (sign-in
 * refusal, sources and "Sync now", the audit log filtered). Screenshots of the main
 * pages go to output/web-ui/. Every wait is on a DOM state, never on time.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerJson } from '../src/catalog/index.js';
import { buildWebUi, CHROMIUM, launchChromium, REPO_ROOT } from './support/browser.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { ADMIN_TOKEN, AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const DATASET = '/work/shared/datasets/official-seed-2025-05.json';
const SHOTS = join(REPO_ROOT, 'output', 'web-ui');
const enc = encodeURIComponent;

/** Upstream servers with remotes, secret headers and icons: what the seed lacks. */
function upstreamDoc(short: string, version: string): ServerJson {
  return {
    $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
    name: `io.github.upstreamco/${short}`,
    title: `Upstream ${short}`,
    description: `The ${short} service of Upstream Co, reached over streamable HTTP`,
    version,
    websiteUrl: `https://${short}.upstream.example`,
    repository: { url: `https://github.com/upstreamco/${short}`, source: 'github' },
    icons: [{ src: `https://${short}.upstream.example/icon.png`, mimeType: 'image/png' }],
    remotes: [
      {
        type: 'streamable-http',
        url: `https://${short}.upstream.example/mcp`,
        headers: [{ name: 'Authorization', description: 'Your Upstream Co API token', isRequired: true, isSecret: true }],
      },
    ],
  } as ServerJson;
}

describe.each(DATABASES)('web UI in Chromium on %s', (kind) => {
  describe.skipIf(unavailable(kind) || !CHROMIUM)(`(${kind})`, () => {
    let webDir: string;
    let up: TestToolshed;
    let t: TestToolshed;
    let base: string;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    const api = async (path: string) => (await t.app.inject({ url: path })).json();
    const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${kind}-${name}.png`), fullPage: true });
    /** Waits until the list shows exactly these names (the UI has caught up with the API). */
    const waitForNames = (names: string[]) =>
      page.waitForFunction((want) => {
        const got = [...document.querySelectorAll('.server-row-name code')].map((e) => e.textContent);
        return got.length === want.length && got.every((n, i) => n === want[i]);
      }, names);

    /** Form controls and buttons on the page that a screen reader could not name. */
    const unlabelled = (p: Page = page) =>
      p.evaluate(() =>
        [...document.querySelectorAll('input, select, textarea, button, a[href]')]
          .filter((el) => {
            const labelled = (el as HTMLInputElement).labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
            const text = el.textContent?.trim();
            return el.tagName === 'BUTTON' || el.tagName === 'A' ? !text && !labelled : !labelled;
          })
          .map((el) => el.outerHTML.slice(0, 120)),
      );

    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      webDir = await buildWebUi();
      up = await testToolshed(kind);
      for (const short of ['alpha', 'beta']) {
        const res = await up.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: upstreamDoc(short, '1.0.0') });
        expect(res.statusCode, res.body).toBe(200);
      }
      const upUrl = await up.app.listen({ host: '127.0.0.1', port: 0 });

      t = await testToolshed(kind, { outboundAllow: ['127.0.0.0/8'], outboundAllowHttp: true }, { webUiDir: webDir });
      const docs = JSON.parse(readFileSync(DATASET, 'utf8')) as ServerJson[];
      for (const doc of docs) await t.catalog.importDocument(doc);
      await t.federation.addSource({ name: 'upstream', baseUrl: upUrl, intervalSeconds: 0 }, 'admin');
      await t.federation.sync('upstream');
      await t.federation.curate({ source: 'upstream', name: 'io.github.upstreamco/alpha', trust: 'verified', tags: ['finance', 'partner'] }, 'admin');
      const weather = await api(`/v0.1/servers/${enc('io.github.isdaniel/mcp_weather_server')}/versions/latest`);
      const deprecated = await t.app.inject({
        method: 'PATCH',
        url: `/v0.1/servers/${enc('io.github.isdaniel/mcp_weather_server')}/versions/${enc(weather.server.version)}/status`,
        headers: AUTH,
        payload: { status: 'deprecated', statusMessage: 'Use io.github.mschneider82/mcp-openweather' },
      });
      expect(deprecated.statusCode, deprecated.body).toBe(200);
      base = await t.app.listen({ host: '127.0.0.1', port: 0 });
      browser = await launchChromium();
      context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
      page = await context.newPage();
      page.on('pageerror', (err) => {
        throw err;
      });
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await t?.destroy();
      await up?.destroy();
      if (webDir) rmSync(webDir, { recursive: true, force: true });
    });

    it('shows the first page of the catalog by name and loads the next as the reader scrolls', async () => {
      const first = await api('/v0.1/servers?version=latest&limit=50');
      await page.goto(`${base}/`);
      await waitForNames(first.servers.map((s: { server: ServerJson }) => s.server.name));
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('All servers');
      const total = (await api('/v0.1/servers?version=latest&limit=1&include_total=true')).metadata['io.toolshed/total'];
      expect(total).toBeGreaterThan(450);
      expect(await page.getByTestId('result-count').textContent()).toBe(`Showing 50 of ${total} servers`);
      await shot('catalog');
      expect(await unlabelled()).toEqual([]);

      const second = await api(`/v0.1/servers?version=latest&limit=50&cursor=${enc(first.metadata.nextCursor)}`);
      await page.locator('.load-more').scrollIntoViewIfNeeded();
      await waitForNames([...first.servers, ...second.servers].map((s: { server: ServerJson }) => s.server.name));
    });

    it('sorts by most recently updated, as the API does, and by relevance while searching', async () => {
      await page.goto(`${base}/`);
      await page.locator('.server-row').first().waitFor();
      await page.getByLabel('Sort by').selectOption('updated');
      const newest = await api('/v0.1/servers?version=latest&limit=50&sort=updated');
      await waitForNames(newest.servers.map((s: { server: ServerJson }) => s.server.name));
      expect(newest.servers[0].server.name).not.toBe((await api('/v0.1/servers?version=latest&limit=1')).servers[0].server.name);
      expect(new URL(page.url()).searchParams.get('sort')).toBe('updated');
      await page.getByLabel('Search servers').fill('github');
      await waitForNames((await api('/v0.1/servers?version=latest&limit=50&q=github')).servers.map((s: { server: ServerJson }) => s.server.name));
      expect(await page.getByLabel('Sort by').isDisabled()).toBe(true);
    });

    it('searches as you type, in the API’s ranked order, and keeps the search in the address bar', async () => {
      await page.goto(`${base}/`);
      await page.locator('.server-row').first().waitFor();
      await page.getByLabel('Search servers').pressSequentially('server');
      const ranked = await api('/v0.1/servers?version=latest&limit=50&q=server');
      expect(ranked.servers.length).toBe(50);
      await waitForNames(ranked.servers.map((s: { server: ServerJson }) => s.server.name));
      await page.getByRole('heading', { name: /Results for “server”/ }).waitFor();
      expect(new URL(page.url()).searchParams.get('q')).toBe('server');
      // the deprecated server carries its badge in the results (openweather matches by a part of its name)
      await page.getByLabel('Search servers').fill('weather');
      await waitForNames(['io.github.isdaniel/mcp_weather_server', 'io.github.mschneider82/mcp-openweather']);
      expect(await page.getByTestId('result-count').textContent()).toBe('Showing all 2 servers');
      const row = page.locator('.server-row', { hasText: 'io.github.isdaniel/mcp_weather_server' });
      expect(await row.locator('.badge-deprecated [aria-hidden="true"]').textContent()).toBe('Deprecated');
      expect(await row.locator('.badge-deprecated .visually-hidden').textContent()).toBe('Deprecated: Use io.github.mschneider82/mcp-openweather');
      await shot('search');

      await page.getByLabel('Search servers').fill('zzzqqqnothing');
      await page.getByText('No servers match “zzzqqqnothing”.').waitFor();
    });

    it('filters by package type, status and source, with mirrored and trust badges', async () => {
      await page.goto(`${base}/`);
      await page.locator('.server-row').first().waitFor();
      await page.getByRole('group', { name: 'Package type' }).getByLabel('oci').check();
      const oci = await api('/v0.1/servers?version=latest&limit=50&registry_type=oci');
      expect(oci.servers.length).toBeGreaterThan(0);
      await waitForNames(oci.servers.map((s: { server: ServerJson }) => s.server.name));
      expect(new URL(page.url()).searchParams.get('type')).toBe('oci');
      await page.getByRole('button', { name: 'Clear filters' }).click();

      await page.getByRole('group', { name: 'Status' }).getByLabel('deprecated').check();
      await waitForNames(['io.github.isdaniel/mcp_weather_server']);
      await page.getByRole('group', { name: 'Status' }).getByLabel('deprecated').uncheck();

      await page.getByLabel('Source', { exact: true }).fill('upstream');
      await page.getByRole('button', { name: 'Apply' }).click();
      await waitForNames(['io.github.upstreamco/alpha', 'io.github.upstreamco/beta']);
      const alpha = page.locator('.server-row', { hasText: 'io.github.upstreamco/alpha' });
      expect(await alpha.locator('.badge [aria-hidden="true"]').allTextContents()).toEqual(['verified', 'Mirrored · upstream', 'finance', 'partner']);
      expect(await alpha.locator('.badge .visually-hidden').first().textContent()).toBe('Trust level: verified');
      // The row asks for the server.json icon; its host (.example) never resolves, so the initial stands in.
      await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name === 'https://alpha.upstream.example/icon.png'));
      await alpha.locator('.server-icon-fallback').waitFor();
      await shot('filtered-mirrored');

      await page.getByLabel('Tags', { exact: true }).fill('partner');
      await page.getByRole('button', { name: 'Apply' }).click();
      await waitForNames(['io.github.upstreamco/alpha']);
      expect(new URL(page.url()).searchParams.get('tag')).toBe('partner');
      await page.getByLabel('Tags', { exact: true }).fill('');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.getByRole('group', { name: 'Trust level' }).getByLabel('verified').check();
      await page.getByRole('group', { name: 'Trust level' }).getByLabel('internal').check();
      await page.waitForFunction(() => new URL(location.href).searchParams.get('trust') === 'verified,internal');
      await waitForNames(['io.github.upstreamco/alpha']);
    });

    it('opens a server page with versions, configuration, tools for people signed in, origin and snippets', async () => {
      await page.goto(`${base}/?source=upstream`);
      await page.getByRole('link', { name: 'Upstream alpha' }).click();
      await page.getByRole('heading', { level: 1, name: 'Upstream alpha' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/servers/io.github.upstreamco/alpha');
      const upstreamPublished = (await api(`/v0.1/servers/${enc('io.github.upstreamco/alpha')}/versions/latest`))._meta['io.toolshed/provenance'].upstreamPublishedAt as string;
      expect(await page.getByTestId('origin').textContent()).toBe(`Mirrored from the upstream source (published upstream ${upstreamPublished.slice(0, 10)})`);
      await page.getByRole('table').first().locator('tbody tr').first().waitFor();
      const versionRow = await page.getByRole('table').first().locator('tbody tr').first().textContent();
      expect(versionRow).toContain('1.0.0');
      expect(versionRow).toContain('active');
      const config = page.locator('.config-group', { hasText: 'streamable-http https://alpha.upstream.example/mcp' });
      expect(await config.locator('tbody tr').first().textContent()).toBe('AuthorizationheaderrequiredsecretYour Upstream Co API token');
      await page.getByRole('heading', { name: 'Tools' }).waitFor();
      // The live capabilities are for people signed in (catalog.read); this visitor is anonymous.
      await page.getByText('Sign in to see what this server offers.').waitFor();
      await page.getByText('VS Code', { exact: true }).click();
      const vscode = JSON.parse((await page.getByLabel('VS Code configuration').textContent())!);
      expect(vscode.servers.alpha).toEqual({ type: 'http', url: 'https://alpha.upstream.example/mcp', headers: { Authorization: '${input:alpha-authorization}' } });
      expect(await page.getByRole('link', { name: 'https://github.com/upstreamco/alpha' }).getAttribute('rel')).toContain('noopener');
      await shot('server');
      expect(await unlabelled()).toEqual([]);
    });

    it('says in words when a server does not exist', async () => {
      await page.goto(`${base}/servers/io.github.nobody/nothing`);
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.locator('.state-title').textContent()).toBe('Server not found.');
    });

    it('works with the keyboard alone: skip link, search, open a result', async () => {
      await page.goto(`${base}/`);
      await page.locator('.server-row').first().waitFor();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).type)).toBe('search');
      await page.keyboard.type('openweather');
      await waitForNames((await api('/v0.1/servers?version=latest&limit=50&q=openweather')).servers.map((s: { server: ServerJson }) => s.server.name));
      // Tab through the filters to the first result's link, then open it with Enter.
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        const onResult = await page.evaluate(() => document.activeElement?.closest('.server-row-title') !== null);
        if (onResult) break;
      }
      const target = await page.evaluate(() => document.activeElement?.textContent);
      expect(target).toBeTruthy();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: target! }).waitFor();
      expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe('');
    });

    it('fits a narrow screen: filters folded, nothing wider than the viewport', async () => {
      const narrow = await context.newPage();
      await narrow.setViewportSize({ width: 390, height: 844 });
      await narrow.goto(`${base}/servers/io.github.upstreamco/alpha`);
      await narrow.getByRole('heading', { level: 1, name: 'Upstream alpha' }).waitFor();
      await narrow.goto(`${base}/`);
      await narrow.locator('.server-row').first().waitFor();
      expect(await narrow.locator('details.filters').getAttribute('open')).toBeNull();
      expect(await narrow.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await narrow.screenshot({ path: join(SHOTS, `${kind}-catalog-narrow.png`) });
      await narrow.close();
    });

    it('signs an administrator in with the bootstrap admin token, refusing a wrong one', async () => {
      await page.goto(`${base}/console`);
      await page.getByRole('heading', { name: 'Sign in to the console' }).waitFor();
      expect(await page.getByRole('note').textContent()).toContain('Bootstrap sign-in.');
      expect(await unlabelled()).toEqual([]);
      await page.getByLabel('Admin token').fill('not-the-admin-token-at-all');
      await page.getByRole('button', { name: 'Sign in' }).click();
      expect(await page.getByRole('alert').textContent()).toBe('That token was not accepted. Check that you copied the whole admin token.');
      await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Federation sources' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/console/sources');
      expect(await page.evaluate(() => sessionStorage.getItem('toolshed.adminToken'))).toBe(ADMIN_TOKEN);
      expect(await page.evaluate(() => localStorage.length)).toBe(0);
    });

    it('shows each source’s sync status and syncs one on demand', async () => {
      await page.goto(`${base}/console/sources`);
      const card = page.locator('.source-card', { hasText: 'upstream' });
      await card.waitFor();
      expect(await card.locator('.health').textContent()).toBe('In sync');
      expect(await card.textContent()).toContain('Mirrored versions2');
      await page.getByRole('button', { name: 'Sync upstream now' }).click();
      await card.getByText(/Synced \(incremental\): \d+ fetched/).waitFor();
      await shot('console-sources');
      expect(await unlabelled()).toEqual([]);
    });

    it('shows the audit log, filtered by action', async () => {
      await page.goto(`${base}/console/audit`);
      await page.locator('.audit-table tbody tr').first().waitFor();
      await page.getByLabel('Action').selectOption('status');
      await page.getByRole('button', { name: 'Show events' }).click();
      await page.waitForFunction(() => {
        const rows = [...document.querySelectorAll('.audit-table tbody tr')];
        return rows.length === 1 && rows[0]!.textContent!.includes('active → deprecated');
      });
      expect(new URL(page.url()).searchParams.get('action')).toBe('status');
      expect(await page.locator('.audit-table tbody tr').first().textContent()).toContain('io.github.isdaniel/mcp_weather_server');
      await shot('console-audit');
      expect(await unlabelled()).toEqual([]);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in to the console' }).waitFor();
      expect(await page.evaluate(() => sessionStorage.getItem('toolshed.adminToken'))).toBeNull();
    });
  });
});
