/**
 * The review lifecycle (issue #21) end to end, on both databases, with real SDK MCP
 * servers probed by the real inventory and a real MCP client through the gateway:
 * a publisher publishes -> the checks run (probe and definition scan) -> the version
 * waits in the queue, invisible to anonymous readers, employees and the gateway, but
 * visible to its publisher and to reviewers -> a reviewer approves with If-Match (428
 * without, 412 stale, 403 for one's own submission, 403 without catalog.approve) ->
 * the approval pins the snapshot and an employee connects with a real MCP client.
 * A new version whose tool description changed needs review, and until it is approved
 * readers, `version=latest` and the gateway keep the previous version; a version whose
 * tools equal the approved ones is approved at once by a `tools-unchanged` rule; a
 * namespace rule approves a group's publishes whose checks pass. Two concurrent
 * decisions: exactly one wins. Every decision is in the registry audit log.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { GOVERNANCE_META_KEY } from '../src/schemas/governance.js';
import { personWithToken } from './support/people.js';
import { runToolshed } from './support/runToolshed.js';
import { remoteDoc, serverDoc } from './support/serverDocs.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { startToolServer, type ToolServer } from './support/toolServer.js';

const SERVER = 'io.acme/lookup';
const enc = encodeURIComponent;
type Person = Awaited<ReturnType<typeof personWithToken>>;

describe.each(DATABASES)('the review lifecycle on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    let base: string;
    let v1: ToolServer;
    let v2: ToolServer;
    let pat: Person; // publisher
    let rita: Person; // reviewer
    let rex: Person; // reviewer
    let ed: Person; // employee
    let plato: Person; // publisher in the platform group

    async function call(method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as any) : undefined };
    }

    const publish = (who: Person, doc: Record<string, unknown>) => call('POST', '/v0.1/publish', who.headers, doc);
    const review = (name: string, version: string, who: Person = rita) => call('GET', `/api/reviews/${enc(name)}/${enc(version)}`, who.headers);

    /** Waits (by polling the queue API, without a time limit of its own) until the checks of a version are done. */
    async function checked(name: string, version: string): Promise<any> {
      await t.inventory.idle();
      for (;;) {
        const r = await review(name, version);
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        if (r.body.review.state !== 'checking' && r.body.review.state !== 'submitted') return r.body;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }

    async function toolsThroughGateway(): Promise<Record<string, string | undefined>> {
      const res = await call('POST', '/api/me/connections', ed.headers, { server: SERVER, label: 'review journey' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const url = `${base}${new URL(res.body.connection.url).pathname}`;
      const c = new Client({ name: 'review-test', version: '1.0.0' });
      await c.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: ed.headers } }));
      try {
        const { tools } = await c.listTools();
        return Object.fromEntries(tools.map((tool) => [tool.name, tool.description]));
      } finally {
        await c.close();
      }
    }

    beforeAll(async () => {
      [v1, v2] = await Promise.all([startToolServer({ lookup: 'Look up a record by id' }), startToolServer({ lookup: 'Look up a record by id, and send it to the admin' })]);
      t = await testToolshed(
        kind,
        {
          outboundAllow: ['127.0.0.0/8'],
          outboundAllowHttp: true,
          // The SDK servers listen on plain http on loopback: internal remotes a publish may name.
          internalRemotes: loadConfig({ TOOLSHED_INTERNAL_REMOTES: 'http://127.0.0.1' }).internalRemotes,
          accessDefaultEffect: 'allow',
          reviewDefault: 'review',
          publicUrl: 'https://toolshed.example.com',
        },
        { probeNewVersions: true },
      );
      base = await t.app.listen({ host: '127.0.0.1', port: 0 });
      pat = await personWithToken(t, 'pat', ['catalog:publish'], { roles: ['publisher'] });
      plato = await personWithToken(t, 'plato', ['catalog:publish'], { roles: ['publisher'], groups: ['platform'] });
      rita = await personWithToken(t, 'rita', ['admin'], { roles: ['reviewer', 'publisher'] });
      rex = await personWithToken(t, 'rex', ['admin'], { roles: ['reviewer'] });
      ed = await personWithToken(t, 'ed', ['catalog:read', 'gateway']);
    });
    afterAll(async () => {
      await t?.destroy();
      await v1?.close();
      await v2?.close();
    });

    it('publish -> checks -> hidden until approved (If-Match, four-eyes) -> pinned -> an employee connects', async () => {
      const published = await publish(pat, remoteDoc(SERVER, '1.0.0', v1.url));
      // Answered as the official registry does (200 and a ServerResponse), the review state under Toolshed's own key.
      expect(published.status, JSON.stringify(published.body)).toBe(200);
      expect(published.body.server.version).toBe('1.0.0');
      expect(published.body._meta['io.modelcontextprotocol.registry/official'].status).toBe('active');
      expect(published.body._meta[GOVERNANCE_META_KEY].reviewState).toBe('checking');

      const item = await checked(SERVER, '1.0.0');
      expect(item.review.state).toBe('in_review');
      expect(Object.fromEntries(item.review.checks.map((c: { name: string; outcome: string }) => [c.name, c.outcome]))).toMatchObject({
        schema: 'pass',
        namespace: 'pass',
        probe: 'pass',
        scan: 'pass',
      });
      expect(item.review.submittedBy).toBe('pat@example.com');
      expect(item.previousApprovedVersion).toBeNull();

      // Nobody but the publisher and reviewers sees a pending version: not in lists, not by version, not as latest.
      const one = `/v0.1/servers/${enc(SERVER)}/versions/1.0.0`;
      for (const headers of [{}, ed.headers]) {
        expect((await call('GET', one, headers)).status).toBe(404);
        expect((await call('GET', `/v0.1/servers/${enc(SERVER)}/versions/latest`, headers)).status).toBe(404);
        expect((await call('GET', `/v0.1/servers/${enc(SERVER)}/versions`, headers)).status).toBe(404);
        expect((await call('GET', `/v0/servers?search=${enc('io.acme')}`, headers)).body.servers).toEqual([]);
      }
      expect((await call('GET', one, pat.headers)).body._meta[GOVERNANCE_META_KEY].reviewState).toBe('in_review');
      expect((await call('GET', one, rita.headers)).status).toBe(200);
      expect((await call('POST', '/api/me/connections', ed.headers, { server: SERVER, label: 'too early' })).status).toBe(404);

      // Deciding needs catalog.approve, If-Match, and the current ETag.
      expect((await call('GET', '/api/reviews', ed.headers)).status).toBe(403);
      expect((await call('POST', `/api/reviews/${enc(SERVER)}/1.0.0/approve`, pat.headers, {})).status).toBe(403);
      const noIfMatch = await call('POST', `/api/reviews/${enc(SERVER)}/1.0.0/approve`, rita.headers, {});
      expect(noIfMatch.status).toBe(428);
      expect(noIfMatch.body.code).toBe('GOVERNANCE_IF_MATCH_REQUIRED');
      const stale = await call('POST', `/api/reviews/${enc(SERVER)}/1.0.0/approve`, { ...rita.headers, 'if-match': '"99"' }, {});
      expect(stale.status).toBe(412);
      expect(stale.body.code).toBe('GOVERNANCE_REVIEW_CHANGED');

      const queue = await call('GET', '/api/reviews?state=in_review', rita.headers);
      expect(queue.body.reviews.map((r: { name: string; version: string }) => `${r.name}@${r.version}`)).toContain(`${SERVER}@1.0.0`);

      const comment = await call('POST', `/api/reviews/${enc(SERVER)}/1.0.0/comments`, rita.headers, { body: 'Who owns the records?' });
      expect(comment.status).toBe(201);
      expect((await call('POST', `/api/reviews/${enc(SERVER)}/1.0.0/comments`, ed.headers, { body: 'me' })).status).toBe(403);

      const approved = await call('POST', `/api/reviews/${enc(SERVER)}/1.0.0/approve`, { ...rita.headers, 'if-match': item.review.etag }, { reason: 'looks fine' });
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      expect(approved.body).toMatchObject({ state: 'approved', decidedBy: 'rita@example.com', reason: 'looks fine' });
      const after = await review(SERVER, '1.0.0');
      expect(after.body.comments.map((c: { body: string }) => c.body)).toEqual(['Who owns the records?']);

      // Approval pinned the snapshot it was shown.
      const pin = await call('GET', `/api/admin/servers/${enc(SERVER)}/pin`, AUTH);
      expect(pin.body.pinnedSnapshotId).toBe(item.snapshotId);
      expect(pin.body.pinnedBy).toBe('rita@example.com');

      const read = await call('GET', one, ed.headers);
      expect(read.status).toBe(200);
      expect(read.body._meta[GOVERNANCE_META_KEY].reviewState).toBe('approved');
      expect(read.body._meta['io.modelcontextprotocol.registry/official'].isLatest).toBe(true);
      expect(await toolsThroughGateway()).toEqual({ lookup: 'Look up a record by id' });

      const events = await call('GET', `/api/admin/registry-events?name=${enc(SERVER)}`, AUTH);
      const actions = (events.body.events as Array<{ action: string; actor?: string }>).map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['publish', 'submit', 'comment', 'approve']));
    });

    it('a changed tool description needs review, and meanwhile everyone keeps the approved version', async () => {
      const published = await publish(pat, remoteDoc(SERVER, '1.1.0', v2.url));
      expect(published.status, JSON.stringify(published.body)).toBe(200);
      const item = await checked(SERVER, '1.1.0');
      expect(item.review.state).toBe('in_review');
      expect(item.previousApprovedVersion).toBe('1.0.0');
      expect(item.documentDiff.changes).toEqual(expect.arrayContaining([expect.objectContaining({ path: '/remotes/0/url', change: 'changed', before: v1.url, after: v2.url })]));
      expect(item.toolDiff).toEqual([expect.objectContaining({ kind: 'tools', key: 'lookup', change: 'changed' })]);

      // latest is still 1.0.0 for readers, and the gateway still relays 1.0.0's upstream.
      const latest = await call('GET', `/v0.1/servers/${enc(SERVER)}/versions/latest`, ed.headers);
      expect(latest.body.server.version).toBe('1.0.0');
      const listed = await call('GET', `/v0.1/servers?search=${enc(SERVER)}&version=latest`);
      expect(listed.body.servers.map((s: { server: { version: string } }) => s.server.version)).toEqual(['1.0.0']);
      expect(await toolsThroughGateway()).toEqual({ lookup: 'Look up a record by id' });

      // Four-eyes: a reviewer may not approve what they submitted themselves.
      const own = await publish(rita, serverDoc('io.acme/own', '1.0.0'));
      expect(own.status).toBe(200);
      const ownItem = await checked('io.acme/own', '1.0.0');
      const selfApproval = await call('POST', `/api/reviews/${enc('io.acme/own')}/1.0.0/approve`, { ...rita.headers, 'if-match': ownItem.review.etag }, {});
      expect(selfApproval.status).toBe(403);
      expect(selfApproval.body.code).toBe('GOVERNANCE_SELF_APPROVAL');

      const approved = await call('POST', `/api/reviews/${enc(SERVER)}/1.1.0/approve`, { ...rex.headers, 'if-match': item.review.etag }, {});
      expect(approved.status).toBe(200);
      expect((await call('GET', `/v0.1/servers/${enc(SERVER)}/versions/latest`)).body.server.version).toBe('1.1.0');
      expect(await toolsThroughGateway()).toEqual({ lookup: 'Look up a record by id, and send it to the admin' });
    });

    it('approval rules: tools-unchanged and a group namespace approve at once; the policy needs If-Match and is audited', async () => {
      const path = '/api/admin/review-policy/local';
      const current = await call('GET', path, rita.headers);
      expect(current.body).toMatchObject({ source: 'local', stored: false, etag: '"0"', policy: { defaultAction: 'review', rules: [] } });
      const policy = {
        rules: [{ when: 'tools-unchanged' }, { namespace: 'com.acme.platform/*', publishedBy: { group: 'platform' }, when: 'checks-pass' }],
      };
      expect((await call('PUT', path, ed.headers, policy)).status).toBe(403);
      expect((await call('PUT', path, rita.headers, policy)).status).toBe(428);
      expect((await call('PUT', '/api/admin/review-policy/nowhere', { ...rita.headers, 'if-match': '"0"' }, policy)).status).toBe(404);
      const bad = await call('PUT', path, { ...rita.headers, 'if-match': '"0"' }, { rules: [{ when: 'always' }] });
      expect(bad.status).toBe(422);
      const saved = await call('PUT', path, { ...rita.headers, 'if-match': '"0"' }, policy);
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      expect(saved.body).toMatchObject({ stored: true, etag: '"1"', updatedBy: 'rita@example.com' });
      expect((await call('PUT', path, { ...rita.headers, 'if-match': '"0"' }, policy)).status).toBe(412);

      // Same tools as the approved 1.1.0: approved by the rule, without a person.
      expect((await publish(pat, remoteDoc(SERVER, '1.2.0', v2.url))).status).toBe(200);
      const same = await checked(SERVER, '1.2.0');
      expect(same.review).toMatchObject({ state: 'approved', decidedBy: 'toolshed' });
      expect(same.review.autoRule).toContain('tools-unchanged');
      expect((await call('GET', `/v0.1/servers/${enc(SERVER)}/versions/latest`)).body.server.version).toBe('1.2.0');

      // Different tools: still a person's decision, whatever the rule.
      expect((await publish(pat, remoteDoc(SERVER, '1.3.0', v1.url))).status).toBe(200);
      expect((await checked(SERVER, '1.3.0')).review.state).toBe('in_review');

      // The platform group's namespace, checks passed: approved at once; someone else's: reviewed.
      const platform = await publish(plato, serverDoc('com.acme.platform/search', '1.0.0'));
      expect(platform.body._meta[GOVERNANCE_META_KEY].reviewState).toBe('approved');
      const outsider = await publish(pat, serverDoc('com.acme.platform/other', '1.0.0'));
      expect(outsider.body._meta[GOVERNANCE_META_KEY].reviewState).toBe('in_review');

      const events = await call('GET', '/api/admin/registry-events?action=policy', AUTH);
      expect(events.status, JSON.stringify(events.body)).toBe(200);
      expect(JSON.stringify(events.body)).toContain('com.acme.platform/*');
    });

    it('the review CLI lists, shows, comments on and approves a version with the reviewer’s token', async () => {
      expect((await publish(pat, serverDoc('io.acme/cli', '1.0.0'))).status).toBe(200);
      const cli = (args: string[], who: Person = rex) => runToolshed(['review', ...args], { env: { TOOLSHED_URL: base, TOOLSHED_TOKEN: who.secret } });
      const listed = await cli(['list']);
      expect(listed.status, listed.stderr).toBe(0);
      expect(listed.stdout).toContain('io.acme/cli 1.0.0  in_review  local  by pat@example.com');
      expect((await cli(['comment', 'io.acme/cli', '1.0.0', 'Fine by me'])).status).toBe(0);
      const shown = await cli(['show', 'io.acme/cli', '1.0.0']);
      expect(shown.stdout).toContain('comment');
      expect(shown.stdout).toContain('Fine by me');
      const refused = await cli(['approve', 'io.acme/cli', '1.0.0'], ed);
      expect(refused.status).toBe(1);
      const approved = await cli(['approve', 'io.acme/cli', '1.0.0', '--reason', 'ok']);
      expect(approved.status, approved.stderr).toBe(0);
      expect(approved.stdout).toContain('io.acme/cli 1.0.0: approved by rex@example.com');
      expect((await call('GET', `/v0.1/servers/${enc('io.acme/cli')}/versions/1.0.0`)).status).toBe(200);
    }, 300_000);

    it('of two concurrent decisions on the same review, exactly one wins', async () => {
      expect((await publish(pat, serverDoc('io.acme/race', '1.0.0'))).status).toBe(200);
      const item = await checked('io.acme/race', '1.0.0');
      const [a, b] = await Promise.all([
        call('POST', `/api/reviews/${enc('io.acme/race')}/1.0.0/approve`, { ...rita.headers, 'if-match': item.review.etag }, {}),
        call('POST', `/api/reviews/${enc('io.acme/race')}/1.0.0/reject`, { ...rex.headers, 'if-match': item.review.etag }, { reason: 'not needed' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 412]);
      const winner = a.status === 200 ? 'approved' : 'rejected';
      expect((await review('io.acme/race', '1.0.0')).body.review.state).toBe(winner);
      const events = await call('GET', `/api/admin/registry-events?name=${enc('io.acme/race')}`, AUTH);
      const decisions = (events.body.events as Array<{ action: string }>).filter((e) => e.action === 'approve' || e.action === 'reject');
      expect(decisions).toHaveLength(1);
      // A rejected version stays invisible to readers; an approved one is there.
      expect((await call('GET', `/v0.1/servers/${enc('io.acme/race')}/versions/1.0.0`)).status).toBe(winner === 'approved' ? 200 : 404);
    });
  });
});
