/**
 * The `http` proof against a real HTTP server on loopback, reached through the
 * guarded outbound client: Ed25519 and P-384 keys, the first record only, extra
 * text around it, a wrong key (fingerprinted), the 4096-byte limit, redirects
 * (never followed), non-200 answers, unreachable and blocked hosts, stale /
 * future / replayed timestamps, refused domains (never fetched), and the grant
 * (the domain only, no subdomains).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOutbound, type Outbound } from '../../outbound/index.js';
import { createReplayGuard } from './domainSignature.js';
import { httpProof, wellKnownUrl } from './httpProof.js';
import { ed25519Key, p384Key, rfc3339, signedBody } from './proofTestKit.js';

interface Site {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
}
const sites = new Map<string, Site>();
const requests: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
const elsewhere: string[] = [];
let server: Server;
let other: Server;
let base: string;
let otherBase: string;
let outbound: Outbound;

async function listen(s: Server): Promise<string> {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    const site = req.url === '/.well-known/mcp-registry-auth' ? sites.get(req.headers.host ?? '') : undefined;
    res.writeHead(site?.status ?? (site ? 200 : 404), { 'content-type': 'text/plain', ...site?.headers });
    res.end(site?.body ?? 'not found');
  });
  other = createServer((req, res) => {
    elsewhere.push(req.url ?? '');
    res.end(sites.get('elsewhere')?.body ?? '');
  });
  base = await listen(server);
  otherBase = await listen(other);
  outbound = createOutbound({ allow: ['127.0.0.0/8'], allowHttp: true });
});
afterAll(async () => {
  await outbound?.close();
  await new Promise((r) => server?.close(r));
  await new Promise((r) => other?.close(r));
});
beforeEach(() => {
  sites.clear();
  requests.length = 0;
  elsewhere.length = 0;
});

/** The test domain's well-known URL on the loopback server; the Host header carries the domain. */
const local = (_domain: string) => `${base}/.well-known/mcp-registry-auth`;
const proof = () => httpProof({ outbound, wellKnownUrl: local, replay: createReplayGuard() });
const failure = (reason: string) => ({ ok: false, reason: `failed to fetch keys: failed to fetch public key: ${reason}` });

describe('http proof', () => {
  it('fetches https://<domain>/.well-known/mcp-registry-auth in production', () => {
    expect(wellKnownUrl('example.com')).toBe('https://example.com/.well-known/mcp-registry-auth');
  });

  it('exchanges an Ed25519 signature for publish on the domain only', async () => {
    const key = ed25519Key();
    sites.set('example.com', { body: `${key.record}\n` });
    expect(await proof().exchange(signedBody('example.com', key))).toEqual({
      ok: true,
      grant: { method: 'http', subject: 'example.com', permissions: [{ action: 'publish', resource: 'com.example/*' }] },
    });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers).toMatchObject({ host: 'example.com', accept: 'text/plain', 'user-agent': 'mcp-registry/1.0' });
  });

  it('exchanges a P-384 signature', async () => {
    const key = p384Key();
    sites.set('api.example.com', { body: key.record });
    const result = await proof().exchange(signedBody('api.example.com', key));
    expect(result.ok && result.grant.permissions).toEqual([{ action: 'publish', resource: 'com.example.api/*' }]);
  });

  it('accepts text around the record', async () => {
    const key = ed25519Key();
    sites.set('example.com', { body: `# MCP registry key\n  ${key.record}  \n# rotated 2025-10\n` });
    expect((await proof().exchange(signedBody('example.com', key))).ok).toBe(true);
  });

  it('reads only the first record in the file', async () => {
    const [first, second] = [ed25519Key(), ed25519Key()];
    sites.set('example.com', { body: `${first.record}\n${second.record}\n` });
    expect(await proof().exchange(signedBody('example.com', second))).toEqual({
      ok: false,
      reason: `signature verification failed (tried published key ed25519:${first.p.slice(0, 8)}); if this is not the key you are signing with, the published record may be stale`,
    });
  });

  it('refuses a file with no record', async () => {
    sites.set('example.com', { body: 'hello' });
    expect(await proof().exchange(signedBody('example.com', ed25519Key()))).toEqual({ ok: false, reason: 'no MCP public key found in HTTP response' });
  });

  it('refuses a malformed record with its own error', async () => {
    sites.set('example.com', { body: 'v=MCPv1; k=ecdsap384; p=AAAA' });
    expect(await proof().exchange(signedBody('example.com', ed25519Key()))).toEqual({ ok: false, reason: 'invalid ECDSA P-384 public key size' });
  });

  it('accepts a file of exactly 4096 bytes', async () => {
    const key = ed25519Key();
    sites.set('example.com', { body: key.record.padEnd(4096, ' ') });
    expect((await proof().exchange(signedBody('example.com', key))).ok).toBe(true);
  });

  it('refuses a file over 4096 bytes', async () => {
    const key = ed25519Key();
    sites.set('example.com', { body: key.record.padEnd(4097, ' ') });
    expect(await proof().exchange(signedBody('example.com', key))).toEqual(failure('HTTP auth key response too large'));
    sites.set('example.com', { body: key.record.padEnd(1_000_000, '#') });
    expect(await proof().exchange(signedBody('example.com', key))).toEqual(failure('HTTP auth key response too large'));
  });

  it('does not follow a redirect to another host, and says so', async () => {
    const key = ed25519Key();
    sites.set('example.com', { status: 302, headers: { location: `${otherBase}/.well-known/mcp-registry-auth` } });
    sites.set('elsewhere', { body: key.record });
    const result = await proof().exchange(signedBody('example.com', key));
    expect(result).toEqual(
      failure(
        `HTTP 302: failed to fetch key from ${base}/.well-known/mcp-registry-auth (it redirects to ${otherBase}/.well-known/mcp-registry-auth; redirects are not followed, so serve the file at this URL directly)`,
      ),
    );
    expect(elsewhere).toEqual([]);
  });

  it('refuses a non-200 answer', async () => {
    sites.set('example.com', { status: 404, body: 'x'.repeat(10_000) });
    expect(await proof().exchange(signedBody('example.com', ed25519Key()))).toEqual(failure(`HTTP 404: failed to fetch key from ${base}/.well-known/mcp-registry-auth`));
    sites.set('example.com', { status: 500, body: ed25519Key().record });
    expect(await proof().exchange(signedBody('example.com', ed25519Key()))).toEqual(failure(`HTTP 500: failed to fetch key from ${base}/.well-known/mcp-registry-auth`));
  });

  it('reports an unreachable host', async () => {
    const closed = createServer();
    const url = await listen(closed);
    await new Promise((r) => closed.close(r));
    const method = httpProof({ outbound, wellKnownUrl: () => `${url}/.well-known/mcp-registry-auth`, replay: createReplayGuard() });
    const result = await method.exchange(signedBody('example.com', ed25519Key()));
    expect(!result.ok && result.reason).toMatch(/^failed to fetch keys: failed to fetch public key: failed to fetch key: could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)$/);
  });

  it('never fetches from a private address the outbound policy does not allow', async () => {
    const guarded = createOutbound({ allowHttp: true });
    try {
      sites.set('example.com', { body: ed25519Key().record });
      const result = await httpProof({ outbound: guarded, wellKnownUrl: local, replay: createReplayGuard() }).exchange(signedBody('example.com', ed25519Key()));
      expect(!result.ok && result.reason).toMatch(/^failed to fetch keys: failed to fetch public key: failed to fetch key: 127\.0\.0\.1 is a private, loopback/);
      expect(requests).toEqual([]);
    } finally {
      await guarded.close();
    }
  });

  it('refuses a stale timestamp', async () => {
    const key = ed25519Key();
    sites.set('example.com', { body: key.record });
    expect(await proof().exchange(signedBody('example.com', key, rfc3339(Date.now() - 60_000)))).toEqual({ ok: false, reason: 'timestamp outside valid window (±15 seconds)' });
    expect(requests).toEqual([]);
  });

  it('refuses a timestamp from the future', async () => {
    const key = ed25519Key();
    sites.set('example.com', { body: key.record });
    expect(await proof().exchange(signedBody('example.com', key, rfc3339(Date.now() + 60_000)))).toEqual({ ok: false, reason: 'timestamp outside valid window (±15 seconds)' });
  });

  it('refuses a replay of a signature already exchanged', async () => {
    const key = ed25519Key();
    sites.set('example.com', { body: key.record });
    const method = proof();
    const once = signedBody('example.com', key);
    expect((await method.exchange(once)).ok).toBe(true);
    expect(await method.exchange({ ...once, signed_timestamp: once.signed_timestamp.toUpperCase() })).toEqual({
      ok: false,
      reason: 'this signed timestamp has already been used; sign a new timestamp and try again',
    });
    expect(requests).toHaveLength(1);
  });

  it('refuses IP literals, single labels and malformed names without fetching', async () => {
    for (const domain of ['127.0.0.1', '169.254.169.254', '::1', 'localhost', 'kubernetes', '-example.com', 'example..com']) {
      expect(await proof().exchange(signedBody(domain, ed25519Key()))).toEqual({ ok: false, reason: 'invalid domain format' });
    }
    expect(requests).toEqual([]);
  });

  it('describes its body and failure as upstream does', () => {
    const method = proof();
    expect([method.name, method.failureDetail]).toEqual(['http', 'HTTP authentication failed']);
    expect(method.bodySchema).toMatchObject({ required: ['domain', 'timestamp', 'signed_timestamp'] });
  });
});
