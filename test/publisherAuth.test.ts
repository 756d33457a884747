/**
 * Publishing with registry tokens, end to end over HTTP on every database: the
 * `none` exchange (only when enabled), publishing inside and outside the granted
 * namespace (the official 403 message), edit permission, and the registry audit
 * trail (who, by which method, what, old and new value) read through the admin API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { serverDoc } from './support/serverDocs.js';

const ANON = 'io.modelcontextprotocol.anonymous';

describe.each(DATABASES)('publisher tokens and the audit trail on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    let off: TestToolshed;
    let token: string;
    beforeAll(async () => {
      t = await testToolshed(kind, { anonymousAuth: true, blockedNamespaces: [] });
      off = await testToolshed('sqlite');
      const res = await t.app.inject({ method: 'POST', url: '/v0/auth/none' });
      expect(res.statusCode).toBe(200);
      token = res.json().registry_token;
    });
    afterAll(async () => {
      await t?.destroy();
      await off?.destroy();
    });

    const bearer = () => ({ authorization: `Bearer ${token}` });

    it('answers the official exchange body, and is absent when disabled', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/v0.1/auth/none' });
      expect(Object.keys(res.json())).toEqual(['registry_token', 'expires_at']);
      expect(typeof res.json().expires_at).toBe('number');
      expect((await off.app.inject({ method: 'POST', url: '/v0/auth/none' })).statusCode).toBe(404);
    });

    it('publishes inside the granted namespace, and refuses outside it with the official 403', async () => {
      const ok = await t.app.inject({ method: 'POST', url: '/v0/publish', headers: bearer(), payload: serverDoc(`${ANON}/demo`, '1.0.0') });
      expect(ok.statusCode).toBe(200);
      const no = await t.app.inject({ method: 'POST', url: '/v0/publish', headers: bearer(), payload: serverDoc('com.example/theirs', '1.0.0') });
      expect(no.statusCode).toBe(403);
      expect(no.json().detail).toBe(`You do not have permission to publish this server. You have permission to publish: ${ANON}/*. Attempting to publish: com.example/theirs`);
    });

    it('a token with edit on its namespace may edit and change status there only', async () => {
      const name = `${ANON}/editable`;
      await t.app.inject({ method: 'POST', url: '/v0/publish', headers: bearer(), payload: serverDoc(name, '1.0.0') });
      const put = await t.app.inject({
        method: 'PUT',
        url: `/v0/servers/${encodeURIComponent(name)}/versions/1.0.0`,
        headers: bearer(),
        payload: serverDoc(name, '1.0.0', { description: 'changed' }),
      });
      expect(put.statusCode).toBe(200);
      await t.app.inject({ method: 'POST', url: '/v0/publish', headers: AUTH, payload: serverDoc('com.example/admins', '1.0.0') });
      const other = await t.app.inject({
        method: 'PATCH',
        url: `/v0/servers/${encodeURIComponent('com.example/admins')}/versions/1.0.0/status`,
        headers: bearer(),
        payload: { status: 'deprecated' },
      });
      expect(other.statusCode).toBe(403);
      expect(other.json().detail).toBe('You do not have publish or edit permissions for this server');
    });

    it('records every publish, edit and status change with who, how, and the old and new value', async () => {
      const name = `${ANON}/audited`;
      await t.app.inject({ method: 'POST', url: '/v0/publish', headers: bearer(), payload: serverDoc(name, '1.0.0') });
      await t.app.inject({
        method: 'PATCH',
        url: `/v0/servers/${encodeURIComponent(name)}/versions/1.0.0/status`,
        headers: AUTH,
        payload: { status: 'deprecated', statusMessage: 'old' },
      });
      const res = await t.app.inject({ url: `/api/admin/registry-events?name=${encodeURIComponent(name)}`, headers: AUTH });
      expect(res.statusCode).toBe(200);
      const [status, publish] = res.json().events;
      expect(status).toMatchObject({
        action: 'status',
        name,
        version: '1.0.0',
        actor: { subject: 'admin', method: 'admin-token' },
        oldValue: { status: 'active', statusMessage: null },
        newValue: { status: 'deprecated', statusMessage: 'old' },
      });
      expect(publish).toMatchObject({ action: 'publish', actor: { subject: 'anonymous', method: 'none' }, oldValue: null });
      expect(publish.newValue.server.name).toBe(name);
      const edits = await t.app.inject({ url: `/api/admin/registry-events?action=edit`, headers: AUTH });
      expect(edits.json().events[0]).toMatchObject({ action: 'edit', oldValue: { server: { description: `Test server ${ANON}/editable` } }, newValue: { server: { description: 'changed' } } });
      const paged = await t.app.inject({ url: `/api/admin/registry-events?limit=1`, headers: AUTH });
      expect(paged.json().events).toHaveLength(1);
      const next = await t.app.inject({ url: `/api/admin/registry-events?limit=1&cursor=${paged.json().metadata.nextCursor}`, headers: AUTH });
      expect(next.json().events[0].id).toBeLessThan(paged.json().events[0].id);
    });

    it('keeps the audit trail from non-administrators', async () => {
      expect((await t.app.inject({ url: '/api/admin/registry-events' })).statusCode).toBe(401);
      expect((await t.app.inject({ url: '/api/admin/registry-events', headers: bearer() })).statusCode).toBe(403);
    });

    it('a failed write records nothing', async () => {
      const before = (await t.app.inject({ url: '/api/admin/registry-events?limit=500', headers: AUTH })).json().events.length;
      const dup = await t.app.inject({ method: 'POST', url: '/v0/publish', headers: bearer(), payload: serverDoc(`${ANON}/demo`, '1.0.0') });
      expect(dup.statusCode).toBe(400);
      const after = (await t.app.inject({ url: '/api/admin/registry-events?limit=500', headers: AUTH })).json().events.length;
      expect(after).toBe(before);
    });
  });
});

describe('blocked namespaces', () => {
  it('refuses to issue a token covering a blocked namespace', async () => {
    const t = await testToolshed('sqlite', { anonymousAuth: true, blockedNamespaces: ['io.modelcontextprotocol.anonymous'] });
    try {
      const res = await t.app.inject({ method: 'POST', url: '/v0/auth/none' });
      expect(res.statusCode).toBe(403);
      expect(res.json().detail).toMatch(/^your namespace is blocked/);
    } finally {
      await t.destroy();
    }
  });
});
