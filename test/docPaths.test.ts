/**
 * Every path the README and docs/*.md mention in code (fenced blocks and inline code)
 * exists on a running Toolshed, so no page sends a reader to a 404: an API path
 * answers something other than the catch-all 404 for its method (or, unnamed, for
 * one of them), a prefix (`/v0`, `/auth/*`) has routes under it, and a web UI path
 * opens a page in Chromium rather than the UI's "no page here". Paths that are not
 * Toolshed's are marked in the page (`<!-- not served by Toolshed: … -->`, see
 * test/support/docPaths.ts). The checker itself is shown to catch bad paths.
 * Nothing here is stored, so SQLite alone is enough.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebUi, CHROMIUM, launchChromium, REPO_ROOT } from './support/browser.js';
import { pathsInMarkdown, variantsOf, type DocPath } from './support/docPaths.js';
import { testToolshed, type TestToolshed } from './support/testToolshed.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** Prefixes the server keeps from the UI (src/http/webUi.ts): a miss there is the API's 404, not a page. */
const NOT_UI = /^\/(?:v0|v0\.1|api|auth|docs|openapi\.json|health|metrics|assets|mcp|gateway)(?:\/|$)/;

const DOCS = [
  'README.md',
  ...readdirSync(join(REPO_ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

describe.skipIf(!CHROMIUM)('paths in the docs', () => {
  let webDir: string;
  let t: TestToolshed;
  let base: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    webDir = await buildWebUi();
    // Every optional route on, as a deployment that uses them all would have it.
    t = await testToolshed('sqlite', { anonymousAuth: true, oidcIssuer: 'https://sso.example.test', oidcClientId: 'toolshed-registry' }, { webUiDir: webDir });
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    page = await browser.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.destroy();
    if (webDir) rmSync(webDir, { recursive: true, force: true });
  });

  /** Whether the app's catch-all answered: the route does not exist. */
  async function routeMissing(method: string, path: string): Promise<boolean> {
    const res = await fetch(base + path, { method, headers: { accept: 'application/json' }, redirect: 'manual' });
    const body = await res.text();
    return res.status === 404 && /"detail":"Endpoint not found\./.test(body);
  }

  /** A route (or a gateway path) under `prefix`, which ends in `/`. */
  async function hasRoutesUnder(prefix: string): Promise<boolean> {
    if (t.app.routeTable.some((r) => r.url.startsWith(prefix))) return true;
    for (const m of METHODS) if (!(await routeMissing(m, `${prefix}x`))) return true;
    return false;
  }

  /** A route whose URL fits the template (`{}` standing for any one segment), for this method or any. */
  function routeFits(template: string, method: string | undefined): boolean {
    const pattern = new RegExp(
      `^${template
        .split('{}')
        .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]+')}$`,
    );
    return t.app.routeTable.some((r) => pattern.test(r.url) && (!method || r.method === method));
  }

  /** Opens the UI at `path`; true when it shows a page other than its "no page here". */
  async function uiPageExists(path: string): Promise<boolean> {
    await page.goto(base + path);
    await page.waitForFunction(() => (document.querySelector('main')?.textContent ?? '').trim() !== '');
    return !(await page.locator('main').textContent())!.includes('There is no page here.');
  }

  async function exists(doc: DocPath): Promise<boolean> {
    for (const variant of variantsOf(doc.path)) {
      if (!(await variantExists(variant, doc.method))) return false;
    }
    return true;
  }

  async function variantExists(template: string, method: string | undefined): Promise<boolean> {
    if (template.endsWith('/*')) return hasRoutesUnder(template.slice(0, -1));
    const path = template.replaceAll('{}', 'x');
    for (const m of method ? [method] : METHODS) if (!(await routeMissing(m, path))) return true;
    if (template.includes('{}') && routeFits(template, method)) return true;
    if (method) return false;
    if (await hasRoutesUnder(`${path}/`)) return true;
    return !NOT_UI.test(path) && uiPageExists(path);
  }

  async function missingIn(text: string, file: string): Promise<string[]> {
    const missing: string[] = [];
    for (const doc of pathsInMarkdown(text)) {
      if (!(await exists(doc))) missing.push(`${file}:${doc.line} ${doc.method ?? ''} ${doc.path}`.replace('  ', ' '));
    }
    return missing;
  }

  it('finds every path the README and docs mention on the running server', async () => {
    const missing: string[] = [];
    let checked = 0;
    for (const file of DOCS) {
      const text = readFileSync(join(REPO_ROOT, file), 'utf8');
      checked += pathsInMarkdown(text).length;
      missing.push(...(await missingIn(text, file)));
    }
    expect(checked).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  }, 120_000);

  it('reports a path that does not exist, and leaves alone one marked as an example', async () => {
    const page = [
      'Probe `GET /health` or `/v0.1/health`; register at `/register`.',
      '',
      '```sh',
      'curl -X POST http://127.0.0.1:8080/v0.1/publish',
      'npx @modelcontextprotocol/inspector --cli http://127.0.0.1:8080/gateway/io.example%2Fweather/mcp',
      'curl https://api.github.com/user   # another host: not Toolshed',
      '```',
      '',
      'Open `/me/connections`, not `/me/nothing`; `PUT /v0.1/publish` is no route, `GET /servers` no API.',
      '',
      '<!-- not served by Toolshed: /proc/<pid>/stat /user -->',
      'Read `/proc/<pid>/stat` and GitHub’s `GET /user`.',
      '',
      'Unmarked again: `/user`.',
    ].join('\n');
    expect(await missingIn(page, 'page.md')).toEqual([
      'page.md:1 GET /health',
      'page.md:1 /register',
      'page.md:5 /gateway/io.example%2Fweather/mcp',
      'page.md:9 /me/nothing',
      'page.md:9 PUT /v0.1/publish',
      'page.md:9 GET /servers',
      'page.md:14 /user',
    ]);
  }, 60_000);
});
