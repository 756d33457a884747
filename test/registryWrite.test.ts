/**
 * Registry writes with the official semantics, on every database: publish (auth
 * errors, duplicate versions, the isLatest rules, remote URL uniqueness, the
 * publisher `_meta` cap, the version cap, header names that are RFC 9110 tokens),
 * admin edit, and both status endpoints
 * with their transition rules and messages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertServerVersion } from '../src/store/index.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { remoteDoc, serverDoc } from './support/serverDocs.js';

const enc = encodeURIComponent;

describe.each(DATABASES)('registry writes on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    beforeAll(async () => {
      t = await testToolshed(kind);
    });
    afterAll(async () => {
      await t?.destroy();
    });

    const publish = (doc: unknown, headers: Record<string, string> = AUTH, prefix = '/v0.1') => t.app.inject({ method: 'POST', url: `${prefix}/publish`, headers, payload: doc as object });
    const latest = async (name: string) => (await t.app.inject({ url: `/v0.1/servers/${enc(name)}/versions/latest?include_deleted=true` })).json();
    const setStatus = (name: string, version: string | undefined, body: unknown, headers = AUTH) =>
      t.app.inject({
        method: 'PATCH',
        url: version === undefined ? `/v0.1/servers/${enc(name)}/status` : `/v0.1/servers/${enc(name)}/versions/${enc(version)}/status`,
        headers,
        payload: body as object,
      });

    it('publishes and answers 200 with the stored version and official metadata', async () => {
      const res = await publish(serverDoc('com.example/alpha', '1.0.0'));
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.server).toEqual(serverDoc('com.example/alpha', '1.0.0'));
      const meta = body._meta['io.modelcontextprotocol.registry/official'];
      expect(meta).toMatchObject({ status: 'active', isLatest: true });
      expect(meta.publishedAt).toBe(meta.updatedAt);
      expect(meta.statusChangedAt).toBe(meta.publishedAt);
      expect(meta.statusMessage).toBeUndefined();
      expect(meta.publishedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/);
    });

    it('works identically under /v0', async () => {
      const res = await publish(serverDoc('com.example/alpha-v0', '1.0.0'), AUTH, '/v0');
      expect(res.statusCode).toBe(200);
      expect((await t.app.inject({ url: `/v0/servers/${enc('com.example/alpha-v0')}/versions/1.0.0` })).statusCode).toBe(200);
    });

    it('refuses a missing Authorization header with 422 like Huma', async () => {
      const res = await publish(serverDoc('com.example/noauth', '1.0.0'), {});
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({
        title: 'Unprocessable Entity',
        status: 422,
        detail: 'validation failed',
        errors: [{ message: 'required header parameter is missing', location: 'header.Authorization' }],
      });
    });

    it('refuses a non-Bearer header and a wrong token with 401 and the official messages', async () => {
      const bad = await publish(serverDoc('com.example/x1', '1.0.0'), { authorization: 'Token abc' });
      expect(bad.statusCode).toBe(401);
      expect(bad.json().detail).toBe("Invalid Authorization header format. Expected 'Bearer <token>'");
      const wrong = await publish(serverDoc('com.example/x1', '1.0.0'), { authorization: 'bearer not-the-token' });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().detail).toBe('Invalid or expired Registry JWT token');
    });

    it('refuses a duplicate version with the official 400', async () => {
      await publish(serverDoc('com.example/dup', '1.0.0'));
      const again = await publish(serverDoc('com.example/dup', '1.0.0'));
      expect(again.statusCode).toBe(400);
      expect(again.json()).toMatchObject({
        detail: 'Failed to publish server',
        errors: [{ message: 'invalid version: cannot publish duplicate version' }],
      });
    });

    it('refuses a version range at publish with 422 and the official detail', async () => {
      const res = await publish(serverDoc('com.example/range', '^1.2.3'));
      expect(res.statusCode).toBe(422);
      expect(res.json().detail).toBe('Failed to publish server, invalid schema: call /validate for details');
    });

    it("refuses a remote URL with whitespace or an invisible character the official pattern lets through, so none can shadow another server's remote", async () => {
      const n = 'com.example/lookalike-remote';
      for (const [i, tail] of ['\u00a0', '\u2028', '\u200b', '\u3000'].entries()) {
        const res = await publish(serverDoc(n, `1.0.${i}`, { remotes: [{ type: 'streamable-http', url: `https://lookalike.example.com/mcp${tail}` }] }));
        expect(res.statusCode).toBe(422);
        expect(res.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ location: 'remotes[0].url' })]));
        expect(JSON.stringify(res.json())).toContain(`U+${tail.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
      }
      expect((await publish(serverDoc(n, '1.1.0', { remotes: [{ type: 'streamable-http', url: 'https://lookalike.example.com/mcp' }] }))).statusCode).toBe(200);
    });

    it('refuses a header name that is not an RFC 9110 token, at publish, at edit and in /validate', async () => {
      const n = 'com.example/header-names';
      const withHeader = (version: string, name: string, where: 'remote' | 'package' = 'remote') =>
        serverDoc(n, version, {
          ...(where === 'remote'
            ? { remotes: [{ type: 'streamable-http', url: `https://${version.replace(/\./g, '-')}.header-names.example/mcp`, headers: [{ name, isSecret: true }] }] }
            : { packages: [{ registryType: 'npm', identifier: '@acme/x', version: '1.0.0', transport: { type: 'streamable-http', url: 'http://localhost:8080/mcp', headers: [{ name }] } }] }),
        });
      // Matched in JSON text, where the quotes are escaped.
      const message = /invalid header name \\"X-Key\$\(id\)\\": a header name is an RFC 9110 token/;
      for (const doc of [withHeader('1.0.0', 'X-Key$(id)'), withHeader('1.0.0', 'X-Key$(id)', 'package')]) {
        const res = await publish(doc);
        expect(res.statusCode).toBe(422);
        expect(JSON.stringify(res.json().errors)).toMatch(message);
      }
      const validated = (await t.app.inject({ method: 'POST', url: '/v0.1/validate', payload: withHeader('1.0.0', 'X-Key$(id)') as object })).json();
      expect(JSON.stringify(validated)).toMatch(message);
      // Every token character is fine, and so is a later edit that keeps to them.
      expect((await publish(withHeader('1.0.0', "X-Key!#$%&'*+.^_`|~9"))).statusCode).toBe(200);
      const edit = await t.app.inject({ method: 'PUT', url: `/v0.1/servers/${enc(n)}/versions/1.0.0`, headers: AUTH, payload: withHeader('1.0.0', 'X-Key$(id)') as object });
      expect(edit.statusCode).toBe(422);
      expect(JSON.stringify(edit.json().errors)).toMatch(message);
      for (const bad of ['X Key', 'X-Key:', 'X-Kéy', '', 'X-Key\r\nInjected: 1']) {
        expect((await publish(withHeader('2.0.0', bad))).statusCode, JSON.stringify(bad)).toBe(422);
      }
    });

    it('computes isLatest: higher semver wins, lower and prerelease do not, semver beats non-semver', async () => {
      const n = 'com.example/latest-rules';
      await publish(serverDoc(n, '1.0.0'));
      await publish(serverDoc(n, '2.0.0'));
      expect((await latest(n)).server.version).toBe('2.0.0');
      await publish(serverDoc(n, '1.5.0'));
      await publish(serverDoc(n, '2.0.0-beta.1'));
      await publish(serverDoc(n, 'snapshot'));
      expect((await latest(n)).server.version).toBe('2.0.0');
      await publish(serverDoc(n, '2.0.1'));
      const versions = (await t.app.inject({ url: `/v0.1/servers/${enc(n)}/versions` })).json();
      const flags = versions.servers.filter((s: any) => s._meta['io.modelcontextprotocol.registry/official'].isLatest);
      expect(flags.map((s: any) => s.server.version)).toEqual(['2.0.1']);
      // newest publication first
      expect(versions.servers.map((s: any) => s.server.version)).toEqual(['2.0.1', 'snapshot', '2.0.0-beta.1', '1.5.0', '2.0.0', '1.0.0']);
    });

    it('orders non-semver versions by publication time', async () => {
      const n = 'com.example/nonsemver';
      await publish(serverDoc(n, 'snapshot-b'));
      await publish(serverDoc(n, 'snapshot-a'));
      expect((await latest(n)).server.version).toBe('snapshot-a');
    });

    it('refuses a remote URL used by another server, and frees it when that server is deleted', async () => {
      const url = 'https://mcp.example.com/unique';
      expect((await publish(remoteDoc('com.example/owner', '1.0.0', url))).statusCode).toBe(200);
      const clash = await publish(remoteDoc('com.example/other', '1.0.0', url));
      expect(clash.statusCode).toBe(400);
      expect(clash.json().errors[0].message).toBe(`remote URL ${url} is already used by server com.example/owner`);
      // the same server may reuse its own URL in a new version
      expect((await publish(remoteDoc('com.example/owner', '1.1.0', url))).statusCode).toBe(200);
      expect((await setStatus('com.example/owner', undefined, { status: 'deleted' })).statusCode).toBe(200);
      expect((await publish(remoteDoc('com.example/other', '1.0.0', url))).statusCode).toBe(200);
      // restoring the deleted server now clashes
      const restore = await setStatus('com.example/owner', undefined, { status: 'active' });
      expect(restore.statusCode).toBe(400);
      expect(restore.json().errors[0].message).toContain(`remote URL ${url} is already used by server com.example/other`);
    });

    it('caps publisher-provided _meta at 4 KB', async () => {
      const big = { 'io.modelcontextprotocol.registry/publisher-provided': { blob: 'x'.repeat(5000) } };
      const res = await publish(serverDoc('com.example/meta', '1.0.0', { _meta: big }));
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].message).toMatch(/^_meta\.io\.modelcontextprotocol\.registry\/publisher-provided extension exceeds 4KB limit \(\d+ bytes\)$/);
      const small = { 'io.modelcontextprotocol.registry/publisher-provided': { tool: 'ok' } };
      const ok = await publish(serverDoc('com.example/meta', '1.0.0', { _meta: small }));
      expect(ok.statusCode).toBe(200);
      expect(ok.json().server._meta).toEqual(small);
    });

    it('stops at 10,000 versions of one server', async () => {
      const name = 'com.example/many-versions';
      const rows = Array.from({ length: 10_000 }, (_, i) => i);
      await t.store.db.transaction().execute(async (tx) => {
        for (const i of rows) {
          await insertServerVersion({
            tx,
            row: {
              name,
              version: `0.0.${i}`,
              doc: JSON.stringify(serverDoc(name, `0.0.${i}`)),
              title: null,
              description: 'x',
              packageTypes: [],
              remoteTransports: [],
              remoteUrls: [],
              isLatest: i === 9_999,
              publishedAt: 1_700_000_000_000_000 + i,
            },
          });
        }
      });
      const res = await publish(serverDoc(name, '1.0.0'));
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].message).toMatch(/^maximum number of versions for this server reached \(10000\)/);
      // 10,000 inserts: a generous bound for a machine running several test files at once.
    }, 180_000);

    it('changes the status of one version with the official rules', async () => {
      const n = 'com.example/status-one';
      await publish(serverDoc(n, '1.0.0'));
      await publish(serverDoc(n, '2.0.0'));
      const before = (await latest(n))._meta['io.modelcontextprotocol.registry/official'];

      const dep = await setStatus(n, '2.0.0', { status: 'deprecated', statusMessage: 'use 3.x' });
      expect(dep.statusCode).toBe(200);
      const meta = dep.json()._meta['io.modelcontextprotocol.registry/official'];
      expect(meta).toMatchObject({ status: 'deprecated', statusMessage: 'use 3.x', isLatest: true });
      expect(meta.statusChangedAt > before.statusChangedAt).toBe(true);

      // same status, new message: allowed, statusChangedAt unchanged
      const msg = await setStatus(n, '2.0.0', { status: 'deprecated', statusMessage: 'use 4.x' });
      expect(msg.statusCode).toBe(200);
      expect(msg.json()._meta['io.modelcontextprotocol.registry/official'].statusChangedAt).toBe(meta.statusChangedAt);

      const noop = await setStatus(n, '2.0.0', { status: 'deprecated', statusMessage: 'use 4.x' });
      expect(noop.statusCode).toBe(400);
      expect(noop.json().detail).toBe('No changes to apply: status and message are already set to the provided values');

      const activeMsg = await setStatus(n, '2.0.0', { status: 'active', statusMessage: 'nope' });
      expect(activeMsg.statusCode).toBe(400);
      expect(activeMsg.json().detail).toBe('status_message cannot be provided when setting status to active');

      // deleting the latest promotes the next highest
      expect((await setStatus(n, '2.0.0', { status: 'deleted' })).statusCode).toBe(200);
      expect((await latest(n)).server.version).toBe('1.0.0');
      expect((await t.app.inject({ url: `/v0.1/servers/${enc(n)}/versions/2.0.0` })).statusCode).toBe(404);
      expect((await t.app.inject({ url: `/v0.1/servers/${enc(n)}/versions/2.0.0?include_deleted=true` })).statusCode).toBe(200);

      // restoring makes it latest again, and clears the message
      const back = await setStatus(n, '2.0.0', { status: 'active' });
      expect(back.json()._meta['io.modelcontextprotocol.registry/official']).toMatchObject({ status: 'active', isLatest: true });
      expect(back.json()._meta['io.modelcontextprotocol.registry/official'].statusMessage).toBeUndefined();

      expect((await setStatus(n, '9.9.9', { status: 'deleted' })).statusCode).toBe(404);
      const invalid = await setStatus(n, '2.0.0', { status: 'gone' });
      expect(invalid.statusCode).toBe(422);
    });

    it('keeps the highest deleted version latest when every version is deleted', async () => {
      const n = 'com.example/all-deleted';
      await publish(serverDoc(n, '1.0.0'));
      await publish(serverDoc(n, '1.1.0'));
      const res = await setStatus(n, undefined, { status: 'deleted', statusMessage: 'takedown' });
      expect(res.statusCode).toBe(200);
      expect(res.json().updatedCount).toBe(2);
      expect(res.json().servers).toHaveLength(2);
      expect((await t.app.inject({ url: `/v0.1/servers/${enc(n)}/versions/latest` })).statusCode).toBe(404);
      expect((await latest(n)).server.version).toBe('1.1.0');
      expect((await t.app.inject({ url: `/v0.1/servers/${enc(n)}/versions` })).statusCode).toBe(404);
      // publishing a lower version afterwards makes it the visible latest
      await publish(serverDoc(n, '0.0.60'));
      const visible = await t.app.inject({ url: `/v0.1/servers/${enc(n)}/versions/latest` });
      expect(visible.json().server.version).toBe('0.0.60');
      const noop = await setStatus(n, undefined, { status: 'deleted', statusMessage: 'takedown' });
      expect(noop.statusCode).toBe(200); // 0.0.60 was active, so something changed
      const again = await setStatus(n, undefined, { status: 'deleted', statusMessage: 'takedown' });
      expect(again.statusCode).toBe(400);
      expect(again.json().detail).toBe('No changes to apply: all versions already have the requested status and message');
      expect((await setStatus('com.example/missing', undefined, { status: 'deleted' })).statusCode).toBe(404);
    });

    it('edits a version in place, keeping its status, and refuses renames', async () => {
      const n = 'com.example/editable';
      await publish(serverDoc(n, '1.0.0'));
      await setStatus(n, '1.0.0', { status: 'deprecated', statusMessage: 'old' });
      const put = (doc: unknown, version = '1.0.0') => t.app.inject({ method: 'PUT', url: `/v0.1/servers/${enc(n)}/versions/${version}`, headers: AUTH, payload: doc as object });
      const edited = await put(serverDoc(n, '1.0.0', { description: 'Edited description' }));
      expect(edited.statusCode).toBe(200);
      expect(edited.json().server.description).toBe('Edited description');
      expect(edited.json()._meta['io.modelcontextprotocol.registry/official']).toMatchObject({ status: 'deprecated', statusMessage: 'old' });
      expect((await put(serverDoc('com.example/renamed', '1.0.0'))).json().detail).toBe('Cannot rename server');
      expect((await put(serverDoc(n, '2.0.0'))).json().detail).toBe('Version in request body must match URL path parameter');
      expect((await put(serverDoc(n, '3.0.0'), '3.0.0')).statusCode).toBe(404);
    });

    it('DELETE marks a version deleted and keeps its data', async () => {
      const n = 'com.example/deletable';
      await publish(serverDoc(n, '1.0.0'));
      const del = await t.app.inject({ method: 'DELETE', url: `/v0.1/servers/${enc(n)}/versions/1.0.0`, headers: AUTH });
      expect(del.statusCode).toBe(200);
      expect(del.json()._meta['io.modelcontextprotocol.registry/official'].status).toBe('deleted');
      expect((await t.app.inject({ url: `/v0.1/servers/${enc(n)}/versions/1.0.0?include_deleted=true` })).statusCode).toBe(200);
    });

    it('bumps updatedAt on both rows when latest moves, so incremental sync sees the flip', async () => {
      const n = 'com.example/flip';
      await publish(serverDoc(n, '1.0.0'));
      await new Promise((r) => setTimeout(r, 5));
      const since = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 5));
      await publish(serverDoc(n, '2.0.0'));
      const page = (await t.app.inject({ url: `/v0.1/servers?search=${enc(n)}&updated_since=${since}` })).json();
      expect(page.servers.map((s: any) => s.server.version).sort()).toEqual(['1.0.0', '2.0.0']);
    });
  });
});
