/**
 * A fresh install in the console, in Debian's Chromium, against a real Toolshed on
 * loopback, on every database, without an identity provider: signed in with the
 * admin token, an administrator sees that no access rule exists and adds the
 * starter rules in one click; adds a local person on the Users page and makes
 * them a console token, shown once; the local person then signs in to the console
 * with that token and gets what their role allows. Screenshots go to
 * output/web-ui/. Every wait is on a DOM state, never on time.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebUi, CHROMIUM, launchChromium, REPO_ROOT } from './support/browser.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { ADMIN_TOKEN, testToolshed, type TestToolshed } from './support/testToolshed.js';

const SHOTS = join(REPO_ROOT, 'output', 'web-ui');

describe.each(DATABASES)('a fresh install and local people in the console, in Chromium on %s', (kind) => {
  describe.skipIf(unavailable(kind) || !CHROMIUM)(`(${kind})`, () => {
    let webDir: string;
    let t: TestToolshed;
    let base: string;
    let browser: Browser;
    let page: Page;
    let localToken = '';

    async function signInWith(p: Page, token: string): Promise<void> {
      await p.goto(`${base}/console/sign-in`);
      await p.getByLabel('Admin token, or your personal token').fill(token);
      await p.getByRole('button', { name: 'Sign in' }).click();
      await p.getByRole('navigation', { name: 'Console' }).waitFor();
    }

    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      webDir = await buildWebUi();
      t = await testToolshed(kind, {}, { webUiDir: webDir });
      base = await t.app.listen({ host: '127.0.0.1', port: 0 });
      browser = await launchChromium();
      page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' })).newPage();
      page.on('pageerror', (err) => {
        throw err;
      });
      await signInWith(page, ADMIN_TOKEN);
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      t?.app.server.closeAllConnections();
      await t?.destroy();
      if (webDir) rmSync(webDir, { recursive: true, force: true });
    });

    it('offers the starter rules on a fresh install and adds them in one click', async () => {
      await page.goto(`${base}/console/access/rules`);
      const starter = page.getByRole('region', { name: 'Start from the starter rules' });
      await starter.waitFor();
      expect(await starter.locator('li').allTextContents()).toEqual([
        'starter-everyone-discovers: allow everyone discover on every server',
        'starter-everyone-connects: allow everyone connect, call on every server',
      ]);
      await page.screenshot({ path: join(SHOTS, `${kind}-starter-rules.png`), fullPage: true });
      await starter.getByRole('button', { name: 'Add the starter rules' }).click();
      await page.getByRole('status').filter({ hasText: 'Added 2 starter rules.' }).waitFor();
      await page.locator('.rules-table code', { hasText: 'starter-everyone-connects' }).waitFor();
      expect(await starter.count()).toBe(0);
      expect(t.accessPolicy.rules.map((r) => r.id)).toEqual(['starter-everyone-discovers', 'starter-everyone-connects']);
    });

    it('adds a local person and makes them a console token, shown once', async () => {
      await page.goto(`${base}/console/people/users`);
      const form = page.getByRole('form', { name: 'Add a local person' });
      await form.getByLabel('Email').fill('trial@example.com');
      await form.getByLabel('Name (optional)').fill('Trial Person');
      await form.getByLabel('auditor').check();
      await form.getByRole('button', { name: 'Add person' }).click();
      await page.getByRole('status').filter({ hasText: 'Added trial@example.com.' }).waitFor();
      const row = page.locator('tr', { hasText: 'trial@example.com' });
      expect(await row.locator('.badge').textContent()).toBe('Local');
      await row.getByLabel('For').selectOption('admin');
      await row.getByRole('button', { name: 'Create token' }).click();
      const shown = row.getByTestId('shown-once');
      await shown.waitFor();
      localToken = (await shown.textContent()) ?? '';
      expect(localToken).toMatch(/^tsp_/);
      await page.screenshot({ path: join(SHOTS, `${kind}-local-person.png`), fullPage: true });
      const tokens = await t.apiTokens.list();
      expect(tokens.find((tk) => tk.prefix === localToken.slice(0, 12))).toMatchObject({ kind: 'personal', scopes: ['admin'], state: 'active' });
    });

    it('the local person signs in to the console with their token and sees what their role allows', async () => {
      expect(localToken).not.toBe('');
      const theirs = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
      await signInWith(theirs, localToken);
      const nav = theirs.getByRole('navigation', { name: 'Console' });
      await nav.getByRole('link', { name: 'Audit log' }).waitFor();
      expect(await nav.getByRole('link', { name: 'Users' }).count()).toBe(0);
      await theirs.close();
    });
  });
});
