/**
 * Reading capabilities, on every database: the `io.toolshed/capabilities` tool
 * summary in the read API's `_meta` (absent before a snapshot, present after one
 * in a version, its versions list and list pages, with a new ETag; descriptions
 * bounded), ranked search (`q=`) finding a server by a tool name or a word of a
 * tool description below name matches, the `tool=` filter (and its bad input),
 * and `GET /api/me/servers/{name}/tools` marking each tool callable or denied by
 * a real access rule for a group the person is in (404 for a server they may not
 * discover, 401 anonymous). Snapshots are written with the store's own
 * `recordSnapshot`, as the probe and the gateway write them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPABILITIES_META_KEY, SUMMARY_TEXT_LIMIT } from '../src/catalog/capabilitySummary.js';
import { snapshotOf } from '../src/inventory/snapshotOf.js';
import { nowMicros, recordSnapshot } from '../src/store/index.js';
import { personWithToken } from './support/people.js';
import { remoteDoc, serverDoc } from './support/serverDocs.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const TOOLS = [
  {
    name: 'create_issue',
    title: 'Create an issue',
    description: 'Opens a ticket in the tracker',
    inputSchema: { type: 'object' },
    annotations: { destructiveHint: false, openWorldHint: true, title: 'ignored' },
  },
  { name: 'delete_repository', description: 'Removes a repository for good', inputSchema: { type: 'object' }, annotations: { destructiveHint: true } },
  { name: 'Huge', description: `${'🦜'.repeat(SUMMARY_TEXT_LIMIT + 50)}`, inputSchema: { type: 'object' } },
];

describe.each(DATABASES)('reading capabilities on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

    async function record(server: string, version: string, tools: Array<Record<string, unknown>>) {
      const snapshot = snapshotOf({ protocolVersion: '2025-06-18', era: 'session', lists: { tools, prompts: [{ name: 'p' }], resources: [] } });
      await t.store.db.transaction().execute(async (tx) => {
        await recordSnapshot({ tx, server, version, snapshot, findings: [], source: 'probe', at: nowMicros() });
        await t.store.notifyChange(tx, [server]);
      });
      t.catalog.capabilitiesChanged([server]);
      return snapshot;
    }

    beforeAll(async () => {
      t = await testToolshed(kind, { accessDefaultEffect: 'allow' });
      await t.catalog.importDocument(remoteDoc('io.example/tracker', '1.0.0', 'https://tracker.example.com/mcp') as never);
      // A name match for "issue", which must rank above the tool-only match.
      await t.catalog.importDocument(serverDoc('io.example/issue-notes', '1.0.0', { description: 'Notes about an issue' }) as never);
      await t.catalog.importDocument(remoteDoc('io.example/secret', '1.0.0', 'https://secret.example.com/mcp') as never);
    });

    afterAll(async () => {
      await t?.destroy();
    });

    it('shows no summary before a snapshot, then one in the version, its versions list and list pages, with a new ETag', async () => {
      const one = '/v0.1/servers/io.example%2Ftracker/versions/1.0.0';
      const before = await get(one);
      expect(before.statusCode).toBe(200);
      expect(before.json()._meta[CAPABILITIES_META_KEY]).toBeUndefined();
      const listBefore = await get('/v0.1/servers?limit=100');

      const snapshot = await record('io.example/tracker', '1.0.0', TOOLS);
      const after = await get(one);
      expect(after.headers.etag).not.toBe(before.headers.etag);
      const summary = after.json()._meta[CAPABILITIES_META_KEY];
      expect(summary).toMatchObject({ snapshotHash: snapshot.hash, source: 'probe', toolCount: 3, prompts: 1, resources: 0, resourceTemplates: 0 });
      expect(summary.observedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      const byName = Object.fromEntries(summary.tools.map((tool: { name: string }) => [tool.name, tool]));
      expect(byName.create_issue).toEqual({
        name: 'create_issue',
        title: 'Create an issue',
        description: 'Opens a ticket in the tracker',
        annotations: { destructiveHint: false, openWorldHint: true },
      });
      expect(byName.delete_repository.annotations).toEqual({ destructiveHint: true });
      expect(JSON.stringify(summary)).not.toContain('inputSchema');
      // Bounded in code points, with no half surrogate pair left over.
      expect(Array.from(byName.Huge.description as string)).toHaveLength(SUMMARY_TEXT_LIMIT);
      expect(byName.Huge.description).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);

      const listAfter = await get('/v0.1/servers?limit=100');
      expect(listAfter.headers.etag).not.toBe(listBefore.headers.etag);
      const items = listAfter.json().servers as Array<{ server: { name: string }; _meta: Record<string, unknown> }>;
      expect(items.find((i) => i.server.name === 'io.example/tracker')!._meta[CAPABILITIES_META_KEY]).toEqual(summary);
      expect(items.find((i) => i.server.name === 'io.example/issue-notes')!._meta[CAPABILITIES_META_KEY]).toBeUndefined();
      const v0 = await get('/v0/servers/io.example%2Ftracker/versions');
      expect(v0.json().servers[0]._meta[CAPABILITIES_META_KEY]).toEqual(summary);

      // A changed snapshot changes the cached answer again.
      await record('io.example/tracker', '1.0.0', TOOLS.slice(0, 2));
      const changed = await get(one);
      expect(changed.headers.etag).not.toBe(after.headers.etag);
      expect(changed.json()._meta[CAPABILITIES_META_KEY].toolCount).toBe(2);
    });

    it('finds a server by a tool name and by a word of a tool description, below a name match', async () => {
      await record('io.example/tracker', '1.0.0', TOOLS);
      const search = async (q: string) => {
        const res = await get(`/v0.1/servers?limit=100&q=${encodeURIComponent(q)}`);
        expect(res.statusCode, res.body).toBe(200);
        return (res.json().servers as Array<{ server: { name: string } }>).map((s) => s.server.name);
      };
      expect(await search('create_issue')).toContain('io.example/tracker');
      expect(await search('tracker ticket')).toContain('io.example/tracker');
      expect(await search('ticket')).toEqual(['io.example/tracker']);
      const issue = await search('issue');
      expect(issue).toEqual(['io.example/issue-notes', 'io.example/tracker']);
      const total = await get('/v0.1/servers?q=ticket&include_total=true');
      expect(total.json().metadata['io.toolshed/total']).toBe(1);
    });

    it('filters by an exact tool name with tool=, and answers bad tool= input with a 4xx problem', async () => {
      const names = async (query: string) => ((await get(`/v0.1/servers?${query}`)).json().servers as Array<{ server: { name: string } }>).map((s) => s.server.name);
      expect(await names('tool=create_issue')).toEqual(['io.example/tracker']);
      expect(await names('tool=Huge')).toEqual(['io.example/tracker']);
      expect(await names('tool=huge')).toEqual([]);
      expect(await names('tool=create')).toEqual([]);
      expect(await names('tool=create_issue&version=latest&q=tracker')).toEqual(['io.example/tracker']);
      // (A NUL is refused before any route, by the request guard.)
      for (const bad of ['', 'x'.repeat(129), 'a%0Ab', 'a%7Fb']) {
        const res = await get(`/v0.1/servers?tool=${bad}`);
        expect(res.statusCode, bad).toBe(422);
        expect(res.headers['content-type'], bad).toMatch(/^application\/problem\+json/);
        expect(res.json().errors[0].location, bad).toBe('query.tool');
      }
    });

    it('marks each tool callable or denied for me by the rule that decides, 404 for a server I may not discover, 401 anonymous', async () => {
      const person = await personWithToken(t, 'carol', ['gateway'], { groups: ['contractors'] });
      const other = await personWithToken(t, 'dave', ['gateway']);
      const rules = async (rule: Record<string, unknown>) => {
        const res = await t.app.inject({ method: 'POST', url: '/api/admin/access/rules', headers: { ...AUTH, 'content-type': 'application/json' }, payload: JSON.stringify(rule) });
        expect(res.statusCode, res.body).toBe(201);
      };
      await rules({
        id: 'no-deleting',
        description: 'Contractors may not delete',
        effect: 'deny',
        subject: { group: 'contractors' },
        actions: ['call'],
        resource: { server: 'io.example/tracker', tool: 'delete_repository' },
      });
      await rules({ id: 'secret-hidden', effect: 'deny', subject: { group: 'contractors' }, actions: ['discover'], resource: { server: 'io.example/secret' } });

      const marks = async (headers: Record<string, string>, server = 'io.example/tracker') => get(`/api/me/servers/${encodeURIComponent(server)}/tools`, headers);
      const mine = await marks(person.headers);
      expect(mine.statusCode, mine.body).toBe(200);
      const body = mine.json();
      expect(body).toMatchObject({ server: 'io.example/tracker', version: '1.0.0' });
      const byName = Object.fromEntries(body.tools.map((m: { name: string }) => [m.name, m]));
      expect(byName.delete_repository).toMatchObject({ allowed: false, rule: { id: 'no-deleting', description: 'Contractors may not delete' } });
      expect(byName.delete_repository.reason).toContain('no-deleting');
      expect(byName.create_issue).toMatchObject({ allowed: true });
      expect(byName.create_issue.rule).toBeUndefined();

      // The same question to the explain endpoint gets the same answer.
      const explained = await get(`/api/admin/access/explain?user=${person.user.id}&action=call&server=io.example%2Ftracker&tool=delete_repository`, AUTH);
      expect(explained.json()).toMatchObject({ allowed: false, reason: byName.delete_repository.reason });

      const theirs = (await marks(other.headers)).json();
      expect(theirs.tools.every((m: { allowed: boolean }) => m.allowed)).toBe(true);

      const hidden = await marks(person.headers, 'io.example/secret');
      const missing = await marks(person.headers, 'io.example/nowhere');
      expect(hidden.statusCode).toBe(404);
      expect(hidden.body.replaceAll('io.example/secret', '<s>')).toBe(missing.body.replaceAll('io.example/nowhere', '<s>'));
      expect((await marks(other.headers, 'io.example/secret')).json()).toMatchObject({ snapshotHash: null, tools: [] });
      expect((await marks({})).statusCode).toBe(401);
    });
  });
});
