/**
 * Hostile names on a phone, in Debian's Chromium, against a real Toolshed with a person
 * signed in through a real OpenID provider: at 390 px wide nothing on the catalog, a
 * server page (signed in, with Connect), My connections, the registry audit log or the
 * gateway call log is wider than the screen, although a server has a 100-character
 * unbroken title and description, a 200-character name, a long version, package,
 * remote URL, header and variable names, and a connection, tool and caller with long
 * labels. Long names wrap only after a dot, underscore, slash or hyphen, never
 * mid-word. A right-to-left override (U+202E) in a title, description or caller
 * (connection labels refuse it) is shown as a visible `[U+202E]` and the text around it keeps its
 * order ("gnp.exe" is never drawn as "exe.png"), inside an isolated element. A version
 * with neither packages nor remotes is not told to run "from its package". The live
 * capabilities (a tool with a long unbroken name, a 2,000-character description with
 * a zero-width space and a right-to-left override, long parameter names, findings) on
 * the server page and a drift event with a long word diff on the console's Drift alerts
 * page fit the screen too, their invisible characters written out. Nothing here
 * depends on the database, so SQLite alone is enough. Every wait is on a DOM state.
 */
import { rmSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotOf } from '../src/inventory/snapshotOf.js';
import { insertDriftEvent, insertGatewayCalls, pinSnapshot, recordSnapshot } from '../src/store/index.js';
import { buildWebUi, CHROMIUM, launchChromium } from './support/browser.js';
import { freePort } from './support/freePort.js';
import { startSignInIdP, webSignInConfig, type SignInIdP } from './support/startSignInIdP.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const PHONE = { width: 390, height: 844 };
const RLO = '\u202E';
const LONG_NAME = `io.github.the-very-long-organisation-name-of-a-company/an_extremely_long_server_name.with.dots_and_underscores_that_goes_on_and_on_and_on_until_the_limit`;
const LONG_VAR = 'A_VERY_LONG_ENVIRONMENT_VARIABLE_NAME_THAT_NEVER_ENDS_AND_KEEPS_GOING';
const SPOOF = 'io.github.acme/invoice-reader';

const longDoc = {
  $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
  name: LONG_NAME,
  title: 'W'.repeat(100),
  description: 'D'.repeat(100),
  version: `1.0.0-${'rc'.repeat(60)}`,
  packages: [
    {
      registryType: 'npm',
      identifier: `@the-very-long-scope-of-a-company/${'package-name-'.repeat(8)}end`,
      version: '1.0.0',
      transport: { type: 'stdio' },
      environmentVariables: [{ name: LONG_VAR, description: 'X'.repeat(90), isRequired: true, isSecret: true }],
    },
  ],
  remotes: [
    {
      type: 'streamable-http',
      url: `https://${'subdomain-'.repeat(6)}example.com/${'path_segment_'.repeat(8)}mcp`,
      headers: [{ name: `X-${'Very-Long-Header-'.repeat(5)}Name`, description: 'Y'.repeat(90), isRequired: true, isSecret: true }],
    },
  ],
};

const LONG_TOOL = `a_tool_with_a_very_long_name_${'and_more_'.repeat(10)}end`;

/** What the long server was seen to offer: hostile lengths and hidden characters. */
function longSnapshot(description: string) {
  return snapshotOf({
    protocolVersion: '2025-06-18',
    era: 'session',
    instructions: `Use ${LONG_TOOL} ${'carefully '.repeat(80)}`,
    lists: {
      tools: [
        {
          name: LONG_TOOL,
          title: 'T'.repeat(120),
          description,
          inputSchema: {
            type: 'object',
            properties: {
              [`a_parameter_${'with_a_long_name_'.repeat(6)}`]: { type: 'string', description: 'P'.repeat(200) },
              nested: { type: 'object', properties: { [`inner_${'x'.repeat(80)}`]: { type: 'number' } } },
            },
            required: [],
          },
          annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
        },
      ],
      prompts: [{ name: `prompt_${'long_'.repeat(20)}`, description: 'Q'.repeat(300), arguments: [{ name: `argument_${'long_'.repeat(20)}`, required: true }] }],
      resources: [{ uri: `note://${'segment/'.repeat(20)}end`, name: 'N'.repeat(100), mimeType: 'text/plain' }],
    },
  });
}

const spoofDoc = {
  $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
  name: SPOOF,
  title: `Invoice ${RLO}gnp.exe`,
  description: `Opens ${RLO}gnp.exe attachments`,
  version: '1.0.0',
};

describe.skipIf(!CHROMIUM)('web UI on a phone with hostile names', () => {
  let webDir: string;
  let idp: SignInIdP;
  let t: TestToolshed;
  let base: string;
  let browser: Browser;
  let page: Page;

  const width = () => page.evaluate(() => document.documentElement.scrollWidth);

  /**
   * Where the text of the element wraps: for each line break,
   * the characters either side of it.
   */
  const lineBreaksIn = (locator: Locator) =>
    locator.evaluate((el) => {
      const breaks: string[] = [];
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let previous: { top: number; char: string } | undefined;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (let i = 0; i < text.length; i++) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getClientRects()[0];
          if (!rect) continue;
          if (previous && rect.top > previous.top + 2) breaks.push(`${previous.char}|${text[i]}`);
          previous = { top: rect.top, char: text[i]! };
        }
      }
      return breaks;
    });

  /**
   * Where "gnp.exe" in the element's text is drawn: the left edges of its "g" and its last
   * "e" (the text may span several text nodes), and the isolation of the element holding it.
   */
  const drawnOrder = (locator: Locator) =>
    locator.evaluate((el) => {
      const chars: { node: Text; at: number }[] = [];
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        for (let at = 0; at < node.data.length; at++) chars.push({ node, at });
      }
      const text = chars.map((c) => c.node.data[c.at]).join('');
      const start = text.indexOf('gnp.exe');
      const leftOf = (i: number) => {
        const range = document.createRange();
        range.setStart(chars[i]!.node, chars[i]!.at);
        range.setEnd(chars[i]!.node, chars[i]!.at + 1);
        return range.getBoundingClientRect().left;
      };
      const holder = chars[start]!.node.parentElement!;
      return { g: leftOf(start), e: leftOf(start + 6), isolation: getComputedStyle(holder).unicodeBidi };
    });

  beforeAll(async () => {
    webDir = await buildWebUi();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    idp = await startSignInIdP(base);
    t = await testToolshed('sqlite', webSignInConfig(base, idp), { webUiDir: webDir });
    for (const doc of [longDoc, spoofDoc]) {
      const res = await t.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: doc });
      expect(res.statusCode, res.body).toBe(200);
    }
    const rule = await t.app.inject({
      method: 'POST',
      url: '/api/admin/access/rules',
      headers: AUTH,
      payload: { id: 'everyone-uses-everything', effect: 'allow', subject: { everyone: true }, actions: ['discover', 'connect', 'call'], resource: { server: '*' } },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    await insertGatewayCalls({
      tx: t.store.db,
      rows: [LONG_NAME, SPOOF].map((server, i) => ({
        at: Date.parse('2024-03-01T10:00:00Z') * 1000 + i,
        principal_id: 'usr_long',
        principal_label: `${RLO}gnp.exe-${'caller'.repeat(12)}@example.com`,
        principal_via: 'api-token',
        server,
        method: 'tools/call',
        target: `a_tool_with_a_very_long_name_${'and_more_'.repeat(8)}end`,
        outcome: 'error' as const,
        error_code: -32000,
        error_message: `E${'r'.repeat(120)}`,
        duration_us: 1500,
        request_bytes: 120,
        response_bytes: 90,
      })),
    });
    // A pinned snapshot of the long server, then a changed one: an open drift with a long diff.
    const at = Date.now() * 1000;
    const before = await recordSnapshot({ tx: t.store.db, server: LONG_NAME, version: longDoc.version, snapshot: longSnapshot(`Reads ${'W'.repeat(1990)}`), findings: [], source: 'probe', at });
    await pinSnapshot({ tx: t.store.db, server: LONG_NAME, snapshotId: before.id, by: 'alice', at });
    const poisoned = `Reads \u200B${RLO}gnp.exe ${'W'.repeat(1990)}`;
    const after = await recordSnapshot({
      tx: t.store.db,
      server: LONG_NAME,
      version: longDoc.version,
      snapshot: longSnapshot(poisoned),
      findings: [
        {
          rule: 'invisible-unicode',
          severity: 'high',
          kind: 'tools',
          key: LONG_TOOL,
          path: '/description',
          span: [6, 7],
          excerpt: `[U+200B]${'W'.repeat(100)}`,
          message: 'An invisible character in the description',
        },
      ],
      source: 'probe',
      at: at + 1,
    });
    await insertDriftEvent({
      tx: t.store.db,
      event: {
        server: LONG_NAME,
        version: longDoc.version,
        snapshotId: after.id,
        pinnedSnapshotId: before.id,
        via: 'probe',
        detectedAt: at + 1,
        severity: 'high',
        changes: JSON.stringify([
          {
            kind: 'tools',
            key: LONG_TOOL,
            change: 'changed',
            fields: [
              { path: '/description', textDiff: `Reads {+[U+200B][U+202E]gnp.exe+} ${'W'.repeat(300)}` },
              { path: '/annotations/destructiveHint', before: false, after: 'X'.repeat(300) },
            ],
          },
        ]),
      },
    });
    await t.app.listen({ host: '127.0.0.1', port });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: PHONE, reducedMotion: 'reduce' });
    page = await context.newPage();
    page.on('pageerror', (err) => {
      throw err;
    });
    // Alice signs in through the real provider (an administrator, from her groups) sets the long server's header and makes two connections to it.
    idp.loginAs = 'alice';
    await page.goto(`${base}/`);
    await page.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true }).click();
    await page.getByTestId('signed-in-as').waitFor();
    const made = await page.evaluate(
      async ({ servers, label, header }) => {
        const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
        const headers = { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken };
        const secret = await fetch(`/api/me/servers/${encodeURIComponent(servers[0]!)}/secrets/${encodeURIComponent(header)}`, {
          method: 'PUT',
          headers,
          body: JSON.stringify({ kind: 'header', value: 'a-key' }),
        });
        const statuses: (number | string)[] = [secret.ok ? 200 : `${secret.status} ${await secret.text()}`];
        for (const server of servers) {
          const res = await fetch('/api/me/connections', {
            method: 'POST',
            headers,
            body: JSON.stringify({ server, label }),
          });
          statuses.push(res.status === 201 ? 201 : `${res.status} ${await res.text()}`);
        }
        return statuses;
      },
      { servers: [LONG_NAME, LONG_NAME], label: 'L'.repeat(100), header: longDoc.remotes[0]!.headers[0]!.name },
    );
    expect(made).toEqual([200, 201, 201]);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.destroy();
    await idp?.close();
    if (webDir) rmSync(webDir, { recursive: true, force: true });
  });

  it('keeps the catalog within the screen, names wrapping only at dots, underscores, slashes and hyphens', async () => {
    await page.goto(`${base}/`);
    await page.locator('.server-row', { hasText: LONG_NAME }).waitFor();
    expect(await width()).toBeLessThanOrEqual(PHONE.width);
    const breaks = await lineBreaksIn(page.locator('.server-row', { hasText: LONG_NAME }).locator('.server-row-name code'));
    expect(breaks.length).toBeGreaterThan(0);
    for (const b of breaks) expect(b, breaks.join(' ')).toMatch(/^[._/-]\|/);
  });

  it('keeps a server page within the screen, signed in with Connect, its variable names whole between separators', async () => {
    await page.goto(`${base}/servers/${LONG_NAME}`);
    await page.getByRole('heading', { name: 'Configuration you supply' }).waitFor();
    const variable = page.locator('.config-group td code', { hasText: LONG_VAR });
    await variable.waitFor();
    expect(await width()).toBeLessThanOrEqual(PHONE.width);
    for (const name of [page.locator('.server-header code'), variable]) {
      const breaks = await lineBreaksIn(name);
      expect(breaks.length).toBeGreaterThan(0);
      for (const b of breaks) expect(b, breaks.join(' ')).toMatch(/^[._/-]\|/);
    }
  });

  it('shows a right-to-left override visibly, in an isolated element, so "gnp.exe" is never drawn as "exe.png"', async () => {
    await page.goto(`${base}/servers/${SPOOF}`);
    const heading = page.getByRole('heading', { level: 1 });
    await heading.waitFor();
    expect(await heading.textContent()).toBe('Invoice [U+202E]gnp.exe');
    expect(await page.locator('.server-description').textContent()).toBe('Opens [U+202E]gnp.exe attachments');
    for (const selector of ['.server-header h1', '.server-description']) {
      const drawn = await drawnOrder(page.locator(selector));
      expect(drawn.g, selector).toBeLessThan(drawn.e);
      expect(drawn.isolation, selector).toBe('isolate');
    }
    expect(await width()).toBeLessThanOrEqual(PHONE.width);
    expect(await page.locator('main').textContent()).not.toContain('from its package');
    expect(await page.locator('main').textContent()).toContain('lists neither a package nor a remote');

    await page.goto(`${base}/?q=invoice`);
    await page.locator('.server-row', { hasText: SPOOF }).waitFor();
    const row = await drawnOrder(page.locator('.server-row', { hasText: SPOOF }).locator('.server-row-title'));
    expect(row.g).toBeLessThan(row.e);
    expect(row.isolation).toBe('isolate');
  });

  it('keeps My connections within the screen with a long name and an unbroken 100-character label', async () => {
    await page.goto(`${base}/me/connections`);
    await page.getByRole('table').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(2);
    expect(await width()).toBeLessThanOrEqual(PHONE.width);
  });

  it('keeps the registry audit log and the gateway call log within the screen', async () => {
    await page.goto(`${base}/console/audit`);
    await page.getByRole('table').waitFor();
    await page.locator('tbody tr', { hasText: LONG_NAME }).first().waitFor();
    expect(await width()).toBeLessThanOrEqual(PHONE.width);

    await page.goto(`${base}/console/gateway/calls?since=2024-03-01&until=2024-03-02`);
    await page.locator('tbody tr', { hasText: LONG_NAME }).first().waitFor();
    expect(await width()).toBeLessThanOrEqual(PHONE.width);
    expect(await page.locator('tbody').textContent()).not.toContain(RLO);
    const caller = await drawnOrder(page.locator('tbody tr td:nth-child(2)').first());
    expect(caller.g).toBeLessThan(caller.e);
  });

  it('keeps the live capabilities on a server page and the drift alerts within the screen, hidden characters written out', async () => {
    await page.goto(`${base}/servers/${LONG_NAME}`);
    const card = page.locator('.tool-card', { hasText: LONG_TOOL });
    await card.waitFor();
    await page.getByRole('heading', { name: 'Prompts' }).waitFor();
    expect(await width()).toBeLessThanOrEqual(PHONE.width);
    const text = await card.locator('.definition-text').textContent();
    expect(text).toMatch(/^Reads \[U\+200B\]\[U\+202E\]gnp\.exe W+…$/);
    expect(text).not.toContain(RLO);
    await card.getByRole('button', { name: `Show all of the description of ${LONG_TOOL}` }).click();
    expect(await width()).toBeLessThanOrEqual(PHONE.width);
    const drawn = await drawnOrder(card.locator('.definition-text'));
    expect(drawn.g).toBeLessThan(drawn.e);
    expect(await page.getByRole('region', { name: 'What the scan found' }).textContent()).toContain('[U+200B]');

    await page.goto(`${base}/console/inventory/drift`);
    const event = page.locator('.drift-event', { hasText: LONG_TOOL });
    await event.waitFor();
    expect(await event.locator('ins').first().textContent()).toBe('[added: [U+200B][U+202E]gnp.exe]');
    expect(await width()).toBeLessThanOrEqual(PHONE.width);
  });
});
