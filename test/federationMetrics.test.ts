/**
 * GET /metrics, on every database: Prometheus text exposition (HELP and TYPE for
 * every family, well-formed samples), served without a token outside /v0, with
 * per-source federation gauges equal to the sources' recorded status, sync
 * counters by outcome, catalog versions by status, nothing secret, and the series
 * of a removed source gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { serverDoc } from './support/serverDocs.js';
import { stubUpstream, type StubUpstream } from './support/stubUpstream.js';

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$/;

interface Exposition {
  types: Map<string, string>;
  helps: Set<string>;
  samples: Array<{ name: string; labels: Record<string, string>; value: number }>;
}

function parseExposition(text: string): Exposition {
  const out: Exposition = { types: new Map(), helps: new Set(), samples: [] };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\S+) (.+)$/.exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') out.types.set(meta[2]!, meta[3]!);
      else out.helps.add(meta[2]!);
      continue;
    }
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not an exposition line: ${line}`);
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]));
    out.samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

describe.each(DATABASES)('metrics on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let upstream: TestToolshed;
    let t: TestToolshed;
    let failing: StubUpstream;

    const scrape = async () => {
      const res = await t.app.inject({ url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      return { text: res.body, parsed: parseExposition(res.body) };
    };
    const value = (e: Exposition, name: string, labels: Record<string, string>) => e.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

    beforeAll(async () => {
      upstream = await testToolshed(kind);
      for (const [name, version] of [
        ['com.example/one', '1.0.0'],
        ['com.example/one', '1.1.0'],
        ['com.example/two', '1.0.0'],
      ] as const) {
        expect((await upstream.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: serverDoc(name, version) })).statusCode).toBe(200);
      }
      const upstreamUrl = await upstream.app.listen({ host: '127.0.0.1', port: 0 });
      failing = await stubUpstream((_req, res) => void res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"gone"}'));
      t = await testToolshed(kind, { outboundAllow: ['127.0.0.0/8'], outboundAllowHttp: true });
      const add = (payload: object) => t.app.inject({ method: 'POST', url: '/api/admin/sources', headers: AUTH, payload });
      expect((await add({ name: 'up', baseUrl: upstreamUrl, authHeader: 'Bearer metrics-secret-xyz' })).statusCode).toBe(201);
      expect((await add({ name: 'bad', baseUrl: failing.url })).statusCode).toBe(201);
      expect((await t.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: serverDoc('com.local/own', '1.0.0') })).statusCode).toBe(200);
      const dep = await t.app.inject({
        method: 'PATCH',
        url: `/v0.1/servers/${encodeURIComponent('com.local/own')}/versions/1.0.0/status`,
        headers: AUTH,
        payload: { status: 'deprecated' },
      });
      expect(dep.statusCode).toBe(200);
      expect((await t.app.inject({ method: 'POST', url: '/api/admin/sources/up/sync', headers: AUTH })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'POST', url: '/api/admin/sources/bad/sync', headers: AUTH })).statusCode).toBe(502);
    });
    afterAll(async () => {
      await t?.destroy();
      await upstream?.destroy();
      await failing?.close();
    });

    it('is well-formed exposition text: every family has HELP and TYPE', async () => {
      const { parsed } = await scrape();
      const families = [
        ['toolshed_federation_last_success_timestamp_seconds', 'gauge'],
        ['toolshed_federation_last_error_timestamp_seconds', 'gauge'],
        ['toolshed_federation_mirrored_versions', 'gauge'],
        ['toolshed_federation_last_run_versions', 'gauge'],
        ['toolshed_federation_syncs_total', 'counter'],
        ['toolshed_catalog_versions', 'gauge'],
      ];
      for (const [name, type] of families) {
        expect(parsed.types.get(name!), name).toBe(type);
        expect(parsed.helps.has(name!), name).toBe(true);
      }
      // A histogram's samples are its name with _bucket, _sum and _count.
      const typed = (name: string) => parsed.types.has(name) || parsed.types.get(name.replace(/_(bucket|sum|count)$/, '')) === 'histogram';
      for (const s of parsed.samples) expect(typed(s.name), s.name).toBe(true);
    });

    it('reports each source as its recorded status says', async () => {
      const { parsed } = await scrape();
      const status = async (name: string) => (await t.app.inject({ url: `/api/admin/sources/${name}`, headers: AUTH })).json();
      const up = await status('up');
      const bad = await status('bad');
      expect(value(parsed, 'toolshed_federation_last_success_timestamp_seconds', { source: 'up' })).toBe(Date.parse(up.lastSuccessAt) / 1000);
      expect(value(parsed, 'toolshed_federation_last_error_timestamp_seconds', { source: 'up' })).toBe(0);
      expect(value(parsed, 'toolshed_federation_last_success_timestamp_seconds', { source: 'bad' })).toBe(0);
      expect(value(parsed, 'toolshed_federation_last_error_timestamp_seconds', { source: 'bad' })).toBe(Date.parse(bad.lastErrorAt) / 1000);
      expect(value(parsed, 'toolshed_federation_mirrored_versions', { source: 'up' })).toBe(3);
      expect(value(parsed, 'toolshed_federation_mirrored_versions', { source: 'bad' })).toBe(0);
      for (const kind of ['fetched', 'stored', 'changed']) {
        expect(value(parsed, 'toolshed_federation_last_run_versions', { source: 'up', kind }), kind).toBe(3);
      }
      expect(value(parsed, 'toolshed_federation_last_run_versions', { source: 'up', kind: 'rejected' })).toBe(0);
      expect(value(parsed, 'toolshed_federation_syncs_total', { source: 'up', outcome: 'success' })).toBe(1);
      expect(value(parsed, 'toolshed_federation_syncs_total', { source: 'bad', outcome: 'failure' })).toBe(1);
      expect(value(parsed, 'toolshed_federation_syncs_total', { source: 'up', outcome: 'failure' })).toBeUndefined();
    });

    it('counts catalog versions by status, local and mirrored alike', async () => {
      const { parsed } = await scrape();
      expect(value(parsed, 'toolshed_catalog_versions', { status: 'active' })).toBe(3);
      expect(value(parsed, 'toolshed_catalog_versions', { status: 'deprecated' })).toBe(1);
      expect(value(parsed, 'toolshed_catalog_versions', { status: 'deleted' })).toBe(0);
    });

    it('needs no token, shows no secret, and lives outside the versioned API', async () => {
      const { text } = await scrape();
      expect(text).not.toContain('metrics-secret');
      expect((await t.app.inject({ url: '/v0/metrics' })).statusCode).toBe(404);
    });

    it('drops the series of a removed source', async () => {
      expect((await t.app.inject({ method: 'DELETE', url: '/api/admin/sources/bad', headers: AUTH })).statusCode).toBe(204);
      const { parsed } = await scrape();
      const gauges = parsed.samples.filter((s) => s.name !== 'toolshed_federation_syncs_total');
      expect(gauges.filter((s) => s.labels.source === 'bad')).toEqual([]);
      expect(value(parsed, 'toolshed_federation_mirrored_versions', { source: 'up' })).toBe(3);
    });
  });
});
