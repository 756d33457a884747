/**
 * Mirrored versions under review (issue #21, items 2 and 8), on both databases,
 * between two real Toolshed instances: an upstream registry listening on 127.0.0.1
 * and a downstream mirroring it with review on, which probes the mirrored remotes
 * (real SDK MCP servers) with its real inventory. A mirrored server waits for review
 * and is invisible to anonymous readers, employees and the gateway until a reviewer
 * approves it; a source's own approval policy (a `tools-unchanged` rule for `up`,
 * none for `local`) approves a new upstream version whose tools are unchanged; a new
 * upstream version waiting for review leaves the previous approved one as latest and
 * puts the server in "Needs attention" (`upstream_newer`) until it is approved; a
 * source whose policy is `defaultAction: approve` keeps mirroring straight to
 * readers. Every decision is in the registry audit log.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { GOVERNANCE_META_KEY } from '../src/schemas/governance.js';
import { personWithToken } from './support/people.js';
import { remoteDoc, serverDoc } from './support/serverDocs.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { startToolServer, type ToolServer } from './support/toolServer.js';

const SERVER = 'io.fedreview/lookup';
const OFFICIAL = 'io.modelcontextprotocol.registry/official';
const enc = encodeURIComponent;
type Person = Awaited<ReturnType<typeof personWithToken>>;

describe.each(DATABASES)('mirrored versions under review on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let up: TestToolshed;
    let down: TestToolshed;
    let downBase: string;
    let upUrl: string;
    let v1: ToolServer;
    let v2: ToolServer;
    let rita: Person; // reviewer
    let ed: Person; // employee

    const loopback = {
      outboundAllow: ['127.0.0.0/8'],
      outboundAllowHttp: true,
      internalRemotes: loadConfig({ TOOLSHED_INTERNAL_REMOTES: 'http://127.0.0.1' }).internalRemotes,
    };

    async function call(method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
      const res = await fetch(`${downBase}${path}`, {
        method,
        headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as any) : undefined };
    }

    const upPublish = async (doc: Record<string, unknown>) => {
      const res = await up.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: doc });
      expect(res.statusCode, res.body).toBe(200);
    };
    const review = (name: string, version: string) => call('GET', `/api/reviews/${enc(name)}/${enc(version)}`, rita.headers);

    /** Waits (polling the queue API, without a time limit of its own) until the checks of a mirrored version are done. */
    async function checked(name: string, version: string): Promise<any> {
      for (;;) {
        await down.inventory.idle();
        const r = await review(name, version);
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        if (r.body.review.state !== 'checking' && r.body.review.state !== 'submitted') return r.body;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }

    async function toolsThroughGateway(): Promise<Record<string, string | undefined>> {
      const res = await call('POST', '/api/me/connections', ed.headers, { server: SERVER, label: 'mirrored review' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const url = `${downBase}${new URL(res.body.connection.url).pathname}`;
      const c = new Client({ name: 'federation-review-test', version: '1.0.0' });
      await c.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: ed.headers } }));
      try {
        const { tools } = await c.listTools();
        return Object.fromEntries(tools.map((tool) => [tool.name, tool.description]));
      } finally {
        await c.close();
      }
    }

    const attentionOf = async (name: string) => {
      const res = await call('GET', '/api/admin/attention', AUTH);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const server = (res.body.servers as Array<{ name: string; reasons: Array<{ reason: string }> }>).find((s) => s.name === name);
      return (server?.reasons ?? []).filter((r) => r.reason === 'upstream_newer');
    };

    beforeAll(async () => {
      [v1, v2] = await Promise.all([startToolServer({ lookup: 'Look up a record by id' }), startToolServer({ lookup: 'Look up a record by id, and mail it out' })]);
      // The upstream registry publishes straight to its readers (review off there).
      up = await testToolshed(kind, { ...loopback, reviewDefault: 'approve' });
      upUrl = await up.app.listen({ host: '127.0.0.1', port: 0 });
      down = await testToolshed(kind, { ...loopback, accessDefaultEffect: 'allow', reviewDefault: 'review' }, { probeNewVersions: true });
      downBase = await down.app.listen({ host: '127.0.0.1', port: 0 });
      rita = await personWithToken(down, 'rita', ['admin'], { roles: ['reviewer'] });
      ed = await personWithToken(down, 'ed', ['catalog:read', 'gateway']);
      await down.federation.addSource({ name: 'up', baseUrl: upUrl }, 'admin');
    });
    afterAll(async () => {
      await down?.destroy();
      await up?.destroy();
      await v1?.close();
      await v2?.close();
    });

    it('a mirrored server waits for review, hidden from anonymous readers, employees and the gateway, until a reviewer approves it', async () => {
      await upPublish(remoteDoc(SERVER, '1.0.0', v1.url));
      await down.federation.sync('up');
      const item = await checked(SERVER, '1.0.0');
      expect(item.review).toMatchObject({ state: 'in_review', source: 'up', submittedBy: 'federation:up' });
      expect(Object.fromEntries(item.review.checks.map((c: { name: string; outcome: string }) => [c.name, c.outcome]))).toEqual({
        schema: 'pass',
        namespace: 'skipped',
        ownership: 'skipped',
        probe: 'pass',
        scan: 'pass',
      });
      const queue = await call('GET', '/api/reviews?source=up', rita.headers);
      expect(queue.body.reviews.map((r: { name: string; version: string }) => `${r.name}@${r.version}`)).toEqual([`${SERVER}@1.0.0`]);

      const one = `/v0.1/servers/${enc(SERVER)}/versions/1.0.0`;
      for (const headers of [{}, ed.headers]) {
        expect((await call('GET', one, headers)).status).toBe(404);
        expect((await call('GET', `/v0.1/servers/${enc(SERVER)}/versions/latest`, headers)).status).toBe(404);
        expect((await call('GET', `/v0.1/servers?search=${enc('io.fedreview')}`, headers)).body.servers).toEqual([]);
      }
      expect((await call('GET', one, rita.headers)).body._meta[GOVERNANCE_META_KEY].reviewState).toBe('in_review');
      expect((await call('POST', '/api/me/connections', ed.headers, { server: SERVER, label: 'too early' })).status).toBe(404);

      // A re-sync with nothing new changes nothing: the review stays where it is.
      await down.federation.sync('up');
      expect((await review(SERVER, '1.0.0')).body.review).toMatchObject({ state: 'in_review', etag: item.review.etag });

      const approved = await call('POST', `/api/reviews/${enc(SERVER)}/1.0.0/approve`, { ...rita.headers, 'if-match': item.review.etag }, { reason: 'upstream vetted' });
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      expect(approved.body).toMatchObject({ state: 'approved', decidedBy: 'rita@example.com' });
      const read = await call('GET', one);
      expect(read.status).toBe(200);
      expect(read.body._meta[OFFICIAL].isLatest).toBe(true);
      expect(read.body._meta['io.toolshed/provenance']).toMatchObject({ origin: 'mirror', source: 'up' });
      expect(await toolsThroughGateway()).toEqual({ lookup: 'Look up a record by id' });

      // Still approved after the next sync recomputes the mirrored rows.
      await down.federation.sync('up');
      expect((await call('GET', one)).status).toBe(200);

      const events = await call('GET', `/api/admin/registry-events?name=${enc(SERVER)}`, AUTH);
      const rows = events.body.events as Array<{ action: string; actor: { subject: string } | string }>;
      expect(rows.map((e) => e.action)).toEqual(expect.arrayContaining(['submit', 'approve']));
      expect(JSON.stringify(rows.find((e) => e.action === 'submit'))).toContain('federation:up');
      expect(JSON.stringify(rows.find((e) => e.action === 'approve'))).toContain('rita@example.com');
    });

    it('the source’s own policy approves a new upstream version with unchanged tools; local’s policy does not', async () => {
      const path = '/api/admin/review-policy/up';
      expect((await call('GET', path, rita.headers)).body).toMatchObject({ source: 'up', stored: false, etag: '"0"', policy: { defaultAction: 'review' } });
      const saved = await call('PUT', path, { ...rita.headers, 'if-match': '"0"' }, { rules: [{ when: 'tools-unchanged' }] });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      expect((await call('GET', '/api/admin/review-policy/local', rita.headers)).body).toMatchObject({ stored: false, policy: { defaultAction: 'review', rules: [] } });

      await upPublish(remoteDoc(SERVER, '1.1.0', v1.url));
      await down.federation.sync('up');
      const same = await checked(SERVER, '1.1.0');
      expect(same.review).toMatchObject({ state: 'approved', decidedBy: 'toolshed', source: 'up' });
      expect(same.review.autoRule).toContain('tools-unchanged');
      expect((await call('GET', `/v0.1/servers/${enc(SERVER)}/versions/latest`)).body.server.version).toBe('1.1.0');
      const events = await call('GET', `/api/admin/registry-events?name=${enc(SERVER)}&action=approve`, AUTH);
      expect(JSON.stringify(events.body)).toContain('approved by the approval policy of up');

      // The same tools published locally: local has no such rule, so a person decides.
      const local = 'io.fedreview/local';
      for (const version of ['1.0.0', '1.1.0']) {
        const res = await call('POST', '/v0.1/publish', AUTH, remoteDoc(local, version, v1.url));
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        const r = await checked(local, version);
        expect(r.review).toMatchObject({ state: 'in_review', source: 'local' });
        if (version === '1.0.0') {
          const ok = await call('POST', `/api/reviews/${enc(local)}/1.0.0/approve`, { ...rita.headers, 'if-match': r.review.etag }, {});
          expect(ok.status, JSON.stringify(ok.body)).toBe(200);
        }
      }
    });

    it('a new upstream version waiting for review keeps the approved one as latest and puts the server in Needs attention', async () => {
      expect(await attentionOf(SERVER)).toEqual([]);
      await upPublish(remoteDoc(SERVER, '1.2.0', v2.url));
      await down.federation.sync('up');
      const changed = await checked(SERVER, '1.2.0');
      expect(changed.review.state).toBe('in_review');
      expect(changed.previousApprovedVersion).toBe('1.1.0');
      expect(changed.toolDiff).toEqual([expect.objectContaining({ kind: 'tools', key: 'lookup', change: 'changed' })]);

      expect((await call('GET', `/v0.1/servers/${enc(SERVER)}/versions/latest`)).body.server.version).toBe('1.1.0');
      expect((await call('GET', `/v0.1/servers/${enc(SERVER)}/versions/1.2.0`, ed.headers)).status).toBe(404);
      const listed = await call('GET', `/v0.1/servers?search=${enc(SERVER)}&version=latest`);
      expect(listed.body.servers.map((s: { server: { version: string } }) => s.server.version)).toEqual(['1.1.0']);
      expect(await toolsThroughGateway()).toEqual({ lookup: 'Look up a record by id' });
      expect(await attentionOf(SERVER)).toEqual([{ reason: 'upstream_newer', source: 'up', approvedVersion: '1.1.0', upstreamVersion: '1.2.0' }]);

      const approved = await call('POST', `/api/reviews/${enc(SERVER)}/1.2.0/approve`, { ...rita.headers, 'if-match': changed.review.etag }, {});
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      expect((await call('GET', `/v0.1/servers/${enc(SERVER)}/versions/latest`)).body.server.version).toBe('1.2.0');
      expect(await toolsThroughGateway()).toEqual({ lookup: 'Look up a record by id, and mail it out' });
      expect(await attentionOf(SERVER)).toEqual([]);
    });

    it('a rejected mirrored version stays hidden through re-syncs; a curated pin holds only an approved version', async () => {
      await upPublish(remoteDoc(SERVER, '1.3.0', v1.url));
      await down.federation.sync('up');
      // Tools differ from the approved 1.2.0: a person decides, and rejects.
      const pending = await checked(SERVER, '1.3.0');
      expect(pending.review.state).toBe('in_review');
      const rejected = await call('POST', `/api/reviews/${enc(SERVER)}/1.3.0/reject`, { ...rita.headers, 'if-match': pending.review.etag }, { reason: 'not what we vetted' });
      expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
      await down.federation.sync('up');
      expect((await call('GET', `/v0.1/servers/${enc(SERVER)}/versions/1.3.0`)).status).toBe(404);
      expect((await call('GET', `/v0.1/servers/${enc(SERVER)}/versions/latest`)).body.server.version).toBe('1.2.0');

      // A curator pins 1.1.0: readers get it as latest; a pin on the rejected 1.3.0 falls back to the latest approved.
      const pin = async (version: string) => {
        const res = await call('PUT', `/api/admin/curations/up/${enc(SERVER)}`, AUTH, { pinnedVersion: version });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      };
      await pin('1.1.0');
      expect((await call('GET', `/v0.1/servers/${enc(SERVER)}/versions/latest`)).body.server.version).toBe('1.1.0');
      await pin('1.3.0');
      expect((await call('GET', `/v0.1/servers/${enc(SERVER)}/versions/latest`)).body.server.version).toBe('1.2.0');
      const cleared = await call('DELETE', `/api/admin/curations/up/${enc(SERVER)}`, AUTH);
      expect(cleared.status).toBeLessThan(300);
    });

    it('a rule may ask for a trust level: the curated trust of the source counts, as the reviewer’s would', async () => {
      const path = '/api/admin/review-policy/up';
      const current = await call('GET', path, rita.headers);
      const bad = await call('PUT', path, { ...rita.headers, 'if-match': current.body.etag }, { rules: [{ trust: ['trusted'], when: 'checks-pass' }] });
      expect(bad.status).toBe(422);
      expect(JSON.stringify(bad.body)).toContain('body.rules[0].trust');
      const rules = [...current.body.policy.rules, { namespace: 'io.fedtrust/*', trust: ['verified', 'internal'], when: 'checks-pass' }];
      const saved = await call('PUT', path, { ...rita.headers, 'if-match': current.body.etag }, { rules });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      const curated = await call('PUT', `/api/admin/curations/up/${enc('io.fedtrust/vetted')}`, AUTH, { trust: 'verified' });
      expect(curated.status, JSON.stringify(curated.body)).toBe(200);

      await upPublish(serverDoc('io.fedtrust/vetted', '1.0.0'));
      await upPublish(serverDoc('io.fedtrust/unknown', '1.0.0'));
      await down.federation.sync('up');
      const vetted = await checked('io.fedtrust/vetted', '1.0.0');
      expect(vetted.review).toMatchObject({ state: 'approved', decidedBy: 'toolshed' });
      expect(vetted.review.autoRule).toContain('verified');
      expect((await call('GET', `/v0.1/servers/${enc('io.fedtrust/vetted')}/versions/latest`)).status).toBe(200);
      expect((await checked('io.fedtrust/unknown', '1.0.0')).review.state).toBe('in_review');

      // Curation decides what is mirrored at all: a denied server leaves the queue, and comes back with its review.
      const queued = async () => ((await call('GET', '/api/reviews?source=up', rita.headers)).body.reviews as Array<{ name: string }>).map((r) => r.name);
      expect(await queued()).toContain('io.fedtrust/unknown');
      expect((await call('PUT', `/api/admin/curations/up/${enc('io.fedtrust/unknown')}`, AUTH, { decision: 'deny' })).status).toBe(200);
      expect(await queued()).not.toContain('io.fedtrust/unknown');
      expect((await call('PUT', `/api/admin/curations/up/${enc('io.fedtrust/unknown')}`, AUTH, { decision: 'allow' })).status).toBe(200);
      expect(await queued()).toContain('io.fedtrust/unknown');
      expect((await review('io.fedtrust/unknown', '1.0.0')).body.review.state).toBe('in_review');
    });

    it('a source whose policy is defaultAction approve mirrors straight to readers, as before review', async () => {
      const name = 'io.fedopen/thing';
      await down.federation.addSource({ name: 'open', baseUrl: upUrl, precedence: 10, filter: { names: ['io.fedopen/*'] } }, 'admin');
      const saved = await call('PUT', '/api/admin/review-policy/open', { ...rita.headers, 'if-match': '"0"' }, { defaultAction: 'approve' });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      await upPublish(serverDoc(name, '1.0.0'));
      await down.federation.sync('open');
      const read = await call('GET', `/v0.1/servers/${enc(name)}/versions/latest`);
      expect(read.status, JSON.stringify(read.body)).toBe(200);
      expect(read.body._meta['io.toolshed/provenance'].source).toBe('open');
      expect((await review(name, '1.0.0')).body.review).toMatchObject({ state: 'approved', source: 'open', autoRule: 'review off (defaultAction approve)' });
      // The same upstream carries it for `up` too, whose policy reviews: `open` wins by precedence, so readers keep it.
      await down.federation.sync('up');
      expect((await call('GET', `/v0.1/servers/${enc(name)}/versions/latest`)).status).toBe(200);
    });
  });
});
