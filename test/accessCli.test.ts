/**
 * `toolshed access …` as an administrator runs it (a child process per command)
 * against a Toolshed listening on 127.0.0.1, on every database: apply a YAML
 * rules file, export it and apply the export again (unchanged), list, explain,
 * simulate and apply --dry-run (nothing saved), add and remove a rule, the
 * change log; exit 1 when the server refuses (invalid rules, no token) and 2 for
 * usage and local errors (missing file, unreadable YAML).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runToolshed, type ToolshedRun } from './support/runToolshed.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { ADMIN_TOKEN, AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { serverDoc } from './support/serverDocs.js';

const RULES = `rules:
  - id: eng-db
    description: engineers use the database server
    effect: allow
    subject: { group: eng }
    actions: [discover, connect, call]
    resource: { server: com.example/db }
  - id: no-drop
    effect: deny
    subject: { everyone: true }
    actions: [call]
    resource: { server: "com.example/*", tool: drop }
`;

describe.each(DATABASES)('access CLI on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    let url: string;
    let dir: string;

    const toolshed = (args: string[], token: string | null = ADMIN_TOKEN): Promise<ToolshedRun> =>
      runToolshed(['access', ...args], { env: { TOOLSHED_URL: url, ...(token ? { TOOLSHED_TOKEN: token } : {}) } });

    beforeAll(async () => {
      t = await testToolshed(kind);
      await t.store.db.insertInto('access_groups').values({ name: 'eng', description: null, created_at: 1, created_by: 'test' }).execute();
      await t.store.db
        .insertInto('users')
        .values({
          id: 'usr_alice',
          issuer: 'https://idp.example',
          subject: 'alice',
          email: 'alice@example.com',
          name: null,
          claim_groups: '["eng"]',
          claim_roles: '[]',
          roles: '[]',
          disabled: 0,
          created_at: 1,
          last_login_at: null,
        })
        .execute();
      expect((await t.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: serverDoc('com.example/db', '1.0.0') })).statusCode).toBe(200);
      url = await t.app.listen({ host: '127.0.0.1', port: 0 });
      dir = mkdtempSync(join(tmpdir(), 'toolshed-access-cli-'));
    });
    afterAll(async () => {
      await t?.destroy();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('applies a rules file, exports it, and applying the export changes nothing', async () => {
      const file = join(dir, 'rules.yaml');
      writeFileSync(file, RULES);
      const preview = await toolshed(['rules', 'apply', '--dry-run', file]);
      expect(preview.status).toBe(0);
      expect(preview.stdout).toContain('rules: 2 added, 0 changed, 0 removed');
      expect(preview.stdout).toContain('alice@example.com: discover com.example/db: denied → allowed');
      expect(t.accessPolicy.rules).toEqual([]);

      const applied = await toolshed(['rules', 'apply', file]);
      expect(applied).toMatchObject({ status: 0 });
      expect(applied.stdout).toContain('2 added, 0 updated, 0 removed');
      expect(t.accessPolicy.rules.map((r) => r.id)).toEqual(['eng-db', 'no-drop']);

      const exported = join(dir, 'exported.yaml');
      expect((await toolshed(['rules', 'export', '-o', exported])).status).toBe(0);
      expect(parseYaml(readFileSync(exported, 'utf8'))).toEqual(parseYaml(RULES));
      const json = await toolshed(['rules', 'export', '--format', 'json']);
      expect(JSON.parse(json.stdout)).toEqual(parseYaml(RULES));
      const again = await toolshed(['rules', 'apply', exported]);
      expect(again).toMatchObject({ status: 0, stdout: 'unchanged: the server already holds these 2 rules\n' });

      const list = await toolshed(['rules', 'list']);
      expect(list.stdout).toContain('eng-db  allow  group:eng  discover,connect,call  com.example/db  # engineers use the database server');
      expect(list.stdout).toContain('no-drop  deny  everyone  call  com.example/* tool:drop');
      const one = await toolshed(['rules', 'get', 'no-drop']);
      expect(parseYaml(one.stdout).rules[0].resource).toEqual({ server: 'com.example/*', tool: 'drop' });
    });

    it('explains, simulates, adds, removes and shows the change log', async () => {
      writeFileSync(join(dir, 'rules.yaml'), RULES);
      expect((await toolshed(['rules', 'apply', join(dir, 'rules.yaml')])).status).toBe(0);
      const explained = await toolshed(['explain', '--user', 'alice@example.com', '--server', 'com.example/db', '--tool', 'drop']);
      expect(explained.status).toBe(0);
      expect(explained.stdout).toMatch(/^DENIED: alice@example.com \(groups: eng\) call com.example\/db tool drop\n/);
      expect(explained.stdout).toContain('Denied by rule "no-drop"');
      expect(explained.stdout).toContain('  eng-db  allow');

      const narrower = join(dir, 'narrower.yaml');
      writeFileSync(narrower, RULES.replace('[discover, connect, call]', '[discover]'));
      const sim = await toolshed(['simulate', narrower, '--tool', 'com.example/db:query']);
      expect(sim.status).toBe(0);
      expect(sim.stdout).toContain('~ eng-db');
      expect(sim.stdout).toContain('alice@example.com: connect com.example/db: allowed → denied');
      expect(sim.stdout).toContain('alice@example.com: call com.example/db tool query: allowed → denied');
      expect(sim.stdout).toContain('2 of 4 decisions would change');

      const one = join(dir, 'one.yaml');
      writeFileSync(one, 'id: everyone-discovers\neffect: allow\nsubject: { everyone: true }\nactions: [discover]\nresource: { server: "*" }\n');
      expect(await toolshed(['rules', 'add', one, '--position', '0'])).toMatchObject({ status: 0, stdout: 'added everyone-discovers\n' });
      expect(t.accessPolicy.rules[0]!.id).toBe('everyone-discovers');
      expect(await toolshed(['rules', 'remove', 'everyone-discovers'])).toMatchObject({ status: 0 });
      expect(t.accessPolicy.rules.map((r) => r.id)).toEqual(['eng-db', 'no-drop']);

      const log = await toolshed(['changes', '--limit', '2']);
      expect(
        log.stdout
          .trim()
          .split('\n')
          .map((l) => l.split('  ').slice(1).join('  ')),
      ).toEqual(['admin  delete  rule everyone-discovers', 'admin  create  rule everyone-discovers']);
    });

    it('exits 1 when the server refuses and 2 for usage or local errors', async () => {
      const bad = join(dir, 'bad.yaml');
      writeFileSync(bad, RULES.replace('group: eng', 'group: nobody').replace('tool: drop', 'tool: "dr*p"'));
      const before = t.accessPolicy.etag;
      const refused = await toolshed(['rules', 'apply', bad]);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('unknown group "nobody"');
      expect(refused.stderr).toContain('invalid tool "dr*p"');
      expect(t.accessPolicy.etag).toBe(before);

      const noToken = await toolshed(['rules', 'list'], null);
      expect(noToken.status).toBe(1);
      expect(noToken.stderr).toContain('TOOLSHED_TOKEN');

      expect((await toolshed(['rules', 'apply', join(dir, 'missing.yaml')])).status).toBe(2);
      writeFileSync(join(dir, 'broken.yaml'), 'rules: [');
      const broken = await toolshed(['rules', 'apply', join(dir, 'broken.yaml')]);
      expect(broken.status).toBe(2);
      expect(broken.stderr).toContain('not valid YAML');
      expect((await toolshed(['explain', '--server', 'x'])).status).toBe(2);
      expect((await toolshed(['rules', 'frobnicate'])).status).toBe(2);
    });
  });
});
