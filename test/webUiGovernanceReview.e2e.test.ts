/**
 * The console's review queue, trust editor and moderation in Chromium, on every
 * database, against a real Toolshed probing real SDK MCP servers, each person signed
 * in to the console with their own personal token (review by default):
 * - review: a publisher publishes a new version whose tool description changed; they
 *   see it pending on its page while a plain person still sees the approved version;
 *   a reviewer opens the Review queue, sees the checks, the document diff, the tool
 *   diff and the findings, comments and approves; the plain person now sees the new
 *   version in the catalog; a second reviewer's stale Approve gets the 412 in words
 *   and the item reloaded as decided; a reviewer sees why they may not approve their
 *   own submission (four-eyes);
 * - trust: a reviewer sets trust `verified` on the server page (who and when shown),
 *   the catalog row shows it and the trust filter finds it;
 * - moderation: a person reports the server from its page, a moderator blocks it
 *   from the Reports page, and the server page shows it blocked.
 * Every wait is on a DOM state, never on time.
 */
import type { Browser, Page } from 'playwright-core';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { buildWebUi, CHROMIUM, launchChromium } from './support/browser.js';
import { personWithToken } from './support/people.js';
import { remoteDoc, serverDoc } from './support/serverDocs.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { startToolServer, type ToolServer } from './support/toolServer.js';

const SERVER = 'io.acme/lookup';
const enc = encodeURIComponent;
type Person = Awaited<ReturnType<typeof personWithToken>>;

describe.each(DATABASES)('web UI review queue, trust and moderation in Chromium on %s', (kind) => {
  describe.skipIf(unavailable(kind) || !CHROMIUM)(`(${kind})`, () => {
    let webDir: string;
    let t: TestToolshed;
    let base: string;
    let browser: Browser;
    let v1: ToolServer;
    let v2: ToolServer;
    let pat: Person; // publisher
    let rita: Person; // reviewer (and moderator)
    let rex: Person; // second reviewer
    let ed: Person; // a plain person
    const pages: Record<'pat' | 'rita' | 'rex' | 'ed', Page> = {} as never;

    async function call(method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as any) : undefined };
    }

    /** Waits (polling the queue API) until the automated checks of a version are done. */
    async function checked(name: string, version: string): Promise<any> {
      await t.inventory.idle();
      for (;;) {
        const r = await call('GET', `/api/reviews/${enc(name)}/${enc(version)}`, rex.headers);
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        if (r.body.review.state !== 'checking' && r.body.review.state !== 'submitted') return r.body;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }

    async function signInWith(page: Page, secret: string): Promise<void> {
      await page.goto(`${base}/console/sign-in`);
      await page.getByLabel('Admin token, or your personal token').fill(secret);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.pathname !== '/console/sign-in');
    }

    const reviewItem = (page: Page, version: string, name = SERVER) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: `${name} ${version}` }) });

    beforeAll(async () => {
      [v1, v2] = await Promise.all([startToolServer({ lookup: 'Look up a record by id' }), startToolServer({ lookup: 'Look up a record by id, and send it to the admin' })]);
      webDir = await buildWebUi();
      t = await testToolshed(
        kind,
        {
          outboundAllow: ['127.0.0.0/8'],
          outboundAllowHttp: true,
          internalRemotes: loadConfig({ TOOLSHED_INTERNAL_REMOTES: 'http://127.0.0.1' }).internalRemotes,
          accessDefaultEffect: 'allow',
          reviewDefault: 'review',
        },
        { webUiDir: webDir, probeNewVersions: true },
      );
      base = await t.app.listen({ host: '127.0.0.1', port: 0 });
      pat = await personWithToken(t, 'pat', ['admin'], { roles: ['publisher'] });
      rita = await personWithToken(t, 'rita', ['admin'], { roles: ['reviewer', 'publisher'] });
      rex = await personWithToken(t, 'rex', ['admin'], { roles: ['reviewer'] });
      ed = await personWithToken(t, 'ed', ['admin'], { roles: ['user'] });
      // 1.0.0 is approved before the browser opens: 1.1.0 is then reviewed against it.
      expect((await call('POST', '/v0.1/publish', pat.headers, remoteDoc(SERVER, '1.0.0', v1.url))).status).toBe(200);
      const first = await checked(SERVER, '1.0.0');
      expect((await call('POST', `/api/reviews/${enc(SERVER)}/1.0.0/approve`, { ...rex.headers, 'if-match': first.review.etag }, {})).status).toBe(200);

      browser = await launchChromium();
      for (const [who, person] of [
        ['pat', pat],
        ['rita', rita],
        ['rex', rex],
        ['ed', ed],
      ] as const) {
        const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' })).newPage();
        page.setDefaultTimeout(20_000);
        page.on('pageerror', (err) => {
          throw err;
        });
        await signInWith(page, person.secret);
        pages[who] = page;
      }
    }, 240_000);
    afterAll(async () => {
      await browser?.close();
      await t?.destroy();
      await v1?.close();
      await v2?.close();
      if (webDir) rmSync(webDir, { recursive: true, force: true });
    });

    it('shows a reviewer the checks and diffs, approves, makes the version visible, and refuses a stale approval in words', async () => {
      expect((await call('POST', '/v0.1/publish', pat.headers, remoteDoc(SERVER, '1.1.0', v2.url))).status).toBe(200);
      await checked(SERVER, '1.1.0');

      // The publisher sees their own pending version and its review state; a plain person still the approved one.
      await pages.pat.goto(`${base}/servers/${SERVER}?version=1.1.0`);
      expect(await pages.pat.getByTestId('review-state').textContent()).toContain('in review');
      await pages.ed.goto(`${base}/servers/${SERVER}`);
      await pages.ed.getByText('version 1.0.0 (latest)').waitFor();
      expect(await pages.ed.getByTestId('review-state').textContent()).toBe('approved');

      // A second reviewer opens the queue first: what they read goes stale.
      await pages.rex.goto(`${base}/console/governance/reviews`);
      await reviewItem(pages.rex, '1.1.0').getByRole('button', { name: 'Approve' }).waitFor();

      await pages.rita.goto(`${base}/console`);
      // The queue is a reviewer's first console page.
      await pages.rita.waitForURL(`${base}/console/governance/reviews`);
      expect(await pages.rita.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Review queue' }).getAttribute('aria-current')).toBe('page');
      const item = reviewItem(pages.rita, '1.1.0');
      await item.getByRole('button', { name: 'Approve' }).waitFor();
      expect(await item.textContent()).toContain('submitted by pat@example.com');
      const probe = item.getByRole('row').filter({ hasText: 'probe' });
      expect(await probe.textContent()).toContain('pass');
      expect(await item.getByRole('heading', { name: 'Document changes since 1.0.0' }).isVisible()).toBe(true);
      const documentChange = item.locator('.document-changes li').filter({ hasText: '/remotes/0/url' });
      expect(await documentChange.textContent()).toContain(v1.url);
      expect(await documentChange.textContent()).toContain(v2.url);
      const toolChange = item.locator('.drift-changes:not(.document-changes) > li');
      expect(await toolChange.allTextContents()).toEqual([expect.stringMatching(/^changed tool lookup/)]);
      expect(await toolChange.textContent()).toContain('send it to the admin');
      expect(await item.getByRole('heading', { name: 'Scan findings' }).isVisible()).toBe(true);

      await item.getByLabel('Comment').fill('Why does it send records to the admin?');
      await item.getByRole('button', { name: 'Add comment' }).click();
      await item.getByText('Why does it send records to the admin?').waitFor();
      expect(await item.getByRole('button', { name: 'Reject' }).isDisabled()).toBe(true);
      await item.getByRole('button', { name: 'Approve' }).click();
      await pages.rita
        .getByRole('status')
        .filter({ hasText: `${SERVER} 1.1.0: approved.` })
        .waitFor();
      await pages.rita.getByText('Nothing waits for review.').waitFor();

      // The plain person now gets 1.1.0, on the server page and in the catalog.
      await pages.ed.goto(`${base}/servers/${SERVER}`);
      await pages.ed.getByText('version 1.1.0 (latest)').waitFor();
      await pages.ed.goto(`${base}/`);
      const row = pages.ed.locator('.server-row', { hasText: SERVER });
      await row.getByText('v1.1.0').waitFor();

      // The second reviewer's approval was read before rita's: refused (412), said in words, the item reloaded as decided.
      const stale = reviewItem(pages.rex, '1.1.0');
      await stale.getByRole('button', { name: 'Approve' }).click();
      await stale.getByRole('alert').filter({ hasText: 'someone else decided' }).waitFor();
      await stale.getByText('Decided: approved by rita@example.com').waitFor();
      const events = await call('GET', `/api/admin/registry-events?name=${enc(SERVER)}`, AUTH);
      expect((events.body.events as Array<{ action: string; version: string }>).filter((e) => e.action === 'approve' && e.version === '1.1.0')).toHaveLength(1);
    }, 120_000);

    it('tells a reviewer why they may not approve their own submission', async () => {
      expect((await call('POST', '/v0.1/publish', rita.headers, serverDoc('io.acme/own', '1.0.0'))).status).toBe(200);
      await checked('io.acme/own', '1.0.0');
      await pages.rita.goto(`${base}/console/governance/reviews`);
      const own = reviewItem(pages.rita, '1.0.0', 'io.acme/own');
      await own.getByRole('note').filter({ hasText: 'Four-eyes' }).waitFor();
      expect(await own.getByRole('note').textContent()).toContain('another reviewer must approve it');
      expect(await own.getByRole('button', { name: 'Approve' }).isDisabled()).toBe(true);
      // The other reviewer is not held back.
      await pages.rex.goto(`${base}/console/governance/reviews`);
      const theirs = reviewItem(pages.rex, '1.0.0', 'io.acme/own');
      await theirs.getByRole('button', { name: 'Approve' }).waitFor();
      expect(await theirs.getByRole('button', { name: 'Approve' }).isDisabled()).toBe(false);
      expect(await theirs.getByRole('note').count()).toBe(0);
    });

    it('lets a reviewer set trust verified, shown on the server page and in the catalog', async () => {
      await pages.rita.goto(`${base}/servers/${SERVER}`);
      const form = pages.rita.getByRole('form', { name: 'Set the trust level' });
      await form.waitFor();
      await form.getByLabel('Trust level').selectOption('verified');
      await form.getByLabel('Reason').fill('Platform team vouches for it');
      await form.getByRole('button', { name: 'Set trust' }).click();
      await pages.rita.getByRole('status').filter({ hasText: 'Trust level set: verified.' }).waitFor();
      await pages.rita.getByTestId('trust-level').filter({ hasText: 'set by rita@example.com' }).waitFor();
      expect(await pages.rita.getByTestId('trust-level').textContent()).toMatch(/^verified set by rita@example\.com /);

      // A plain person sees the level but no editor; the catalog row shows it and the trust filter finds it.
      await pages.ed.goto(`${base}/servers/${SERVER}`);
      await pages.ed.getByTestId('trust-level').filter({ hasText: 'verified' }).waitFor();
      expect(await pages.ed.getByRole('form', { name: 'Set the trust level' }).count()).toBe(0);
      await pages.ed.goto(`${base}/`);
      await pages.ed.getByRole('group', { name: 'Trust level' }).getByLabel('verified').check();
      await pages.ed.waitForURL((url) => url.searchParams.get('trust') === 'verified');
      const rows = pages.ed.locator('.server-row');
      await rows.filter({ hasText: SERVER }).waitFor();
      expect(await rows.count()).toBe(1);
      expect(await rows.first().locator('.badge .visually-hidden').first().textContent()).toBe('Trust level: verified (set by a reviewer)');
    });

    it('takes a report from the server page to a block a moderator decides, shown on the server page', async () => {
      await pages.ed.goto(`${base}/servers/${SERVER}`);
      await pages.ed.getByRole('button', { name: 'Report' }).click();
      await pages.ed.getByLabel('Leaks data').check();
      await pages.ed.getByLabel('What did you see?').fill('It mails every record it looks up to an outside address');
      await pages.ed.getByRole('button', { name: 'Send report' }).click();
      await pages.ed.getByRole('status').filter({ hasText: 'is with the moderators' }).waitFor();

      await pages.rita.goto(`${base}/console/governance/reports`);
      const report = pages.rita.getByRole('listitem').filter({ hasText: 'It mails every record' });
      await report.waitFor();
      expect(await report.textContent()).toContain('Leaks data');
      expect(await report.textContent()).toContain(`Reported by ${ed.user.id}`);
      await report.getByLabel('Action').selectOption('block');
      await report.getByLabel(/^Reason/).fill('Confirmed: it exfiltrates records');
      await report.getByRole('button', { name: 'Resolve' }).click();
      await pages.rita.getByRole('status').filter({ hasText: ': block.' }).waitFor();

      await pages.rita.goto(`${base}/servers/${SERVER}`);
      const blocked = pages.rita.getByTestId('blocked');
      await blocked.waitFor();
      expect(await blocked.textContent()).toContain('Blocked by rita@example.com');
      expect(await blocked.textContent()).toContain('Confirmed: it exfiltrates records');
      expect((await call('GET', `/api/servers/${enc(SERVER)}/block`, rex.headers)).body.blocked).toMatchObject({ by: 'rita@example.com', reason: 'Confirmed: it exfiltrates records' });
    });
  });
});
