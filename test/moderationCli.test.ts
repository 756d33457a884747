/**
 * The reports CLI against a running Toolshed on both databases: a person files
 * `npx toolshed report NAME@VERSION --kind … --text …`; a moderator lists the
 * queue, shows one report and resolves it with `--action block --reason …`
 * (the CLI reads the report first and sends its ETag as If-Match); a person
 * without catalog.moderate is refused with exit code 1, a bad kind is usage (2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personWithToken } from './support/people.js';
import { runToolshed, type ToolshedRun } from './support/runToolshed.js';
import { serverDoc } from './support/serverDocs.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

describe.each(DATABASES)('reports CLI on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    let url: string;
    let person: string;
    let moderator: string;
    const toolshed = (args: string[], token: string): Promise<ToolshedRun> => runToolshed(args, { env: { TOOLSHED_URL: url, TOOLSHED_TOKEN: token } });

    beforeAll(async () => {
      t = await testToolshed(kind);
      expect((await t.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: serverDoc('com.example/reported', '1.0.0') })).statusCode).toBe(200);
      person = (await personWithToken(t, 'cli-person', ['admin'])).secret;
      moderator = (await personWithToken(t, 'cli-moderator', ['admin'], { roles: ['reviewer'] })).secret;
      url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    });
    afterAll(async () => t?.destroy());

    it('reports, lists, shows and resolves with a block', async () => {
      const filed = await toolshed(['report', 'com.example/reported@1.0.0', '--kind', 'malicious', '--text', 'Asks for my password'], person);
      expect(filed.stderr).toBe('');
      expect(filed.status).toBe(0);
      const id = /#(\d+)/.exec(filed.stdout)![1]!;
      expect(filed.stdout).toContain('com.example/reported@1.0.0');

      expect((await toolshed(['report', 'com.example/reported', '--kind', 'spam'], person)).status).toBe(2);
      const refused = await toolshed(['reports', 'list'], person);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/403/);

      const list = await toolshed(['reports', 'list', '--state', 'open'], moderator);
      expect(list.status).toBe(0);
      expect(list.stdout).toContain(`#${id}  open  malicious  com.example/reported@1.0.0`);
      const shown = await toolshed(['reports', 'show', id], moderator);
      expect(shown.stdout).toContain('Asks for my password');

      const resolved = await toolshed(['reports', 'resolve', id, '--action', 'block', '--reason', 'Phishing'], moderator);
      expect(resolved.stderr).toBe('');
      expect(resolved.stdout).toContain('actioned  malicious');
      expect(resolved.stdout).toContain('block: Phishing');
      expect(t.governance.blocks.blocked('com.example/reported')).toBeDefined();
      const again = await toolshed(['reports', 'resolve', id, '--action', 'dismiss'], moderator);
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/412|changed/);
    }, 300_000);
  });
});
