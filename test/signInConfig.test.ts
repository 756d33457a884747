/**
 * Sign-in configuration: group mappings are validated with a message saying what
 * to fix; start-up refuses sign-in without a public URL (the redirect URI is never
 * derived from a request) or with a plain-http issuer the outbound guard would
 * refuse; and without sign-in configured its routes say how to configure it.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { testToolshed } from './support/testToolshed.js';

const OIDC = { oidcIssuer: 'http://127.0.0.1:9/', oidcClientId: 'toolshed-web', oidcClientSecret: 'secret' };

describe('oidcGroupMappings', () => {
  it('takes mappings as JSON in the environment', () => {
    const config = loadConfig({ TOOLSHED_OIDC_GROUP_MAPPINGS: '[{"claim":"groups"},{"claim":"groups","equals":"admins","role":"admin"}]' });
    expect(config.oidcGroupMappings).toEqual([{ claim: 'groups' }, { claim: 'groups', equals: 'admins', role: 'admin' }]);
  });
  it('refuses a mapping that could not do anything, or mixes the two kinds', () => {
    for (const bad of ['[{"claim":"groups","equals":"admins"}]', '[{"claim":"groups","role":"admin"}]', '[{"claim":"groups","equals":"x","role":"owner"}]']) {
      expect(() => loadConfig({ TOOLSHED_OIDC_GROUP_MAPPINGS: bad }), bad).toThrow(/TOOLSHED_OIDC_GROUP_MAPPINGS/);
    }
  });
});

describe.each(DATABASES)('sign-in configuration on %s', (kind) => {
  describe.skipIf(unavailable(kind))(kind, () => {
    it('refuses to start sign-in without a public URL, or with an http issuer outbound http is not allowed for', async () => {
      await expect(testToolshed(kind, { ...OIDC, outboundAllowHttp: true })).rejects.toThrow(ConfigError);
      await expect(testToolshed(kind, { ...OIDC, outboundAllowHttp: true })).rejects.toThrow(/TOOLSHED_PUBLIC_URL is required for sign-in/);
      await expect(testToolshed(kind, { ...OIDC, publicUrl: 'https://toolshed.test' })).rejects.toThrow(/TOOLSHED_OUTBOUND_ALLOW_HTTP/);
    });

    it('answers the sign-in routes with how to configure it when it is off', async () => {
      const t = await testToolshed(kind, { oidcIssuer: 'https://idp.example', oidcClientId: 'registry' });
      try {
        for (const url of ['/auth/login', '/auth/callback?state=x', '/api/session']) {
          const res = await t.app.inject({ method: 'GET', url });
          expect(res.statusCode, url).toBe(404);
          expect(JSON.parse(res.body).detail).toMatch(/Sign-in is not configured.*TOOLSHED_OIDC_CLIENT_SECRET.*TOOLSHED_PUBLIC_URL/);
        }
      } finally {
        await t.destroy();
      }
    });
  });
});
