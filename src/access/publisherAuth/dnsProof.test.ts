/**
 * The `dns` proof against a real DNS server on loopback (dns2): Ed25519 and P-384
 * keys, key rotation, a wrong key (fingerprinted), malformed and split TXT
 * records, the misplaced-selector diagnostics, missing records and resolver
 * failures, stale / future / replayed timestamps, refused domains (never looked
 * up), and the grant (the domain and its subdomains).
 */
import dns2 from 'dns2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createReplayGuard } from './domainSignature.js';
import { dnsProof } from './dnsProof.js';
import { ed25519Key, p384Key, rfc3339, signedBody } from './proofTestKit.js';

const { Packet } = dns2;
/** RFC 1035 response codes (dns2 has them at run time, not in its types). */
const RCODE = { SERVFAIL: 2, NXDOMAIN: 3 };

type Zone = string[][] | 'NXDOMAIN' | 'SERVFAIL' | 'SILENT';
const zones = new Map<string, Zone>();
const asked: string[] = [];
let server: dns2.DnsServer;
let servers: string[];

beforeAll(async () => {
  server = dns2.createServer({
    udp: true,
    handle(request, send) {
      const response = Packet.createResponseFromRequest(request);
      const name = request.questions[0]!.name.toLowerCase();
      asked.push(name);
      const zone = zones.get(name);
      if (zone === 'SILENT') return;
      if (zone === 'NXDOMAIN') response.header.rcode = RCODE.NXDOMAIN;
      else if (zone === 'SERVFAIL') response.header.rcode = RCODE.SERVFAIL;
      else for (const data of zone ?? []) response.answers.push({ name, type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 1, data } as unknown as dns2.Packet.Resource);
      void send(response);
    },
  });
  const { udp } = await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  servers = [`127.0.0.1:${udp!.port}`];
});
afterAll(async () => {
  await server?.close();
});
beforeEach(() => {
  zones.clear();
  asked.length = 0;
});

const proof = () => dnsProof({ servers, replay: createReplayGuard() });

describe('dns proof', () => {
  it('exchanges an Ed25519 signature for publish on the domain and all its subdomains', async () => {
    const key = ed25519Key();
    zones.set('example.com', [['v=spf1 -all'], [key.record]]);
    expect(await proof().exchange(signedBody('example.com', key))).toEqual({
      ok: true,
      grant: {
        method: 'dns',
        subject: 'example.com',
        permissions: [
          { action: 'publish', resource: 'com.example/*' },
          { action: 'publish', resource: 'com.example.*' },
        ],
      },
    });
  });

  it('exchanges a P-384 signature', async () => {
    const key = p384Key();
    zones.set('api.example.com', [[key.record]]);
    const result = await proof().exchange(signedBody('api.example.com', key));
    expect(result.ok && result.grant.permissions.map((p) => p.resource)).toEqual(['com.example.api/*', 'com.example.api.*']);
  });

  it('accepts any of several published keys (rotation)', async () => {
    const [old, current] = [ed25519Key(), p384Key()];
    zones.set('example.com', [[old.record], [current.record]]);
    expect((await proof().exchange(signedBody('example.com', current))).ok).toBe(true);
    expect((await proof().exchange(signedBody('example.com', old))).ok).toBe(true);
  });

  it('joins a TXT record split into several strings', async () => {
    const key = ed25519Key();
    zones.set('example.com', [['v=MCPv1; k=ed25519; ', `p=${key.p.slice(0, 20)}`, key.p.slice(20)]]);
    expect((await proof().exchange(signedBody('example.com', key))).ok).toBe(true);
  });

  it('names the published key when the signature was made with another', async () => {
    const [published, signer] = [ed25519Key(), ed25519Key()];
    zones.set('example.com', [[published.record]]);
    expect(await proof().exchange(signedBody('example.com', signer))).toEqual({
      ok: false,
      reason: `signature verification failed (tried published key ed25519:${published.p.slice(0, 8)}); if this is not the key you are signing with, the published record may be stale`,
    });
  });

  it('reports a lone malformed record by its own error', async () => {
    zones.set('example.com', [['v=MCPv1; k=ed25519; p=c29tZQ==']]);
    expect(await proof().exchange(signedBody('example.com', ed25519Key()))).toEqual({ ok: false, reason: 'invalid Ed25519 public key size' });
  });

  it('ignores a malformed record beside a good one', async () => {
    const key = ed25519Key();
    zones.set('example.com', [['v=MCPv1; k=ed25519; p=someNonsense'], [key.record]]);
    expect((await proof().exchange(signedBody('example.com', key))).ok).toBe(true);
  });

  it('refuses when every record is malformed', async () => {
    zones.set('example.com', [['v=MCPv1; k=ed25519; p=someNonsense'], ['v=MCPv1; k=rsa; p=AAAA']]);
    expect(await proof().exchange(signedBody('example.com', ed25519Key()))).toEqual({ ok: false, reason: 'no valid MCP public key found' });
  });

  it('points at the apex when the record sits under _mcp-auth', async () => {
    const key = ed25519Key();
    zones.set('_mcp-auth.example.com', [[key.record]]);
    expect(await proof().exchange(signedBody('example.com', key))).toEqual({
      ok: false,
      reason: 'failed to fetch keys: no MCPv1 TXT record at "example.com", but one was found at "_mcp-auth.example.com" — MCP DNS auth requires the record at the apex domain, not under a selector',
    });
  });

  it('points at the apex when the record sits under _mcp-registry, even beside an unrelated apex record', async () => {
    const key = ed25519Key();
    zones.set('example.com', [['v=MCP1; k=ed25519; p=AAAA']]);
    zones.set('_mcp-registry.example.com', [[key.record]]);
    const result = await proof().exchange(signedBody('example.com', key));
    expect(!result.ok && result.reason).toContain('but one was found at "_mcp-registry.example.com"');
  });

  it('does not probe selectors when the apex has an MCPv1 record', async () => {
    const [published, signer] = [ed25519Key(), ed25519Key()];
    zones.set('example.com', [[published.record]]);
    zones.set('_mcp-auth.example.com', [[signer.record]]);
    const result = await proof().exchange(signedBody('example.com', signer));
    expect(!result.ok && result.reason).toMatch(/^signature verification failed/);
    expect(asked).toEqual(['example.com']);
  });

  it('refuses an apex with TXT records but no MCP key', async () => {
    zones.set('example.com', [['v=spf1 include:_spf.example.com ~all']]);
    expect(await proof().exchange(signedBody('example.com', ed25519Key()))).toEqual({ ok: false, reason: 'no MCP public key found in DNS TXT records' });
    expect(asked.sort()).toEqual(['_mcp-auth.example.com', '_mcp-registry.example.com', 'example.com']);
  });

  it('refuses a name with no TXT records at all', async () => {
    expect(await proof().exchange(signedBody('example.com', ed25519Key()))).toEqual({
      ok: false,
      reason: 'failed to fetch keys: failed to lookup DNS TXT records: lookup example.com: no such host',
    });
    zones.set('example.com', 'NXDOMAIN');
    expect(await proof().exchange(signedBody('example.com', ed25519Key()))).toEqual({
      ok: false,
      reason: 'failed to fetch keys: failed to lookup DNS TXT records: lookup example.com: no such host',
    });
  });

  it('reports a failing DNS server', async () => {
    zones.set('example.com', 'SERVFAIL');
    expect(await proof().exchange(signedBody('example.com', ed25519Key()))).toEqual({
      ok: false,
      reason: 'failed to fetch keys: failed to lookup DNS TXT records: lookup example.com: server misbehaving',
    });
  });

  it('gives up on a DNS server that does not answer', async () => {
    zones.set('example.com', 'SILENT');
    const result = await dnsProof({ servers, timeoutMs: 200, replay: createReplayGuard() }).exchange(signedBody('example.com', ed25519Key()));
    expect(result).toEqual({ ok: false, reason: 'failed to fetch keys: failed to lookup DNS TXT records: lookup example.com: i/o timeout' });
  });

  it('refuses a stale timestamp', async () => {
    const key = ed25519Key();
    zones.set('example.com', [[key.record]]);
    expect(await proof().exchange(signedBody('example.com', key, rfc3339(Date.now() - 60_000)))).toEqual({
      ok: false,
      reason: 'timestamp outside valid window (±15 seconds)',
    });
  });

  it('refuses a timestamp from the future', async () => {
    const key = ed25519Key();
    zones.set('example.com', [[key.record]]);
    expect(await proof().exchange(signedBody('example.com', key, rfc3339(Date.now() + 60_000)))).toEqual({
      ok: false,
      reason: 'timestamp outside valid window (±15 seconds)',
    });
  });

  it('refuses a replay of a signature already exchanged', async () => {
    const key = ed25519Key();
    zones.set('example.com', [[key.record]]);
    const method = proof();
    const once = signedBody('example.com', key);
    expect((await method.exchange(once)).ok).toBe(true);
    expect(await method.exchange({ ...once })).toEqual({
      ok: false,
      reason: 'this signed timestamp has already been used; sign a new timestamp and try again',
    });
    expect(asked).toEqual(['example.com']);
  });

  it('lets a publisher retry a signature whose exchange failed', async () => {
    const key = ed25519Key();
    const attempt = signedBody('example.com', key);
    const method = proof();
    expect((await method.exchange(attempt)).ok).toBe(false);
    zones.set('example.com', [[key.record]]);
    expect((await method.exchange(attempt)).ok).toBe(true);
  });

  it('refuses a signature that is not hex', async () => {
    expect(await proof().exchange({ domain: 'example.com', timestamp: rfc3339(), signed_timestamp: 'zz' })).toEqual({
      ok: false,
      reason: "invalid signature format, must be hex: encoding/hex: invalid byte: U+007A 'z'",
    });
  });

  it('refuses IP literals, single labels and malformed names without looking them up', async () => {
    for (const domain of ['127.0.0.1', '::1', 'localhost', '-example.com', 'example.com-', 'example..com', 'exa mple.com', '']) {
      expect(await proof().exchange(signedBody(domain, ed25519Key()))).toEqual({ ok: false, reason: 'invalid domain format' });
    }
    expect(asked).toEqual([]);
  });

  it('describes its body and failure as upstream does', () => {
    const method = proof();
    expect([method.name, method.failureDetail]).toEqual(['dns', 'DNS authentication failed']);
    expect(method.bodySchema).toMatchObject({ required: ['domain', 'timestamp', 'signed_timestamp'] });
  });
});
