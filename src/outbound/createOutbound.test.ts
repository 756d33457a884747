/**
 * The outbound guard: blocked address ranges (literal and resolved), the allow
 * list, scheme rules, size and time limits, redirect rules, and TLS verification
 * against a real self-signed HTTPS server on loopback.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAddressPolicy } from './addressPolicy.js';
import { createOutbound, OutboundError } from './createOutbound.js';

describe('address policy', () => {
  const policy = createAddressPolicy();
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '224.0.0.1'])('blocks %s', (ip) =>
    expect(policy.permits(ip)).toBe(false),
  );
  it.each(['93.184.216.34', '8.8.8.8', '2606:4700::1111'])('permits %s', (ip) => expect(policy.permits(ip)).toBe(true));
  // IPv6 spellings of blocked IPv4 addresses: mapped, translated, IPv4-compatible (::/96) and NAT64 (64:ff9b::/96, 64:ff9b:1::/48).
  it.each([
    '::ffff:7f00:1',
    '::ffff:0:127.0.0.1',
    '::ffff:0:a00:1',
    '::127.0.0.1',
    '::7f00:1',
    '0:0:0:0:0:0:7f00:0001',
    '::a9fe:a9fe',
    '::10.0.0.1',
    '::c0a8:101',
    '64:ff9b::127.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '64:ff9b::c0a8:101',
    '64:ff9b:1::a00:1',
    '64:ff9b:1:ffff::7f00:1',
  ])('blocks the IPv6 spelling %s of a blocked IPv4 address', (ip) => expect(policy.permits(ip)).toBe(false));
  // Teredo (2001::/32, which tunnels to the IPv4 address it carries), 6to4, site-local, unique-local, discard-only, benchmarking, documentation and SRv6 SIDs.
  it.each(['2001:0:4136:e378:8000:63bf:f5ff:fffe', '2001::1', '2002:a00:1::1', '2002:7f00:1::', 'fec0::1', 'fd12:3456::1', '100::1', '2001:2::1', '2001:db8::1', '3fff::1', '5f00::1'])(
    'blocks the special-purpose IPv6 address %s',
    (ip) => expect(policy.permits(ip)).toBe(false),
  );
  it('lets configuration allow a special-purpose IPv6 range it names', () => {
    expect(createAddressPolicy({ allow: ['2001::/32'] }).permits('2001:0:4136:e378:8000:63bf:f5ff:fffe')).toBe(true);
    expect(policy.permits('2001:4860:4860::8888')).toBe(true);
  });
  it('judges an IPv4-compatible address as the IPv4 address it spells, allow list included', () => {
    expect(policy.permits('::8.8.8.8')).toBe(true);
    const p = createAddressPolicy({ allow: ['127.0.0.0/8'] });
    expect(p.permits('::127.0.0.1')).toBe(true);
    expect(p.permits('::ffff:0:7f00:1')).toBe(true);
    expect(p.permits('::10.0.0.1')).toBe(false);
  });
  it('lets configuration allow a blocked range', () => {
    const p = createAddressPolicy({ allow: ['127.0.0.0/8', '10.0.0.5'] });
    expect(p.permits('127.0.0.1')).toBe(true);
    expect(p.permits('10.0.0.5')).toBe(true);
    expect(p.permits('10.0.0.6')).toBe(false);
  });
});

describe('guarded fetch', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/big') return res.end('x'.repeat(10_000));
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2_000);
      if (req.url === '/away') return res.writeHead(302, { location: 'http://127.0.0.2:9/elsewhere' }).end();
      if (req.url === '/hop') return res.writeHead(302, { location: '/ok' }).end();
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  const allowed = () => createOutbound({ allow: ['127.0.0.0/8'], allowHttp: true });

  it('refuses loopback by literal and by name unless allowed', async () => {
    const strict = createOutbound({ allowHttp: true });
    await expect(strict.fetch(`${base}/ok`)).rejects.toMatchObject({ reason: 'blocked' });
    await expect(strict.fetch(base.replace('127.0.0.1', 'localhost') + '/ok')).rejects.toMatchObject({ reason: 'blocked' });
    const open = allowed();
    expect((await open.fetch(`${base}/ok`)).body).toBe('ok');
    expect((await open.fetch(base.replace('127.0.0.1', 'localhost') + '/ok')).body).toBe('ok');
    await strict.close();
    await open.close();
  });

  it('refuses plain http unless allowed, and non-http schemes always', () => {
    const o = createOutbound();
    expect(() => o.checkUrl('http://example.com/')).toThrow(OutboundError);
    expect(() => o.checkUrl('file:///etc/passwd')).toThrow(/not allowed/);
    expect(o.checkUrl('https://example.com/x').host).toBe('example.com');
  });

  it('bounds size and time', async () => {
    const o = allowed();
    await expect(o.fetch(`${base}/big`, { maxBytes: 4096 })).rejects.toMatchObject({ reason: 'too-large' });
    await expect(o.fetch(`${base}/slow`, { timeoutMs: 200 })).rejects.toMatchObject({ reason: 'timeout' });
    await o.close();
  });

  it('returns redirects unfollowed by default, follows same-origin ones, refuses cross-origin ones', async () => {
    const o = allowed();
    expect((await o.fetch(`${base}/hop`)).status).toBe(302);
    expect((await o.fetch(`${base}/hop`, { redirects: 'same-origin' })).body).toBe('ok');
    await expect(o.fetch(`${base}/away`, { redirects: 'same-origin' })).rejects.toMatchObject({ reason: 'redirect' });
    await o.close();
  });

  it('verifies TLS certificates', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'toolshed-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], {
      stdio: 'ignore',
    });
    const tls = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_q, s) => s.end('secret'));
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
    const o = createOutbound({ allow: ['127.0.0.0/8'] });
    const port = (tls.address() as AddressInfo).port;
    await expect(o.fetch(`https://127.0.0.1:${port}/`)).rejects.toMatchObject({ reason: 'tls', message: `TLS failure: certificate signed by an unknown authority for host 127.0.0.1:${port}` });
    await o.close();
    tls.close();
  });
});
