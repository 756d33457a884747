/**
 * How the server serves the built web UI (src/http/webUi.ts), on a small stand-in
 * build: `/` and browser navigations to UI paths get index.html with no-cache and a
 * CSP, hashed assets get a one-year immutable cache, and every API, docs and
 * operations path keeps its own answer — the JSON 404 included — whatever the Accept
 * header says. The real build is driven by test/webUi.e2e.test.ts. No database
 * behaviour is involved, so SQLite alone is enough.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtWebUi, WEB_UI_CSP } from '../src/http/webUi.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body><div id="root"></div></body></html>';
const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('serving the web UI', () => {
  let dir: string;
  let t: TestToolshed;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'toolshed-webui-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'index-Ab12Cd34.js'), 'console.log("ui");\n');
    t = await testToolshed('sqlite', {}, { webUiDir: dir });
  });
  afterAll(async () => {
    await t?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds a build only where index.html exists', () => {
    expect(builtWebUi(dir)).toBe(dir);
    expect(builtWebUi(join(dir, 'assets'))).toBeUndefined();
  });

  it('serves index.html at / with no-cache and the CSP', async () => {
    const res = await t.app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toBe(WEB_UI_CSP);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body).toBe(INDEX);
  });

  it('answers browser navigations to UI paths with the same page', async () => {
    for (const url of ['/servers/io.github.acme/weather', '/servers/io.github.acme/weather?version=1.0.0', '/console/sources', '/servers']) {
      const res = await t.app.inject({ url, headers: HTML });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.body, url).toBe(INDEX);
    }
    const head = await t.app.inject({ method: 'HEAD', url: '/console/audit', headers: HTML });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('serves hashed assets with a one-year immutable cache, and a JSON 404 for a missing one', async () => {
    const res = await t.app.inject({ url: '/assets/index-Ab12Cd34.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.body).toBe('console.log("ui");\n');
    const missing = await t.app.inject({ url: '/assets/index-Zz99.js', headers: HTML });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('keeps the JSON 404 for API clients and for unknown API paths even from a browser', async () => {
    const plain = await t.app.inject({ url: '/servers' });
    expect(plain.statusCode).toBe(404);
    expect(plain.json().detail).toBe("Endpoint not found. Did you mean '/v0.1/servers' or '/v0/servers'? See /docs for the API documentation.");
    for (const url of ['/v0.1/nothing', '/v0/nothing', '/api/admin/nothing', '/auth/nothing', '/docs/nothing.js', '/health/x', '/metrics/x']) {
      const res = await t.app.inject({ url, headers: HTML });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toMatch(/^application\/problem\+json/);
    }
    const post = await t.app.inject({ method: 'POST', url: '/servers/x', headers: { ...HTML, 'content-type': 'application/json' }, payload: '{}' });
    expect(post.statusCode).toBe(404);
    expect(post.json().detail).toContain('Endpoint not found');
  });

  it('leaves the API, docs and operations endpoints as they were', async () => {
    const list = await t.app.inject({ url: '/v0.1/servers', headers: HTML });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({ servers: [], metadata: { count: 0 } });
    expect((await t.app.inject({ url: '/openapi.json', headers: HTML })).json().openapi).toBe('3.1.0');
    const docs = await t.app.inject({ url: '/docs', headers: HTML });
    expect([200, 302]).toContain(docs.statusCode);
    expect(docs.body).not.toBe(INDEX);
    expect((await t.app.inject({ url: '/v0.1/health', headers: HTML })).json().status).toBe('ok');
    expect((await t.app.inject({ url: '/metrics', headers: HTML })).body).toContain('toolshed_catalog_versions');
    const admin = await t.app.inject({ url: '/api/admin/sources', headers: { ...HTML } });
    expect(admin.statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/admin/sources', headers: { ...HTML, ...AUTH } })).json()).toEqual({ sources: [] });
  });
});
