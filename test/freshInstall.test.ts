/**
 * A fresh install explains itself. Before any access rule exists, creating a
 * gateway connection is refused with a 403 that says no rule allows it and the
 * default denies, and points at Access rules (not "No server named … in the
 * catalog"); in a private catalog a person who may not discover the server still
 * gets the 404 that hides it. The starter rule set is listed, applied in one call
 * to an empty rule set (after which the connection is made), and refused (409)
 * once rules exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personWithToken } from './support/people.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';
const WEATHER = { $schema: SCHEMA, name: 'com.example/weather', description: 'Forecasts', version: '1.0.0', remotes: [{ type: 'streamable-http', url: 'https://weather.example.com/mcp' }] };

describe.each(DATABASES)('a fresh install on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    let privateCatalog: TestToolshed;
    const connect = (on: TestToolshed, headers: Record<string, string>) =>
      on.app.inject({ method: 'POST', url: '/api/me/connections', headers, payload: { server: 'com.example/weather', label: 'laptop' } });

    beforeAll(async () => {
      [t, privateCatalog] = await Promise.all([testToolshed(kind), testToolshed(kind, { catalogVisibility: 'private' })]);
      for (const on of [t, privateCatalog]) await on.catalog.importDocument(WEATHER as never);
    });
    afterAll(async () => {
      await Promise.all([t?.destroy(), privateCatalog?.destroy()]);
    });

    it('an admin connecting before any rule exists is told the default-deny rule is why, and where rules are made', async () => {
      const res = await connect(t, AUTH);
      expect(res.statusCode).toBe(403);
      const problem = res.json();
      expect(problem.detail).toMatch(/^No access rule lets you connect to com\.example\/weather, and when no rule matches access is denied/);
      expect(problem.detail).toContain('/console/access/rules');
      expect(problem.detail).not.toMatch(/No server named/);
      expect(problem.errors).toEqual([{ message: 'no access rule matches; the default is deny', location: 'accessRules' }]);
    });

    it('a person in a public catalog is told the same; in a private catalog the server stays hidden from them', async () => {
      const bob = await personWithToken(t, 'bob', ['gateway']);
      expect((await connect(t, bob.headers)).json().errors).toEqual([expect.objectContaining({ location: 'accessRules' })]);
      const carol = await personWithToken(privateCatalog, 'carol', ['gateway']);
      const hidden = await connect(privateCatalog, carol.headers);
      expect(hidden.statusCode).toBe(404);
      expect(hidden.json().detail).toBe("No server named 'com.example/weather' in the catalog");
    });

    it('a rule that denies is named in the refusal', async () => {
      await t.accessPolicy.replaceAll(
        [
          { id: 'no-weather', description: 'weather is closed', effect: 'deny', subject: { everyone: true }, actions: ['connect'], resource: { server: 'com.example/*' } },
          { id: 'see-all', effect: 'allow', subject: { everyone: true }, actions: ['discover'], resource: { server: '*' } },
        ],
        { actor: 'test' },
      );
      const res = await connect(t, AUTH);
      expect(res.statusCode).toBe(403);
      expect(res.json().detail).toMatch(/You may not connect to com\.example\/weather: .*no-weather/);
      await t.accessPolicy.replaceAll([], { actor: 'test' });
    });

    it('the starter rules apply in one call to an empty rule set, and then the connection is made', async () => {
      const listed = await t.app.inject({ url: '/api/admin/access/starter-rules', headers: AUTH });
      expect(listed.json().rules.map((r: { id: string }) => r.id)).toEqual(['starter-everyone-discovers', 'starter-everyone-connects']);
      const applied = await t.app.inject({ method: 'POST', url: '/api/admin/access/starter-rules', headers: AUTH });
      expect(applied.statusCode).toBe(200);
      expect(applied.json()).toMatchObject({ changed: true, added: 2 });
      expect((await connect(t, AUTH)).statusCode).toBe(201);

      const again = await t.app.inject({ method: 'POST', url: '/api/admin/access/starter-rules', headers: AUTH });
      expect(again.statusCode).toBe(409);
      expect(again.json().detail).toMatch(/fresh install, and there are already 2 rules/);
      const bob = await personWithToken(t, 'bob-reader', ['gateway']);
      expect((await t.app.inject({ method: 'POST', url: '/api/admin/access/starter-rules', headers: bob.headers })).statusCode).toBe(403);
    });
  });
});
