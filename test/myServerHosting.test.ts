/**
 * `GET /api/me/servers/{name}/hosting`: whether Toolshed hosts a server's package, as
 * the gateway decides it (a remote wins; a stdio package of a hostable type is hosted
 * while hosting is on), and `/api/me/servers` pointing a hosted server's connection at
 * the gateway like a remote one's. The server page reads it to offer Connect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personWithToken } from './support/people.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const npmPackage = { registryType: 'npm', identifier: '@acme/weather', version: '1.0.0', transport: { type: 'stdio' } };
const doc = (name: string, extra: object) => ({ name, description: 'A test server', version: '1.0.0', ...extra });
const SERVERS = [
  doc('io.example/package-only', { packages: [npmPackage] }),
  doc('io.example/with-remote', { packages: [npmPackage], remotes: [{ type: 'streamable-http', url: 'https://mcp.example.com/mcp' }] }),
  doc('io.example/nuget-only', { packages: [{ registryType: 'nuget', identifier: 'Acme.Weather', version: '1.0.0', transport: { type: 'stdio' } }] }),
];
type Person = Awaited<ReturnType<typeof personWithToken>>;

describe.each(DATABASES)('whether a server is hosted, for the server page, on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let on: TestToolshed;
    let off: TestToolshed;
    let alice: Person;
    let aliceOff: Person;

    const hosting = (t: TestToolshed, who: Person, name: string) => t.app.inject({ method: 'GET', url: `/api/me/servers/${encodeURIComponent(name)}/hosting`, headers: who.headers });

    beforeAll(async () => {
      on = await testToolshed(kind, { accessDefaultEffect: 'allow', hosting: true });
      for (const d of SERVERS) await on.catalog.importDocument(d as never);
      await on.catalog.importDocument(doc('io.example/hidden-package', { packages: [npmPackage] }) as never);
      const rule = await on.app.inject({
        method: 'POST',
        url: '/api/admin/access/rules',
        headers: AUTH,
        payload: { id: 'hide-one', effect: 'deny', subject: { everyone: true }, actions: ['discover'], resource: { server: 'io.example/hidden-package' } },
      });
      expect(rule.statusCode, rule.body).toBe(201);
      alice = await personWithToken(on, 'alice', ['gateway']);
    });
    afterAll(async () => {
      await on?.destroy();
      await off?.destroy();
    });

    it('says a package-only server with a hostable stdio package is hosted, and neither one with a remote nor one with only an unhostable package', async () => {
      const answers = await Promise.all(SERVERS.map((d) => hosting(on, alice, d.name)));
      expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200]);
      expect(answers.map((r) => r.json())).toEqual([
        { server: 'io.example/package-only', hosted: true },
        { server: 'io.example/with-remote', hosted: false },
        { server: 'io.example/nuget-only', hosted: false },
      ]);
    });

    it('answers 404 for an unknown server and for a hosted one the access rules hide from the person, and 401 without a sign-in', async () => {
      const unknown = await hosting(on, alice, 'io.example/nothing');
      const hidden = await hosting(on, alice, 'io.example/hidden-package');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.headers['content-type']).toContain('application/problem+json');
      expect([hidden.statusCode, hidden.json().detail]).toEqual([404, "No server named 'io.example/hidden-package' in the catalog"]);
      expect((await on.app.inject({ method: 'GET', url: `/api/me/servers/${encodeURIComponent('io.example/package-only')}/hosting` })).statusCode).toBe(401);
    });

    it("lists a hosted server's connection in /api/me/servers with its gateway URL as a streamable-http remote", async () => {
      const created = await on.app.inject({ method: 'POST', url: '/api/me/connections', headers: alice.headers, payload: { server: 'io.example/package-only', label: 'laptop' } });
      expect(created.statusCode, created.body).toBe(201);
      const url = (created.json() as { connection: { url: string } }).connection.url;
      const mine = (await on.app.inject({ method: 'GET', url: '/api/me/servers', headers: alice.headers })).json() as {
        servers: Array<{ server: { name: string; remotes: Array<{ type: string; url: string }> } }>;
      };
      const item = mine.servers.find((s) => s.server.name === 'io.example/package-only');
      expect(item?.server.remotes).toEqual([{ type: 'streamable-http', url }]);
    });

    it('says no server is hosted while hosting is off', async () => {
      off = await testToolshed(kind, { accessDefaultEffect: 'allow', hosting: false });
      await off.catalog.importDocument(SERVERS[0] as never);
      aliceOff = await personWithToken(off, 'alice', ['gateway']);
      const answer = await hosting(off, aliceOff, 'io.example/package-only');
      expect(answer.json()).toEqual({ server: 'io.example/package-only', hosted: false });
    });
  });
});
