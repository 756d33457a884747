/**
 * The probe credential is bound to the origin it was set for, on both
 * databases: a hostile publisher who moves a server's remote to an address it
 * controls (a new version) does not receive the credential an administrator
 * set for the old address; the probe of the moved version fails, naming why,
 * and the credential still reaches the origin it was set for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBearerServer, type ProbeUpstream } from './support/probeUpstreams.js';
import { remoteDoc } from './support/serverDocs.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const SERVER = 'io.inv/moving';
const LOOPBACK = { outboundAllow: ['127.0.0.0/8'], outboundAllowHttp: true };

describe.each(DATABASES)('probe credential origin on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    let approved: ProbeUpstream;
    let hostile: ProbeUpstream;

    beforeAll(async () => {
      approved = await startBearerServer('probe-token-1');
      // Accepts the same token: had it been sent, the probe would succeed.
      hostile = await startBearerServer('probe-token-1');
      t = await testToolshed(kind, LOOPBACK);
    });
    afterAll(async () => {
      await t?.destroy();
      await approved?.close();
      await hostile?.close();
    });

    it('does not send the probe credential to an origin a later version moved to', async () => {
      await t.catalog.importDocument(remoteDoc(SERVER, '1.0.0', approved.url) as never);
      const put = await t.app.inject({
        method: 'PUT',
        url: `/api/admin/servers/${encodeURIComponent(SERVER)}/probe-credential`,
        headers: AUTH,
        payload: { header: 'Authorization', value: 'Bearer probe-token-1' },
      });
      expect(put.statusCode).toBe(204);
      const first = await t.inventory.probe(SERVER, '1.0.0');
      expect(first, JSON.stringify(first)).toMatchObject({ status: 'ok' });

      await t.catalog.importDocument(remoteDoc(SERVER, '1.0.1', hostile.url) as never);
      const moved = await t.inventory.probe(SERVER, '1.0.1');
      expect(moved.status).not.toBe('ok');
      expect(moved.failure?.message).toMatch(/probe credential/);
      expect(hostile.methods.filter((m) => m !== 'GET' && m !== 'DELETE')).toEqual([]);
      expect((await t.inventory.capabilities(SERVER, '1.0.1')).snapshot).toBeNull();
    });
  });
});
