/**
 * A sync against upstreams that misbehave, played by small HTTP servers on
 * 127.0.0.1, on every database: garbage and non-list bodies fail the run without
 * storing anything; bad items (a header name that is not an RFC 9110 token
 * among them) are recorded as rejections while good ones on the same page are stored; 429 is retried after Retry-After and 5xx with backoff; a
 * silent upstream times out; a failure on page 3 of 5, an injected crash between
 * pages and a real SIGKILL of the syncing process all resume at the first
 * uncommitted page without duplicates or gaps; a second process cannot run the
 * same source at once; concurrent calls share one run; and the auth header is
 * sent upstream, sealed at rest, and never returned nor written to last_error.
 */
import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createToolshed, type Toolshed } from '../src/createToolshed.js';
import { retryAfterMs } from '../src/federation/fetchUpstreamPage.js';
import { createFederation, createSecretBox, loadSecretKey, type Federation, type SyncTuning } from '../src/federation/index.js';
import { openStore } from '../src/store/index.js';
import { DATABASES, scratchDatabase, unavailable, type ScratchDatabase } from './support/testDatabases.js';
import { stubUpstream, type StubUpstream } from './support/stubUpstream.js';
import { serverDoc } from './support/serverDocs.js';

const ROOT = join(import.meta.dirname, '..');
const OFFICIAL = 'io.modelcontextprotocol.registry/official';
const TOKEN = 'Bearer s3cret-upstream-token-0123456789';
const FAST: SyncTuning = { retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 100 }, timeoutMs: 300 };

function entry(name: string, version: string, at = '2025-09-01T10:00:00.123456Z', status = 'active') {
  return { server: serverDoc(name, version), _meta: { [OFFICIAL]: { status, statusChangedAt: at, publishedAt: at, updatedAt: at, isLatest: true } } };
}

/** Ten versions of names of their own (sources sharing names would compete by precedence). */
const ten = (ns: string) => Array.from({ length: 10 }, (_, i) => entry(`io.github.${ns}/s${i}`, '1.0.0', `2025-09-01T10:00:0${i}Z`));
const keys = (items: ReturnType<typeof ten>) => items.map((i) => `${i.server.name}@1.0.0`);

function servePages(items: unknown[], req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const limit = Number(url.searchParams.get('limit') ?? 30);
  const cursor = url.searchParams.get('cursor');
  const keyOf = (i: any) => `${i.server.name}:${i.server.version}`;
  const start = cursor ? items.findIndex((i) => keyOf(i) === cursor) + 1 : 0;
  const page = items.slice(start, start + limit);
  const next = page.length >= limit ? keyOf(page[page.length - 1]) : undefined;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ servers: page, metadata: { ...(next ? { nextCursor: next } : {}), count: page.length } }));
}

const pageOf = (url: string) => new URL(url, 'http://x').searchParams.get('cursor');

describe('Retry-After', () => {
  it('reads delta-seconds and HTTP dates, and ignores anything else', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});

const SECRET_KEY = 'fa'.repeat(32);

describe.each(DATABASES)('federation faults on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let db: ScratchDatabase;
    let t: Toolshed;
    let stub: StubUpstream | undefined;
    let handler: (req: IncomingMessage, res: ServerResponse) => void = (_q, res) => res.end();
    let n = 0;

    const open = async () =>
      createToolshed(
        loadConfig(
          {},
          {
            dataDir: db.dataDir,
            ...(db.databaseUrl ? { databaseUrl: db.databaseUrl } : {}),
            logLevel: 'silent',
            reviewDefault: 'approve',
            adminToken: 'faults-admin-token-0123456789',
            // The federations this file composes beside the Toolshed's must seal with its key.
            secretKey: SECRET_KEY,
            outboundAllow: ['127.0.0.0/8'],
            outboundAllowHttp: true,
          },
        ),
      );
    const federationOf = (toolshed: Toolshed, tuning: SyncTuning = FAST): Federation =>
      createFederation({
        store: toolshed.store,
        catalog: toolshed.catalog,
        outbound: toolshed.outbound,
        secretBox: createSecretBox(loadSecretKey({ configured: SECRET_KEY, dataDir: db.dataDir })),
        tuning,
      });
    /** A fresh source on a fresh stub, answered by `handle`. */
    const source = async (handle: typeof handler, extra: Record<string, unknown> = {}) => {
      handler = handle;
      const name = `s${++n}`;
      await t.federation.addSource({ name, baseUrl: stub!.url, ...extra }, 'admin');
      return name;
    };
    const mirroredOf = async (name: string) =>
      (await t.store.db.selectFrom('mirrored_versions').select(['name', 'version']).where('source', '=', name).orderBy('name').execute()).map((r) => `${r.name}@${r.version}`);

    beforeAll(async () => {
      db = await scratchDatabase(kind);
      t = await open();
      stub = await stubUpstream((req, res) => handler(req, res));
    });
    afterEach(() => {
      stub!.requests.length = 0;
    });
    afterAll(async () => {
      await stub?.close();
      await t?.close();
      await db?.drop();
    });

    it('fails the run on a body that is not JSON, storing nothing and saying why', async () => {
      const name = await source((_q, res) => res.end('<html>oops</html>'));
      const err = await federationOf(t)
        .sync(name)
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ status: 503, code: 'FEDERATION_SYNC_FAILED' });
      const status = await t.federation.getSource(name);
      expect(status.lastError).toMatch(/did not answer with JSON/);
      expect(status.lastErrorAt).not.toBeNull();
      expect(status.lastSuccessAt).toBeNull();
      expect(await mirroredOf(name)).toEqual([]);
    });

    it('fails the run on JSON that is not a server list', async () => {
      const name = await source((_q, res) => res.end(JSON.stringify({ items: [] })));
      await expect(federationOf(t).sync(name)).rejects.toMatchObject({ code: 'FEDERATION_SYNC_FAILED' });
      expect((await t.federation.getSource(name)).lastError).toMatch(/no "servers" array/);
    });

    it('records bad items as rejections and stores the good ones of the same page', async () => {
      const bad = [
        42,
        { server: { name: 'io.github.fault/nodesc', version: '1.0.0' }, _meta: entry('x/y', '1')._meta },
        { ...entry('io.github.fault/badstatus', '2.0.0'), _meta: { [OFFICIAL]: { ...entry('a/b', '1')._meta[OFFICIAL], status: 'gone' } } },
        { ...entry('io.github.fault/badtime', '3.0.0'), _meta: { [OFFICIAL]: { ...entry('a/b', '1')._meta[OFFICIAL], updatedAt: 'yesterday' } } },
        { server: serverDoc('io.github.fault/nometa', '4.0.0') },
        // A header name no client command may carry (shell metacharacters, not an RFC 9110 token).
        {
          ...entry('io.github.fault/badheader', '5.0.0'),
          server: { ...serverDoc('io.github.fault/badheader', '5.0.0'), remotes: [{ type: 'streamable-http', url: 'https://x.example/mcp', headers: [{ name: 'X-Key$(id)' }] }] },
        },
      ];
      const items = [entry('io.github.fault/a', '1.0.0'), ...bad, entry('io.github.fault/b', '1.0.0'), entry('io.github.fault/c', '1.0.0')];
      const name = await source((_q, res) => res.end(JSON.stringify({ servers: items, metadata: { count: items.length } })));
      const result = await federationOf(t).sync(name);
      expect(result).toMatchObject({ fetched: 9, stored: 3, rejected: 6, pages: 1 });
      expect(await mirroredOf(name)).toEqual(['io.github.fault/a@1.0.0', 'io.github.fault/b@1.0.0', 'io.github.fault/c@1.0.0']);
      const rejections = await t.federation.rejections(name, 100);
      expect(rejections.map((r) => [r.name, r.version])).toEqual([
        ['io.github.fault/badheader', '5.0.0'],
        ['io.github.fault/nometa', '4.0.0'],
        ['io.github.fault/badtime', '3.0.0'],
        ['io.github.fault/badstatus', '2.0.0'],
        ['io.github.fault/nodesc', '1.0.0'],
        [null, null],
      ]);
      const reasons = rejections.map((r) => r.reason);
      expect(reasons[0]).toContain('remotes[0].headers[0].name: invalid header name "X-Key$(id)": a header name is an RFC 9110 token (letters, digits and !#$%&\'*+-.^_`|~)');
      expect(reasons[1]).toMatch(/_meta has no/);
      expect(reasons[2]).toMatch(/updatedAt "yesterday" is not an RFC 3339 timestamp/);
      expect(reasons[3]).toMatch(/status "gone"/);
      expect(reasons[4]).toMatch(/API shape check.*description/);
      expect(reasons[5]).toMatch(/not an object/);
      expect((await t.federation.rejections(name, 2, rejections[2]!.id)).map((r) => r.id)).toEqual([rejections[3]!.id, rejections[4]!.id]);
      const listed = await t.app.inject({ url: `/v0.1/servers?source=${name}` });
      expect(listed.json().servers.map((s: any) => s.server.name)).toEqual(['io.github.fault/a', 'io.github.fault/b', 'io.github.fault/c']);
    });

    it('refuses what publish refuses for safety (non-http(s) links, a whitespace-only version) as rejections with reasons, and mirrors the rest', async () => {
      const withFields = (name: string, version: string, extra: Record<string, unknown>) => {
        const item = entry(name, version);
        return { ...item, server: { ...item.server, ...extra } };
      };
      const items = [
        withFields('io.github.unsafe/site', '1.0.0', { websiteUrl: 'javascript:alert(document.cookie)' }),
        withFields('io.github.unsafe/repo', '1.0.0', { repository: { url: 'JavaScript:alert(1)', source: 'github' } }),
        withFields('io.github.unsafe/icon', '1.0.0', { icons: [{ src: 'data:image/svg+xml,<svg onload=alert(1)>' }] }),
        entry('io.github.unsafe/blank', ' '),
        // Older rules let plain http through; it is not a safety matter, so it is mirrored.
        withFields('io.github.unsafe/http-site', '1.0.0', { websiteUrl: 'http://example.com', icons: [{ src: 'https://example.com/i.png' }] }),
      ];
      const name = await source((_q, res) => res.end(JSON.stringify({ servers: items, metadata: { count: items.length } })));
      const result = await federationOf(t).sync(name);
      expect(result).toMatchObject({ fetched: 5, stored: 1, rejected: 4 });
      expect(await mirroredOf(name)).toEqual(['io.github.unsafe/http-site@1.0.0']);
      const reasons = Object.fromEntries((await t.federation.rejections(name, 100)).map((r) => [r.name, r.reason]));
      expect(reasons['io.github.unsafe/site']).toMatch(/unsafe to mirror.*websiteUrl must be an http or https URL, got "javascript:alert\(document.cookie\)"/);
      expect(reasons['io.github.unsafe/repo']).toMatch(/repository\.url must be an http or https URL/);
      expect(reasons['io.github.unsafe/icon']).toMatch(/icons\[0\]\.src must be an http or https URL/);
      expect(reasons['io.github.unsafe/blank']).toMatch(/version cannot be only whitespace/);
    });

    it('waits out a 429 with Retry-After and retries 5xx, then succeeds', async () => {
      let calls = 0;
      const name = await source((req, res) => {
        calls++;
        if (calls === 1) return void res.writeHead(429, { 'retry-after': '1' }).end();
        if (calls === 2) return void res.writeHead(503).end();
        servePages(ten('retry').slice(0, 3), req, res);
      });
      const result = await federationOf(t).sync(name);
      expect(calls).toBe(3);
      expect(result).toMatchObject({ fetched: 3, stored: 3, pages: 1 });
    });

    it('gives up on an upstream that never answers after a bounded number of attempts', async () => {
      const name = await source(() => {}); // holds every request open
      const err = await federationOf(t)
        .sync(name)
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'FEDERATION_SYNC_FAILED' });
      expect((err as Error).message).toMatch(/failed 3 times; last: .*did not answer in time/);
      expect(stub!.requests).toHaveLength(3);
    });

    it('keeps pages 1-2 when page 3 of 5 fails, and resumes at page 3 without duplicates or gaps', async () => {
      let failing = true;
      const TEN = ten('page3');
      const name = await source((req, res) => {
        if (failing && pageOf(req.url!) === 'io.github.page3/s3:1.0.0') return void res.writeHead(500).end();
        servePages(TEN, req, res);
      });
      const tuning = { ...FAST, pageLimit: 2 };
      await expect(federationOf(t, tuning).sync(name)).rejects.toMatchObject({ code: 'FEDERATION_SYNC_FAILED' });
      const broken = await t.federation.getSource(name);
      expect(broken).toMatchObject({ resumable: true, highWater: null });
      expect(broken.lastError).toMatch(/HTTP 500/);
      expect(await mirroredOf(name)).toEqual(keys(TEN.slice(0, 4)));

      failing = false;
      stub!.requests.length = 0;
      const result = await federationOf(t, tuning).sync(name);
      expect(result).toMatchObject({ mode: 'resumed', pages: 4, fetched: 6 }); // pages 3, 4, 5 and the empty one after a full page
      expect(pageOf(stub!.requests[0]!)).toBe('io.github.page3/s3:1.0.0');
      expect(await mirroredOf(name)).toEqual(keys(TEN));
      const status = await t.federation.getSource(name);
      expect(status).toMatchObject({ resumable: false, highWater: '2025-09-01T10:00:09Z' });
      expect(status.counts.lastRun).toEqual({ fetched: 10, stored: 10, rejected: 0, changed: 10, pages: 6 });
    });

    it('survives an upstream that breaks off in the middle of a page, and resumes there', async () => {
      let failing = true;
      const TEN = ten('midpage');
      const name = await source((req, res) => {
        if (failing && pageOf(req.url!) === 'io.github.midpage/s3:1.0.0') {
          // Headers and half a body, then the connection drops.
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"servers":[{"server":{"name":"io.github.midpage/s4","descr');
          setTimeout(() => res.socket?.destroy(), 10);
          return;
        }
        servePages(TEN, req, res);
      });
      const tuning = { ...FAST, pageLimit: 2 };
      await expect(federationOf(t, tuning).sync(name)).rejects.toMatchObject({ code: 'FEDERATION_SYNC_FAILED' });
      expect(await mirroredOf(name)).toEqual(keys(TEN.slice(0, 4)));
      expect((await t.federation.getSource(name)).resumable).toBe(true);
      failing = false;
      const result = await federationOf(t, tuning).sync(name);
      expect(result.mode).toBe('resumed');
      expect(await mirroredOf(name)).toEqual(keys(TEN));
    });

    it('resumes after a crash between pages (injected) at the first uncommitted page', async () => {
      const TEN = ten('crash');
      const name = await source((req, res) => servePages(TEN, req, res));
      const crashing = {
        ...FAST,
        pageLimit: 3,
        afterPage: (_s: string, page: number) => {
          if (page === 2) throw new Error('simulated crash');
        },
      };
      await expect(federationOf(t, crashing).sync(name)).rejects.toThrow('simulated crash');
      expect(await mirroredOf(name)).toHaveLength(6);
      stub!.requests.length = 0;
      const result = await federationOf(t, { ...FAST, pageLimit: 3 }).sync(name);
      expect(result).toMatchObject({ mode: 'resumed', fetched: 4 });
      expect(pageOf(stub!.requests[0]!)).toBe('io.github.crash/s5:1.0.0');
      expect(await mirroredOf(name)).toEqual(keys(TEN));
    });

    it('shares one run between concurrent calls, and (PostgreSQL) refuses another replica syncing the same source', async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const TEN = ten('shared');
      const name = await source((req, res) => void gate.then(() => servePages(TEN, req, res)));
      const federation = federationOf(t, { ...FAST, timeoutMs: 10_000 });
      const first = federation.sync(name);
      const second = federation.sync(name);
      try {
        expect(second).toBe(first);
        // The embedded database admits one process (its pid lock, test/dataSafety.test.ts), so only
        // PostgreSQL replicas can meet here: another pool on the same database, as another replica has.
        if (kind === 'postgres') {
          for (let i = 0; i < 200 && stub!.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
          const other = await openStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
          try {
            const replica = createFederation({ store: other, catalog: t.catalog, outbound: t.outbound, secretBox: createSecretBox(loadSecretKey({ configured: SECRET_KEY, dataDir: db.dataDir })) });
            await expect(replica.sync(name)).rejects.toMatchObject({ status: 409, code: 'FEDERATION_SYNC_RUNNING' });
          } finally {
            await other.close();
          }
        }
      } finally {
        release();
      }
      const [a, b] = await Promise.all([first, second]);
      expect(a).toBe(b);
      expect(a.fetched).toBe(10);
      expect(stub!.requests).toHaveLength(1);
    });

    it('sends the auth header upstream but never returns it, stores it sealed, and keeps it out of last_error', async () => {
      const seen: Array<string | undefined> = [];
      const name = await source(
        (req, res) => {
          seen.push(req.headers.authorization);
          res.end(`denied for ${req.headers.authorization}`); // an upstream echoing the credential
        },
        { authHeader: TOKEN },
      );
      await expect(federationOf(t).sync(name)).rejects.toMatchObject({ code: 'FEDERATION_SYNC_FAILED' });
      expect(seen).toEqual([TOKEN]);
      const status = await t.federation.getSource(name);
      expect(status.hasAuthHeader).toBe(true);
      expect(status.lastError).toMatch(/did not answer with JSON/);
      expect(status.lastError).toContain('[redacted]');
      expect(status.lastError).not.toContain('s3cret');
      expect(JSON.stringify(await t.federation.listSources())).not.toContain('s3cret');
      const row = await t.store.db.selectFrom('federation_sources').select('auth_header').where('name', '=', name).executeTakeFirstOrThrow();
      expect(row.auth_header).toMatch(/^v1:/);
      expect(row.auth_header).not.toContain('s3cret');

      await t.federation.updateSource(name, { authHeader: null }, 'admin');
      handler = (req, res) => {
        seen.push(req.headers.authorization);
        servePages([], req, res);
      };
      await federationOf(t).sync(name);
      expect(seen).toEqual([TOKEN, undefined]);
    });

    it('resumes a sync whose process was SIGKILLed mid-run', async () => {
      let heldPage3: (() => void) | undefined;
      const TEN = ten('killed');
      const name = await source((req, res) => {
        if (pageOf(req.url!) === 'io.github.killed/s3:1.0.0' && !heldPage3) {
          heldPage3 = () => servePages(TEN, req, res);
          return;
        }
        servePages(TEN, req, res);
      });
      await t.close(); // the child needs the database (SQLite admits one process)
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/syncInChild.ts', name, '2'], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          TOOLSHED_DATA_DIR: db.dataDir,
          ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
          TOOLSHED_LOG_LEVEL: 'silent',
          TOOLSHED_REVIEW_DEFAULT: 'approve',
          TOOLSHED_ADMIN_TOKEN: 'faults-admin-token-0123456789',
          TOOLSHED_SECRET_KEY: SECRET_KEY,
          TOOLSHED_OUTBOUND_ALLOW: '127.0.0.0/8',
          TOOLSHED_OUTBOUND_ALLOW_HTTP: 'true',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout!.on('data', (b: Buffer) => (out += b));
      child.stderr!.on('data', (b: Buffer) => (out += b));
      const exited = new Promise<NodeJS.Signals | null>((r) => child.on('close', (_c, signal) => r(signal)));
      for (let i = 0; i < 600 && !heldPage3; i++) await new Promise((r) => setTimeout(r, 50));
      expect(heldPage3, out).toBeDefined();
      expect(out).toContain('page 2');
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      t = await open();
      expect(await t.federation.getSource(name)).toMatchObject({ resumable: true });
      expect(await mirroredOf(name)).toHaveLength(4);
      stub!.requests.length = 0;
      const result = await federationOf(t, { ...FAST, pageLimit: 2 }).sync(name);
      expect(result).toMatchObject({ mode: 'resumed', fetched: 6 });
      expect(pageOf(stub!.requests[0]!)).toBe('io.github.killed/s3:1.0.0');
      expect(await mirroredOf(name)).toEqual(keys(TEN));
    });
  });
});
