/**
 * The console's gateway pages end to end, in Debian's Chromium, against a real
 * Toolshed on loopback, on every database, signed in with the bootstrap admin token:
 * real MCP calls through the gateway (SDK client, a real upstream, one call denied by
 * the access policy) plus audit rows seeded in March 2024. The Usage page draws its
 * three charts and their text alternatives carry the exact numbers (calls per day by
 * server, top tools, outcomes with the error and denial rates), for a chosen window
 * and for the default 30 days; it fits a narrow screen and its tables open from the
 * keyboard. The Gateway calls page filters by outcome (the address bar keeps it) and
 * exports the same filter as JSON Lines. Screenshots go to output/web-ui/. Every wait
 * is on a DOM state, never on time.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDecider } from '../src/access/createDecider.js';
import { policyFromAccess } from '../src/gateway/index.js';
import { buildWebUi, CHROMIUM, launchChromium, REPO_ROOT } from './support/browser.js';
import { startStatelessServer, type TestUpstream } from './support/mcpUpstreams.js';
import { EXPECTED_USAGE, seedGatewayCalls } from './support/seedGatewayCalls.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { ADMIN_TOKEN, testToolshed, type TestToolshed } from './support/testToolshed.js';

const SHOTS = join(REPO_ROOT, 'output', 'web-ui');
const LIVE = 'io.example/live';
const policy = policyFromAccess(
  createDecider([{ id: 'no-secret', effect: 'deny', subject: { everyone: true }, actions: ['discover', 'call'], resource: { server: '*', tool: 'secret' } }], undefined, { defaultEffect: 'allow' }),
);

describe.each(DATABASES)('web UI gateway calls and usage in Chromium on %s', (kind) => {
  describe.skipIf(unavailable(kind) || !CHROMIUM)(`(${kind})`, () => {
    let webDir: string;
    let upstream: TestUpstream;
    let t: TestToolshed;
    let base: string;
    let browser: Browser;
    let page: Page;
    const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${kind}-${name}.png`), fullPage: true });
    const rows = (testId: string) =>
      page
        .getByTestId(testId)
        .locator('tbody tr')
        .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));

    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      webDir = await buildWebUi();
      upstream = await startStatelessServer({ json: true });
      t = await testToolshed(kind, { outboundAllow: ['127.0.0.0/8'], outboundAllowHttp: true }, { webUiDir: webDir, gateway: { policy } });
      await t.catalog.importDocument({
        $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
        name: LIVE,
        description: 'A live test upstream',
        version: '1.0.0',
        remotes: [{ type: 'streamable-http', url: upstream.url }],
      } as never);
      base = await t.app.listen({ host: '127.0.0.1', port: 0 });

      // Real calls through the gateway: three echoes and one call the policy denies.
      const client = new Client({ name: 'usage-e2e', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/gateway/${encodeURIComponent(LIVE)}/mcp`), { requestInit: { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } } }));
      for (let i = 0; i < 3; i++) await client.callTool({ name: 'echo', arguments: { text: `hello ${i}` } });
      await client.callTool({ name: 'secret', arguments: {} }).catch(() => undefined);
      await client.close();
      await t.gatewayAudit!.writer.flush();
      await seedGatewayCalls(t.store);

      browser = await launchChromium();
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce', acceptDownloads: true });
      page = await context.newPage();
      page.on('pageerror', (err) => {
        throw err;
      });
      await page.goto(`${base}/console/sign-in`);
      await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation', { name: 'Console' }).waitFor();
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      t?.app.server.closeAllConnections();
      await t?.destroy();
      await upstream?.close();
      if (webDir) rmSync(webDir, { recursive: true, force: true });
    });

    it('lists the gateway pages in the console navigation', async () => {
      const nav = page.getByRole('navigation', { name: 'Console' });
      await nav.getByRole('link', { name: 'Gateway calls' }).waitFor();
      await nav.getByRole('link', { name: 'Usage' }).waitFor();
    });

    it('draws the usage of a chosen window, with the exact numbers in each chart’s text alternative', async () => {
      await page.goto(`${base}/console/usage`);
      await page.getByTestId('usage-window').waitFor();
      await page.getByLabel('From', { exact: true }).fill('2024-03-01');
      await page.getByLabel('To', { exact: true }).fill('2024-03-10');
      await page.getByRole('button', { name: 'Show usage' }).click();
      await page.getByTestId('usage-window').filter({ hasText: '2024-03-01 to 2024-03-10' }).waitFor();
      expect(new URL(page.url()).search).toBe('?since=2024-03-01&until=2024-03-10');
      expect(await page.getByTestId('usage-window').textContent()).toBe('2024-03-01 to 2024-03-10: 22 calls');

      // Three charts drawn, bars and pie sectors included.
      await page.locator('.recharts-bar-rectangle').first().waitFor();
      expect(await page.locator('figure.chart .recharts-surface').count()).toBeGreaterThanOrEqual(3);
      expect(await page.locator('.recharts-pie-sector').count()).toBe(EXPECTED_USAGE.outcomes.length);

      const daily = page.getByRole('figure', { name: 'Calls per day by server' });
      expect(await daily.locator('.chart-summary').textContent()).toBe('22 calls on 3 of 10 days across 10 servers (and others, shown together); busiest: com.acme/alpha with 7 calls.');
      expect(await rows('daily-table')).toEqual(EXPECTED_USAGE.days.map((d) => [d.day, d.server ?? 'Other servers', String(d.calls)]));
      const tools = page.getByRole('figure', { name: 'Top tools' });
      expect(await tools.locator('.chart-summary').textContent()).toBe('4 most-called tools (tools/call); first: search on com.acme/alpha with 4 calls.');
      expect(await rows('tools-table')).toEqual(EXPECTED_USAGE.topTools.map((x) => [x.tool, x.server, String(x.calls)]));
      const outcomes = page.getByRole('figure', { name: 'Errors and denials' });
      expect(await outcomes.locator('.chart-summary').textContent()).toBe('22 calls: error rate 9.1% (2 errors and timeouts), denial rate 9.1% (2 denied), 4.5% rate limited.');
      expect(await rows('outcomes-table')).toEqual([
        ['OK', '17', '77.3%'],
        ['Denied', '2', '9.1%'],
        ['Error', '1', '4.5%'],
        ['Rate limited', '1', '4.5%'],
        ['Timed out', '1', '4.5%'],
      ]);
      await shot('console-usage');

      // The tables open from the keyboard.
      await daily.getByText('The numbers as a table').focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('daily-table').waitFor({ state: 'visible' });
    });

    it('fits a narrow screen', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      try {
        await page.goto(`${base}/console/usage?since=2024-03-01&until=2024-03-10`);
        await page.locator('.recharts-bar-rectangle').first().waitFor();
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        await shot('console-usage-narrow');
      } finally {
        await page.setViewportSize({ width: 1280, height: 900 });
      }
    });

    it('counts the real gateway calls of the last 30 days by default, and narrows to one server', async () => {
      await page.goto(`${base}/console/usage`);
      await page.getByTestId('tools-table').waitFor({ state: 'attached' });
      expect(await page.getByTestId('usage-window').textContent()).toMatch(/^\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}: \d+ calls$/);
      expect(await rows('tools-table')).toEqual([
        ['echo', LIVE, '3'],
        ['secret', LIVE, '1'],
      ]);
      const outcomes = Object.fromEntries((await rows('outcomes-table')).map(([label, n]) => [label, n]));
      expect(outcomes.Denied).toBe('1');
      const all = await t.app.inject({ method: 'GET', url: '/api/admin/gateway/usage', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(await page.getByTestId('usage-window').textContent()).toContain(`: ${all.json().totals.calls} calls`);

      await page.goto(`${base}/console/usage?server=com.acme%2Fnone`);
      await page.getByText('No gateway calls in this window.').waitFor();
    });

    it('filters the gateway calls by outcome and exports the same filter as JSON Lines', async () => {
      await page.goto(`${base}/console/gateway/calls`);
      await page.locator('table.gateway-calls tbody tr').first().waitFor();
      await page.getByLabel('Outcome').selectOption('denied');
      await page.getByRole('button', { name: 'Show calls' }).click();
      await page.waitForURL(/outcome=denied/);
      const table = page.locator('table.gateway-calls');
      // The unfiltered rows stay on screen until the filtered page replaces them: wait for the
      // filtered rows themselves (a wait on the page's state, not a time limit on Toolshed).
      await expect.poll(() => table.locator('tbody tr td:nth-child(5) .badge').allTextContents(), { timeout: 20_000, interval: 100 }).toEqual(['Denied', 'Denied', 'Denied']);
      const servers = await table.locator('tbody tr td:nth-child(3)').allTextContents();
      expect(servers.sort()).toEqual(['com.acme/alpha', 'com.acme/alpha', LIVE]);
      await shot('console-gateway-calls');

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export these calls (JSON Lines)' }).click()]);
      const lines = readFileSync((await download.path())!, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { outcome: string; server: string });
      expect(lines.map((l) => l.outcome)).toEqual(['denied', 'denied', 'denied']);
      expect(lines.map((l) => l.server).sort()).toEqual(servers);
    });
  });
});
