/**
 * `npx toolshed servers governance|trust|owners|recertify` against a running
 * Toolshed on both databases: shows a server's governance, sets trust (an unknown
 * level is a usage error, exit 2, sent nowhere), adds an owner by verified email
 * and a group, re-certifies; without catalog.approve the server refuses (exit 1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personWithToken } from './support/people.js';
import { runToolshed, type ToolshedRun } from './support/runToolshed.js';
import { serverDoc } from './support/serverDocs.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { ADMIN_TOKEN, AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const NAME = 'com.example/cli-governed';

describe.each(DATABASES)('governance CLI on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    let url: string;
    const toolshed = (args: string[], token = ADMIN_TOKEN): Promise<ToolshedRun> => runToolshed(['servers', ...args], { env: { TOOLSHED_URL: url, TOOLSHED_TOKEN: token } });

    beforeAll(async () => {
      t = await testToolshed(kind);
      expect((await t.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: serverDoc(NAME, '1.0.0') })).statusCode).toBe(200);
      await personWithToken(t, 'olga', ['catalog:read'], { groups: ['platform'] });
      url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    });
    afterAll(async () => {
      await t?.destroy();
    });

    it('sets trust, owners and re-certifies, and refuses what it must', async () => {
      const bad = await toolshed(['trust', NAME, 'trusted']);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('unknown trust level');

      const set = await toolshed(['trust', NAME, 'verified', '--reason', 'security review']);
      expect(set.status, set.stderr).toBe(0);
      expect(set.stdout).toMatch(/trust:\s+verified \(set by admin/);

      const owners = await toolshed(['owners', NAME, '--add-user', 'olga@example.com', '--add-group', 'platform', '--support', 'help@example.com']);
      expect(owners.status, owners.stderr).toBe(0);
      expect(owners.stdout).toMatch(/owners:\s+olga@example.com, group platform/);

      const again = await toolshed(['recertify', NAME]);
      expect(again.status, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/re-certified:\s+\d{4}-/);

      const shown = await toolshed(['governance', NAME, '--json']);
      expect(JSON.parse(shown.stdout)).toMatchObject({ trust: 'verified', supportContact: 'help@example.com', revision: 3 });

      const stranger = await personWithToken(t, 'sam', ['catalog:read']);
      const refused = await toolshed(['trust', NAME, 'experimental'], stranger.secret);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('catalog.approve');
    }, 180_000);
  });
});
