/**
 * DNS and HTTP domain proofs end to end, on every database: a signed timestamp is
 * exchanged at /v0/auth/dns (a real DNS server on loopback, via config.dnsServers)
 * or /v0/auth/http (a real HTTP server on loopback) for a registry token, which
 * then publishes inside the proven namespace and is refused outside it with the
 * official 403; refusals answer the official 401 body; the body is validated
 * (422); both routes exist under /v0 and /v0.1 and disappear when disabled.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import dns2 from 'dns2';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBearerAuthenticator, createRegistryTokens, loadSigningKeys } from '../src/access/index.js';
import { httpProof } from '../src/access/publisherAuth/httpProof.js';
import { ed25519Key, rfc3339, signedBody } from '../src/access/publisherAuth/proofTestKit.js';
import { createIdentifyCaller } from '../src/access/identifyCaller.js';
import { registryBearerResolver } from '../src/access/bearerResolvers.js';
import { buildApp } from '../src/http/buildApp.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { testToolshed, type TestToolshed } from './support/testToolshed.js';
import { serverDoc } from './support/serverDocs.js';

const dnsKey = ed25519Key();
const httpKey = ed25519Key();
/** TXT records by name, served by the loopback DNS server. */
const replayKey = ed25519Key();
const txt = new Map<string, string[]>([
  ['example.com', [dnsKey.record]],
  ['replay.example.com', [replayKey.record]],
]);
/** Well-known files by Host, served by the loopback HTTP server. */
const wellKnown = new Map<string, string>([['example.com', httpKey.record]]);

let dns: dns2.DnsServer;
let dnsServer: string;
let site: Server;
let siteBase: string;

beforeAll(async () => {
  dns = dns2.createServer({
    udp: true,
    handle(request, send) {
      const response = dns2.Packet.createResponseFromRequest(request);
      const name = request.questions[0]!.name.toLowerCase();
      for (const data of txt.get(name) ?? []) {
        response.answers.push({ name, type: dns2.Packet.TYPE.TXT, class: dns2.Packet.CLASS.IN, ttl: 1, data } as unknown as dns2.Packet.Resource);
      }
      void send(response);
    },
  });
  const { udp } = await dns.listen({ udp: { port: 0, address: '127.0.0.1' } });
  dnsServer = `127.0.0.1:${udp!.port}`;
  site = createServer((req, res) => {
    const file = req.url === '/.well-known/mcp-registry-auth' ? wellKnown.get(req.headers.host ?? '') : undefined;
    res.writeHead(file === undefined ? 404 : 200, { 'content-type': 'text/plain' }).end(file ?? 'not found');
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteBase = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await dns?.close();
  await new Promise((r) => site?.close(r));
});

const forbidden = (granted: string, name: string) => `You do not have permission to publish this server. You have permission to publish: ${granted}. Attempting to publish: ${name}`;

describe.each(DATABASES)('domain proofs end to end on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    /**
     * The same catalog and signing keys behind an app whose `http` proof fetches
     * from the loopback site: production always fetches https://<domain>, which a
     * test cannot point at 127.0.0.1 without touching the machine's resolver.
     */
    let httpSide: FastifyInstance;

    beforeAll(async () => {
      // A configured signing key, so the app composed below signs and verifies with the Toolshed's keys.
      t = await testToolshed(kind, { dnsServers: [dnsServer], outboundAllow: ['127.0.0.0/8'], outboundAllowHttp: true, registryJwtKey: '5e'.repeat(32) });
      const tokens = createRegistryTokens({ keys: loadSigningKeys({ seedHex: t.config.registryJwtKey, dataDir: t.config.dataDir }) });
      const authenticate = createBearerAuthenticator({ adminToken: t.admin.token, tokens });
      httpSide = await buildApp({
        catalog: t.catalog,
        identifyCaller: createIdentifyCaller({ bearer: [registryBearerResolver(authenticate, (x) => x.split('.').length === 3)], ambient: [] }),
        publisherAuth: {
          tokens,
          methods: [httpProof({ outbound: t.outbound, wellKnownUrl: () => `${siteBase}/.well-known/mcp-registry-auth` })],
          blockedNamespaces: [],
        },
        cacheMaxAge: 0,
        logLevel: 'silent',
        version: { version: 'test', git_commit: 'test', build_time: 'test' },
        async checkHealth() {},
      });
    });
    afterAll(async () => {
      await httpSide?.close();
      await t?.destroy();
    });

    const publish = (token: string, name: string) => t.app.inject({ method: 'POST', url: '/v0/publish', headers: { authorization: `Bearer ${token}` }, payload: serverDoc(name, '1.0.0') });

    it('DNS: exchange → token → publishes com.example/* and subdomains, 403 elsewhere', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/v0/auth/dns', payload: signedBody('example.com', dnsKey) });
      expect(res.statusCode).toBe(200);
      expect(Object.keys(res.json())).toEqual(['registry_token', 'expires_at']);
      const token: string = res.json().registry_token;
      expect((await publish(token, 'com.example/demo')).statusCode).toBe(200);
      expect((await publish(token, 'com.example.api/demo')).statusCode).toBe(200);
      const other = await publish(token, 'com.other/demo');
      expect(other.statusCode).toBe(403);
      expect(other.json().detail).toBe(forbidden('com.example/*, com.example.*', 'com.other/demo'));
      const lookalike = await publish(token, 'com.example-other/demo');
      expect(lookalike.statusCode).toBe(403);
    });

    it('HTTP: exchange → token → publishes com.example/* only, 403 for subdomains and elsewhere', async () => {
      const res = await httpSide.inject({ method: 'POST', url: '/v0/auth/http', payload: signedBody('example.com', httpKey) });
      expect(res.statusCode).toBe(200);
      const token: string = res.json().registry_token;
      expect((await publish(token, 'com.example/other-demo')).statusCode).toBe(200);
      const sub = await publish(token, 'com.example.api/other-demo');
      expect(sub.statusCode).toBe(403);
      expect(sub.json().detail).toBe(forbidden('com.example/*', 'com.example.api/other-demo'));
      const other = await publish(token, 'com.other/demo');
      expect(other.statusCode).toBe(403);
      expect(other.json().detail).toBe(forbidden('com.example/*', 'com.other/demo'));
    });

    it('answers a refused DNS proof with the official 401 body', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/v0.1/auth/dns', payload: signedBody('example.com', ed25519Key()) });
      expect(res.statusCode).toBe(401);
      const [, fp] = /p=(.{8})/.exec(dnsKey.record)!;
      expect(res.json()).toEqual({
        title: 'Unauthorized',
        status: 401,
        detail: 'DNS authentication failed',
        code: 'AUTH_EXCHANGE_FAILED',
        errors: [
          {
            message: `signature verification failed (tried published key ed25519:${fp}); if this is not the key you are signing with, the published record may be stale`,
          },
        ],
      });
    });

    it('answers a refused HTTP proof with the official 401 body', async () => {
      const res = await httpSide.inject({ method: 'POST', url: '/v0.1/auth/http', payload: signedBody('nowhere.example', httpKey) });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({
        status: 401,
        detail: 'HTTP authentication failed',
        errors: [{ message: `failed to fetch keys: failed to fetch public key: HTTP 404: failed to fetch key from ${siteBase}/.well-known/mcp-registry-auth` }],
      });
    });

    it('refuses a replayed DNS exchange', async () => {
      // Its own key: Ed25519 is deterministic, so another test's exchange in the same second would already be this one.
      const body = signedBody('replay.example.com', replayKey);
      expect((await t.app.inject({ method: 'POST', url: '/v0/auth/dns', payload: body })).statusCode).toBe(200);
      const again = await t.app.inject({ method: 'POST', url: '/v0/auth/dns', payload: body });
      expect(again.statusCode).toBe(401);
      expect(again.json().errors[0].message).toBe('this signed timestamp has already been used; sign a new timestamp and try again');
    });

    it('refuses an IP literal as the domain', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/v0/auth/dns', payload: signedBody('127.0.0.1', dnsKey) });
      expect(res.statusCode).toBe(401);
      expect(res.json().errors[0].message).toBe('invalid domain format');
    });

    it('validates the body (422)', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/v0/auth/dns', payload: { domain: 'example.com', timestamp: rfc3339() } });
      expect(res.statusCode).toBe(422);
    });

    it('offers the http route in production composition too', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/v0/auth/http', payload: signedBody('localhost', httpKey) });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ detail: 'HTTP authentication failed', errors: [{ message: 'invalid domain format' }] });
    });
  });
});

describe('disabled domain proofs', () => {
  it('removes /auth/dns and /auth/http when dnsAuth and httpAuth are off', async () => {
    const t = await testToolshed('sqlite', { dnsAuth: false, httpAuth: false });
    try {
      for (const url of ['/v0/auth/dns', '/v0.1/auth/http']) {
        expect((await t.app.inject({ method: 'POST', url, payload: {} })).statusCode).toBe(404);
      }
    } finally {
      await t.destroy();
    }
  });
});
