/**
 * The console's "Needs attention" and webhook delivery log in Chromium, on every
 * database, signed in with the bootstrap admin token: a server due for
 * re-certification is listed with its reason and owner; the delivery log shows a
 * failed governance delivery with its attempts and last error, and Redeliver queues
 * it again (the new delivery appears as pending). Every wait is on a DOM state.
 */
import type { Browser, Page } from 'playwright-core';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueWebhook, markWebhookFailed, nowMicros } from '../src/store/index.js';
import { buildWebUi, CHROMIUM, launchChromium } from './support/browser.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { ADMIN_TOKEN, testToolshed, type TestToolshed } from './support/testToolshed.js';

describe.each(DATABASES)('web UI needs attention and webhook deliveries in Chromium on %s', (kind) => {
  describe.skipIf(unavailable(kind) || !CHROMIUM)(`(${kind})`, () => {
    let webDir: string;
    let t: TestToolshed;
    let base: string;
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      webDir = await buildWebUi();
      t = await testToolshed(kind, {}, { webUiDir: webDir });
      const now = nowMicros();
      await t.store.db
        .insertInto('server_governance')
        .values({ name: 'io.example/stale', owners: JSON.stringify([{ kind: 'group', name: 'platform' }]), recertify_due_at: now - 86_400_000_000, revision: 1, updated_at: now, updated_by: 'test' })
        .execute();
      const id = await enqueueWebhook({ tx: t.store.db, event: 'server.blocked', payload: '{"event":"server.blocked"}', at: now, endpoint: 'governance', dedupeKey: 'governance:event:9' });
      await t.store.db.updateTable('webhook_deliveries').set({ attempts: 12 }).where('id', '=', id!).execute();
      await markWebhookFailed({ tx: t.store.db, id: id!, error: 'the receiver answered HTTP 502', at: now });
      base = await t.app.listen({ host: '127.0.0.1', port: 0 });
      browser = await launchChromium();
      page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' })).newPage();
      page.on('pageerror', (err) => {
        throw err;
      });
      await page.goto(`${base}/console/sign-in`);
      await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation', { name: 'Console' }).waitFor();
    }, 240_000);
    afterAll(async () => {
      await browser?.close();
      await t?.destroy();
      if (webDir) rmSync(webDir, { recursive: true, force: true });
    });

    it('lists a server due for re-certification with its owner', async () => {
      await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Needs attention' }).click();
      const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'io.example/stale' }) });
      await item.waitFor();
      expect(await item.textContent()).toContain('Re-certification was due');
      expect(await item.textContent()).toContain('Owners: group platform');
      expect(await page.getByTestId('attention-counts').textContent()).toContain('1 re-certification due');
    });

    it('shows a failed delivery and queues it again', async () => {
      await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Webhook deliveries' }).click();
      const failed = page.getByRole('row').filter({ hasText: 'server.blocked' }).filter({ hasText: 'failed' });
      await failed.waitFor();
      expect(await failed.textContent()).toContain('the receiver answered HTTP 502');
      expect(await failed.textContent()).toContain('12');
      await failed.getByRole('button', { name: 'Redeliver' }).click();
      await page.getByRole('status').filter({ hasText: 'queued again as 2' }).waitFor();
      await page.getByRole('row').filter({ hasText: 'pending' }).first().waitFor();
      expect(await page.getByRole('row').filter({ hasText: 'server.blocked' }).count()).toBe(2);
    });
  });
});
