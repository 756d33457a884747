/**
 * The access rules admin API on every database: create, read, update, move and
 * delete rules with the change log recording who, when, old and new values;
 * refusals listing every problem (unknown group, bad pattern, duplicate id, a
 * tool rule naming connect) with nothing saved; whole-set replacement from JSON
 * and YAML that is atomic and a no-op when unchanged; If-Match (412 on a stale
 * ETag); explain (a group rule allows, deny wins, no rule falls back to the
 * default, by user id, email or group list); simulate (exactly the flipped
 * decisions, nothing saved, 422 for an invalid proposal); the permissions the
 * routes need; and the policy object deciding exactly as createDecider does.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACCESS_ACTIONS, type AccessRule } from '../src/access/accessRules.js';
import { createDecider } from '../src/access/createDecider.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { serverDoc } from './support/serverDocs.js';

const RULES = '/api/admin/access/rules';
const json = { ...AUTH, 'content-type': 'application/json' };

const allowEngDb: AccessRule = { id: 'eng-db', effect: 'allow', subject: { group: 'eng' }, actions: ['discover', 'connect'], resource: { server: 'com.example/db' } };
const allowAllDiscover: AccessRule = { id: 'all-discover', effect: 'allow', subject: { everyone: true }, actions: ['discover'], resource: { server: '*' } };
const denyBobWiki: AccessRule = {
  id: 'no-wiki-for-bob',
  description: 'contractor',
  effect: 'deny',
  subject: { user: 'usr_bob' },
  actions: ['discover', 'connect'],
  resource: { server: 'com.example/wiki' },
};

describe.each(DATABASES)('access rules API on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;

    const put = (rules: unknown[], headers: Record<string, string> = {}) => t.app.inject({ method: 'PUT', url: RULES, headers: { ...json, ...headers }, payload: { rules } });
    const stored = async () => (await t.app.inject({ url: RULES, headers: AUTH })).json();
    const changes = async (query = '') => (await t.app.inject({ url: `/api/admin/access/changes${query}`, headers: AUTH })).json().changes;

    beforeAll(async () => {
      t = await testToolshed(kind);
      const db = t.store.db;
      await db
        .insertInto('access_groups')
        .values([
          { name: 'eng', description: null, created_at: 1, created_by: 'test' },
          { name: 'sales', description: null, created_at: 1, created_by: 'test' },
        ])
        .execute();
      const user = (id: string, email: string, claimGroups: string[]) => ({
        id,
        issuer: 'https://idp.example',
        subject: id,
        email,
        name: null,
        claim_groups: JSON.stringify(claimGroups),
        claim_roles: '[]',
        roles: '[]',
        disabled: 0,
        created_at: 1,
        last_login_at: null,
      });
      await db
        .insertInto('users')
        .values([user('usr_alice', 'alice@example.com', ['eng']), user('usr_bob', 'bob@example.com', ['contractors'])])
        .execute();
      await db.insertInto('group_members').values({ group_name: 'sales', user_id: 'usr_bob', added_at: 1, added_by: 'test' }).execute();
      for (const name of ['com.example/db', 'com.example/wiki']) {
        expect((await t.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: serverDoc(name, '1.0.0') })).statusCode).toBe(200);
      }
    });
    afterAll(async () => {
      await t?.destroy();
    });
    beforeEach(async () => {
      expect((await put([])).statusCode).toBe(200);
    });

    it('creates, reads, updates, moves and deletes rules, recording each change with who, when, old and new', async () => {
      const since = new Date().toISOString();
      const created = await t.app.inject({ method: 'POST', url: RULES, headers: json, payload: allowEngDb });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ rule: allowEngDb, position: 0, createdBy: 'admin', updatedBy: 'admin' });
      expect(created.headers.etag).toMatch(/^".+"$/);
      expect(created.headers['cache-control']).toBe('no-store');

      const first = await t.app.inject({ method: 'POST', url: `${RULES}?position=0`, headers: json, payload: allowAllDiscover });
      expect(first.json().position).toBe(0);
      let list = await stored();
      expect(list.rules.map((r: AccessRule) => r.id)).toEqual(['all-discover', 'eng-db']);
      expect(list.records[1]).toMatchObject({ id: 'eng-db', position: 1, createdBy: 'admin' });
      expect(list.metadata).toMatchObject({ count: 2, defaultEffect: 'deny', etag: first.headers.etag });

      const changed = { ...allowEngDb, actions: ['discover'] };
      const updated = await t.app.inject({ method: 'PUT', url: `${RULES}/eng-db?position=0`, headers: json, payload: changed });
      expect(updated.statusCode).toBe(200);
      expect(updated.json()).toMatchObject({ rule: changed, position: 0 });
      expect((await t.app.inject({ url: `${RULES}/eng-db`, headers: AUTH })).json()).toMatchObject({ rule: changed, position: 0 });
      // The id in the path is the rule's id.
      const renamed = await t.app.inject({ method: 'PUT', url: `${RULES}/eng-db`, headers: json, payload: { ...changed, id: 'other' } });
      expect(renamed.statusCode).toBe(422);

      expect((await t.app.inject({ method: 'DELETE', url: `${RULES}/all-discover`, headers: AUTH })).statusCode).toBe(204);
      expect((await t.app.inject({ method: 'DELETE', url: `${RULES}/all-discover`, headers: AUTH })).statusCode).toBe(404);
      expect((await t.app.inject({ url: `${RULES}/all-discover`, headers: AUTH })).statusCode).toBe(404);
      list = await stored();
      expect(list.rules).toEqual([changed]);
      expect(t.accessPolicy.rules).toEqual([changed]);

      const log = await changes(`?kind=rule&since=${encodeURIComponent(since)}`);
      expect(log.map((c: { action: string; target: string }) => `${c.action} ${c.target}`)).toEqual(['delete all-discover', 'update eng-db', 'create all-discover', 'create eng-db']);
      expect(log[0]).toMatchObject({ actor: 'admin', targetKind: 'rule', oldValue: { position: 1, rule: allowAllDiscover }, newValue: null });
      expect(log[1]).toMatchObject({ oldValue: { position: 1, rule: allowEngDb }, newValue: { position: 0, rule: changed } });
      expect(log[3]).toMatchObject({ oldValue: null, newValue: { position: 0, rule: allowEngDb } });
      expect(Date.parse(log[0].at)).toBeGreaterThanOrEqual(Date.parse(since));

      const byTarget = await changes('?target=eng-db');
      expect(byTarget.every((c: { target: string }) => c.target === 'eng-db')).toBe(true);
      const page = (await t.app.inject({ url: '/api/admin/access/changes?limit=1', headers: AUTH })).json();
      expect(page.changes).toHaveLength(1);
      const next = (await t.app.inject({ url: `/api/admin/access/changes?limit=1&cursor=${page.metadata.nextCursor}`, headers: AUTH })).json();
      expect(next.changes[0].id).toBeLessThan(page.changes[0].id);

      const duplicate = await t.app.inject({ method: 'POST', url: RULES, headers: json, payload: changed });
      expect(duplicate.statusCode).toBe(409);
    });

    it('refuses a set with every problem listed and saves nothing', async () => {
      expect((await put([allowEngDb])).statusCode).toBe(200);
      const before = await stored();
      const logBefore = await changes();
      const res = await put([
        allowEngDb,
        { ...allowAllDiscover, subject: { group: 'ghosts' } },
        { ...allowAllDiscover, id: 'bad-pattern', resource: { server: 'com.*.example' } },
        { ...allowAllDiscover, id: 'eng-db' },
        { id: 'tool-connect', effect: 'deny', subject: { everyone: true }, actions: ['connect'], resource: { server: 'com.example/db', tool: 'drop' } },
      ]);
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const messages: string[] = res.json().errors.map((e: { message: string }) => e.message);
      expect(messages).toHaveLength(4);
      expect(messages.find((m) => m.includes('unknown group "ghosts"'))).toContain('rule 1 ("all-discover")');
      expect(messages.find((m) => m.includes('invalid server pattern'))).toContain('rule 2 ("bad-pattern")');
      expect(messages).toContain('rule 3 ("eng-db"): duplicate id');
      expect(messages.find((m) => m.includes('not connect'))).toContain('rule 4 ("tool-connect")');
      expect(res.json().detail).toContain('nothing was saved');

      const single = await t.app.inject({ method: 'POST', url: RULES, headers: json, payload: { ...denyBobWiki, subject: { group: 'nobody' }, actions: [] } });
      expect(single.statusCode).toBe(422);
      expect(single.json().errors).toHaveLength(2);

      expect(await stored()).toEqual(before);
      expect(await changes()).toEqual(logBefore);
      expect(t.accessPolicy.rules).toEqual([allowEngDb]);
    });

    it('replaces the whole set from JSON or YAML, atomically, and records nothing when unchanged', async () => {
      const generation = t.accessPolicy.generation;
      const res = await put([allowEngDb, denyBobWiki]);
      expect(res.json()).toMatchObject({ changed: true, added: 2, updated: 0, removed: 0 });
      expect(t.accessPolicy.generation).toBeGreaterThan(generation);
      const logBefore = await changes();

      const again = await put([allowEngDb, denyBobWiki]);
      expect(again.json()).toMatchObject({ changed: false, added: 0 });
      expect(await changes()).toEqual(logBefore);

      const yaml = [
        'rules:',
        '  - id: all-discover',
        '    effect: allow',
        '    subject: { everyone: true }',
        '    actions: [discover]',
        '    resource: { server: "*" }',
        '  - id: eng-db',
        '    effect: allow',
        '    subject: { group: eng }',
        '    actions: [discover, connect, call]',
        '    resource: { server: com.example/db }',
      ].join('\n');
      const fromYaml = await t.app.inject({ method: 'PUT', url: RULES, headers: { ...AUTH, 'content-type': 'application/yaml' }, payload: yaml });
      expect(fromYaml.statusCode).toBe(200);
      expect(fromYaml.json()).toMatchObject({ changed: true, added: 1, updated: 1, removed: 1 });
      expect((await stored()).rules.map((r: AccessRule) => r.id)).toEqual(['all-discover', 'eng-db']);
      const imports = (await changes()).slice(0, 3).map((c: { action: string; target: string }) => `${c.action} ${c.target}`);
      expect(imports.sort()).toEqual(['import all-discover', 'import eng-db', 'import no-wiki-for-bob']);
      // Only the order changes: recorded as a reorder of the ids.
      expect((await put([allowEngDb, allowAllDiscover].map((r) => (r.id === 'eng-db' ? { ...r, actions: ['discover', 'connect', 'call'] } : r)))).json()).toMatchObject({
        changed: true,
        added: 0,
        updated: 0,
        removed: 0,
      });
      expect((await changes())[0]).toMatchObject({ action: 'reorder', target: '*', oldValue: ['all-discover', 'eng-db'], newValue: ['eng-db', 'all-discover'] });

      const badYaml = await t.app.inject({ method: 'PUT', url: RULES, headers: { ...AUTH, 'content-type': 'application/yaml' }, payload: 'rules: [unclosed' });
      expect(badYaml.statusCode).toBe(400);

      // One bad rule at the end: nothing of the set is written.
      const current = await stored();
      const half = await put([denyBobWiki, allowEngDb, { ...allowAllDiscover, id: 'late', actions: ['fly'] }]);
      expect(half.statusCode).toBe(422);
      expect(await stored()).toEqual(current);
    });

    it('honours If-Match on writes (412 when the set changed meanwhile)', async () => {
      const { etag } = (await put([allowEngDb])).json();
      expect((await t.app.inject({ url: RULES, headers: AUTH })).headers.etag).toBe(etag);
      const ok = await t.app.inject({ method: 'POST', url: RULES, headers: { ...json, 'if-match': etag }, payload: allowAllDiscover });
      expect(ok.statusCode).toBe(201);
      const stale = await put([denyBobWiki], { 'if-match': etag });
      expect(stale.statusCode).toBe(412);
      expect(stale.json().detail).toContain('changed since you read them');
      const staleDelete = await t.app.inject({ method: 'DELETE', url: `${RULES}/eng-db`, headers: { ...AUTH, 'if-match': etag } });
      expect(staleDelete.statusCode).toBe(412);
      expect((await stored()).rules.map((r: AccessRule) => r.id)).toEqual(['eng-db', 'all-discover']);
      expect((await put([denyBobWiki], { 'if-match': ok.headers.etag as string })).statusCode).toBe(200);
      expect((await put([allowEngDb], { 'if-match': '*' })).statusCode).toBe(200);
    });

    it('explains a decision: the deciding rule, every match, deny winning, the default', async () => {
      const denyDrop: AccessRule = { id: 'no-drop', effect: 'deny', subject: { everyone: true }, actions: ['call'], resource: { server: 'com.example/*', tool: 'drop' } };
      const engCalls: AccessRule = { id: 'eng-calls', effect: 'allow', subject: { group: 'eng' }, actions: ['call'], resource: { server: 'com.example/db' } };
      await put([allowAllDiscover, engCalls, denyDrop, denyBobWiki]);
      const explain = async (query: string) => {
        const res = await t.app.inject({ url: `/api/admin/access/explain?${query}`, headers: AUTH });
        expect(res.statusCode).toBe(200);
        return res.json();
      };

      const byGroup = await explain('user=usr_alice&action=call&server=com.example/db&tool=query');
      expect(byGroup).toMatchObject({ allowed: true, decidedBy: engCalls, principal: { id: 'usr_alice', label: 'alice@example.com', groups: ['eng'] } });
      expect(byGroup.reason).toContain('"eng-calls"');
      expect(byGroup.matched.map((m: { id: string }) => m.id)).toEqual(['eng-calls']);

      const denied = await explain('user=alice@example.com&server=com.example/db&tool=drop');
      expect(denied).toMatchObject({ allowed: false, action: 'call', decidedBy: denyDrop });
      expect(denied.matched).toEqual([
        { id: 'eng-calls', effect: 'allow', rule: engCalls },
        { id: 'no-drop', effect: 'deny', rule: denyDrop },
      ]);

      const bob = await explain('user=usr_bob&action=discover&server=com.example/wiki');
      expect(bob).toMatchObject({ allowed: false, decidedBy: denyBobWiki, principal: { groups: ['contractors', 'sales'] } });
      expect(bob.reason).toBe('Denied by rule "no-wiki-for-bob": contractor');

      const none = await explain('user=usr_bob&action=connect&server=com.example/db');
      expect(none).toMatchObject({ allowed: false, decidedBy: null, matched: [], defaultEffect: 'deny' });
      expect(none.reason).toContain('no rule matched');

      const hypothetical = await explain('group=eng&group=sales&server=com.example/db&tool=query');
      expect(hypothetical).toMatchObject({ allowed: true, principal: { id: null, groups: ['eng', 'sales'] } });

      expect((await t.app.inject({ url: '/api/admin/access/explain?user=nobody@example.com&server=x', headers: AUTH })).statusCode).toBe(404);
      expect((await t.app.inject({ url: '/api/admin/access/explain?server=x', headers: AUTH })).statusCode).toBe(422);
      expect((await t.app.inject({ url: '/api/admin/access/explain?user=usr_bob&server=x&action=fly', headers: AUTH })).statusCode).toBe(422);
    });

    it('simulates a change: exactly the flipped decisions, and nothing saved', async () => {
      await put([allowAllDiscover, allowEngDb]);
      const before = await stored();
      const logBefore = await changes();
      const denySales: AccessRule = { id: 'sales-no-db', effect: 'deny', subject: { group: 'sales' }, actions: ['discover'], resource: { server: 'com.example/db' } };
      const denyEngConnect: AccessRule = { ...allowEngDb, effect: 'deny', actions: ['connect'] };
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/admin/access/simulate',
        headers: json,
        payload: { upsert: [denySales, denyEngConnect] },
      });
      expect(res.statusCode).toBe(200);
      const sim = res.json();
      // 2 people × 2 servers × discover/connect.
      expect(sim).toMatchObject({ decisions: 8, principals: 2, resources: 2, truncated: false, rules: { added: ['sales-no-db'], changed: ['eng-db'], removed: [] } });
      const flips = sim.changes.map(
        (c: { principal: { id: string }; action: string; server: string; before: { allowed: boolean }; after: { allowed: boolean } }) =>
          `${c.principal.id} ${c.action} ${c.server} ${c.before.allowed}->${c.after.allowed}`,
      );
      // Alice loses connect (the rule is now a deny); Bob (in sales) loses discover of db.
      expect(flips.sort()).toEqual(['usr_alice connect com.example/db true->false', 'usr_bob discover com.example/db true->false']);
      expect(sim.changed).toBe(2);
      expect(sim.changes.find((c: { principal: { id: string } }) => c.principal.id === 'usr_bob').after).toMatchObject({ rule: 'sales-no-db' });

      const tools = await t.app.inject({
        method: 'POST',
        url: '/api/admin/access/simulate',
        headers: json,
        payload: {
          rules: [allowAllDiscover, allowEngDb, { id: 'db-calls', effect: 'allow', subject: { group: 'eng' }, actions: ['call'], resource: { server: 'com.example/db', tool: 'query' } }],
          principals: [{ groups: ['eng'] }],
          servers: ['com.example/db'],
          tools: [
            { server: 'com.example/db', tool: 'query' },
            { server: 'com.example/db', tool: 'drop' },
          ],
        },
      });
      expect(tools.json()).toMatchObject({
        decisions: 6,
        changed: 1,
        changes: [{ principal: { id: null, groups: ['eng'] }, action: 'call', tool: 'query', after: { allowed: true, rule: 'db-calls' } }],
      });

      const invalid = await t.app.inject({
        method: 'POST',
        url: '/api/admin/access/simulate',
        headers: json,
        payload: { upsert: [{ ...denySales, subject: { group: 'ghosts' } }], delete: ['no-such-rule'] },
      });
      expect(invalid.statusCode).toBe(422);
      expect(invalid.json().errors.map((e: { message: string }) => e.message)).toEqual(['delete: no access rule with id "no-such-rule"', expect.stringContaining('unknown group "ghosts"')]);
      expect(await stored()).toEqual(before);
      expect(await changes()).toEqual(logBefore);
    });

    it('decides through the policy object exactly as createDecider does', async () => {
      const rules: AccessRule[] = [
        allowAllDiscover,
        allowEngDb,
        denyBobWiki,
        { id: 'src', effect: 'allow', subject: { group: 'sales' }, actions: ['connect', 'call'], resource: { source: 'upstream' } },
        { id: 'tools', effect: 'deny', subject: { everyone: true }, actions: ['call'], resource: { server: 'com.*', tool: '*' } },
        { id: 'alice', effect: 'allow', subject: { user: 'usr_alice' }, actions: ['call'], resource: { server: 'com.example/wiki', tool: 'read' } },
      ];
      expect((await put(rules)).statusCode).toBe(200);
      const reference = createDecider(rules);
      const principals = [
        { id: 'usr_alice', groups: ['eng'] },
        { id: 'usr_bob', groups: ['sales'] },
        { id: 'x', groups: [] },
      ];
      const resources = [
        { server: 'com.example/db', source: '' },
        { server: 'com.example/wiki', source: '', tool: 'read' },
        { server: 'com.example/wiki', source: 'upstream', tool: 'write' },
        { server: 'org.other/x', source: 'upstream' },
      ];
      let compared = 0;
      for (const p of principals)
        for (const r of resources)
          for (const a of ACCESS_ACTIONS) {
            expect(t.accessPolicy.decide(p, a, r)).toEqual(reference.decide(p, a, r));
            compared++;
          }
      expect(compared).toBe(36);
    });

    it('needs the access permissions', async () => {
      expect((await t.app.inject({ url: RULES })).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'PUT', url: RULES, payload: { rules: [] } })).statusCode).toBe(401);
      expect((await t.app.inject({ url: '/api/admin/access/changes' })).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'POST', url: '/api/admin/access/simulate', payload: { rules: [] } })).statusCode).toBe(401);
    });
  });
});
