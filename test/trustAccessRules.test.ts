/**
 * Trust in access rules, decided by the gateway with a real SDK client and server
 * on both databases: "the sales group may connect only to verified servers" (an
 * allow with `trust: [verified]`, default deny) refuses a connection to an
 * experimental server, allows it once a reviewer makes the server verified, and
 * applies a later trust change to the next call of a live session, both ways, as
 * a rule change does. A rule naming an unknown trust level is refused (422).
 */
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStatefulServer, type TestUpstream } from './support/mcpUpstreams.js';
import { personWithToken } from './support/people.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const NAME = 'io.example/sales-tool';
const PATH = `/api/servers/${encodeURIComponent(NAME)}/governance`;

function texts(result: unknown): string[] {
  return ((result as { content: Array<{ text?: string }> }).content ?? []).map((c) => c.text ?? '');
}

describe.each(DATABASES)('trust in access rules on %s', (kind) => {
  describe.skipIf(unavailable(kind))(`(${kind})`, () => {
    let t: TestToolshed;
    let upstream: TestUpstream;
    let base: string;
    let sales: Awaited<ReturnType<typeof personWithToken>>;

    const setTrust = async (trust: string) => {
      const read = await t.app.inject({ url: PATH, headers: AUTH });
      const res = await t.app.inject({ method: 'PATCH', url: PATH, headers: { ...AUTH, 'if-match': read.headers.etag as string }, payload: { trust } });
      expect(res.statusCode, res.body).toBe(200);
    };
    const connect = (server: string) =>
      fetch(`${base}/api/me/connections`, {
        method: 'POST',
        headers: { ...sales.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ server, label: 'sales laptop' }),
      });

    beforeAll(async () => {
      upstream = await startStatefulServer();
      t = await testToolshed(kind, { outboundAllow: ['127.0.0.0/8'], outboundAllowHttp: true, accessDefaultEffect: 'deny' }, { resolvedCallMaxAgeMs: 60_000 });
      await t.catalog.importDocument({
        $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
        name: NAME,
        description: 'A tool for sales',
        version: '1.0.0',
        remotes: [{ type: 'streamable-http', url: upstream.url }],
      } as never);
      sales = await personWithToken(t, 'sally', ['gateway'], { groups: ['sales'] });
      await t.accessPolicy.create(
        {
          id: 'sales-verified-only',
          effect: 'allow',
          description: 'sales may use verified servers only',
          subject: { group: 'sales' },
          actions: ['discover', 'connect', 'call'],
          resource: { server: '*', trust: ['verified'] },
        },
        { actor: 'test' },
      );
      await setTrust('experimental');
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await t?.destroy();
      await upstream?.close();
    });

    it('refuses a rule naming an unknown trust level', async () => {
      await expect(
        t.accessPolicy.create({ id: 'bad', effect: 'allow', subject: { everyone: true }, actions: ['connect'], resource: { server: '*', trust: ['trusted'] } }, { actor: 'test' }),
      ).rejects.toMatchObject({ code: 'ACCESS_RULES_INVALID', status: 422 });
    });

    it('refuses an experimental server, allows it once verified, and applies trust changes to the next call of a live session', async () => {
      const refused = await connect(NAME);
      expect([403, 404]).toContain(refused.status);

      await setTrust('verified');
      const res = await connect(NAME);
      const created = JSON.parse(await res.text()) as { connection: { url: string } };
      expect(res.status).toBe(201);
      const c = new Client({ name: 'trust-test', version: '1.0.0' });
      await c.connect(new StreamableHTTPClientTransport(new URL(created.connection.url), { requestInit: { headers: sales.headers } }));
      expect(texts(await c.callTool({ name: 'echo', arguments: { text: 'verified' } }))).toEqual(['echo: verified']);

      await setTrust('experimental');
      await expect(c.callTool({ name: 'echo', arguments: { text: 'experimental' } })).rejects.toThrow(/403|may not/);

      await setTrust('verified');
      expect(texts(await c.callTool({ name: 'echo', arguments: { text: 'again' } }))).toEqual(['echo: again']);
      await c.close();
    });

    it('explains a decision with the server’s trust', async () => {
      const res = await t.app.inject({ url: `/api/admin/access/explain?user=${sales.user.id}&action=connect&server=${encodeURIComponent(NAME)}`, headers: AUTH });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ allowed: true, resource: { trust: 'verified' }, decidedBy: { id: 'sales-verified-only' } });
    });
  });
});
