/**
 * The crypto and checks shared by the `dns` and `http` proofs: MCPv1 key record
 * parsing (Ed25519, compressed P-384, every official parse error), signature
 * verification (sizes, mismatches, stale-key fingerprints), Go's hex and base64
 * error texts, the domain and ±15 s timestamp checks, the replay guard, and grants.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkDomainAndTimestamp,
  createReplayGuard,
  decodeHex,
  decodeStdBase64,
  domainGrant,
  fingerprint,
  parseKeyRecords,
  parsePublishedKey,
  verifyWithKeys,
  type PublishedKey,
} from './domainSignature.js';

function ed25519() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  return { raw, p: raw.toString('base64'), sign: (m: string) => sign(null, Buffer.from(m), privateKey) };
}

function p384() {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const jwk = publicKey.export({ format: 'jwk' });
  const x = Buffer.from(jwk.x!, 'base64url');
  const y = Buffer.from(jwk.y!, 'base64url');
  const raw = Buffer.concat([Buffer.from([y[47]! & 1 ? 0x03 : 0x02]), x]);
  return {
    raw,
    uncompressed: Buffer.concat([Buffer.from([0x04]), x, y]),
    p: raw.toString('base64'),
    sign: (m: string) => sign('sha384', Buffer.from(m), { key: privateKey, dsaEncoding: 'ieee-p1363' }),
  };
}

function parsed(algorithm: string, p: string): PublishedKey {
  const r = parsePublishedKey(algorithm, p);
  if (!r.ok) throw new Error(r.error);
  return r.key;
}

const TS = '2025-10-24T14:02:33Z';
const msg = Buffer.from(TS);

describe('key records', () => {
  it('parses Ed25519 and compressed P-384 keys, and only records with the MCPv1 shape', () => {
    const e = ed25519();
    const p = p384();
    const keys = parseKeyRecords([`v=MCPv1; k=ed25519; p=${e.p}`, 'v=spf1 include:_spf.example.com ~all', `some prefix v=MCPv1;k=ecdsap384;p=${p.p} trailing`]);
    expect(keys.map((k) => (k.ok ? [k.key.algorithm, k.key.raw.toString('hex')] : k.error))).toEqual([
      ['ed25519', e.raw.toString('hex')],
      ['ecdsap384', p.raw.toString('hex')],
    ]);
  });

  it('reads only the first record of a string', () => {
    const [a, b] = [ed25519(), ed25519()];
    const keys = parseKeyRecords([`v=MCPv1; k=ed25519; p=${a.p}\nv=MCPv1; k=ed25519; p=${b.p}`]);
    expect(keys).toHaveLength(1);
    expect(keys[0]!.ok && keys[0]!.key.raw.equals(a.raw)).toBe(true);
  });

  it('gives the official error for each malformed key', () => {
    const p = p384();
    const cases: Array<[string, string, string]> = [
      ['ed25519', 'someNonsense', 'invalid Ed25519 public key size'],
      ['ed25519', 'abc', 'failed to decode public key: illegal base64 data at input byte 0'],
      ['ed25519', 'abcde===', 'failed to decode public key: illegal base64 data at input byte 5'],
      ['ed25519', 'ab=c', 'failed to decode public key: illegal base64 data at input byte 2'],
      ['ecdsap384', Buffer.alloc(48, 2).toString('base64'), 'invalid ECDSA P-384 public key size'],
      ['ecdsap384', p.uncompressed.subarray(0, 49).toString('base64'), 'invalid ECDSA P-384 public key format (must be compressed, with a leading 0x02 or 0x03 byte)'],
      ['ecdsap384', Buffer.concat([Buffer.from([2]), Buffer.alloc(48, 0xff)]).toString('base64'), 'failed to decompress ECDSA P-384 public key'],
      ['rsa', ed25519().p, 'unsupported public key algorithm: rsa'],
      ['ed25519 ', ed25519().p, 'unsupported public key algorithm: ed25519 '],
    ];
    for (const [alg, key, error] of cases) expect(parsePublishedKey(alg, key)).toEqual({ ok: false, error });
  });

  it('decodes padded standard base64 like Go, and refuses what Go refuses', () => {
    expect(decodeStdBase64('aGk=')).toEqual(Buffer.from('hi'));
    expect(decodeStdBase64('aGVsbG8=')).toEqual(Buffer.from('hello'));
    expect(decodeStdBase64('aGk')).toEqual({ offset: 0 });
    expect(decodeStdBase64('aGk=aGk=')).toEqual({ offset: 4 });
    expect(decodeStdBase64('aG==x')).toEqual({ offset: 4 });
    expect(decodeStdBase64('aG=')).toEqual({ offset: 3 });
  });

  it('fingerprints keys as <alg>:<first 8 base64 characters>', () => {
    const e = ed25519();
    const p = p384();
    expect(fingerprint(parsed('ed25519', e.p))).toBe(`ed25519:${e.p.slice(0, 8)}`);
    expect(fingerprint(parsed('ecdsap384', p.p))).toBe(`ecdsap384:${p.p.slice(0, 8)}`);
  });
});

describe('signatures over the timestamp', () => {
  it('verifies Ed25519 and P-384 (r‖s over SHA-384) signatures of the exact timestamp string', () => {
    const e = ed25519();
    const p = p384();
    expect(verifyWithKeys([parsed('ed25519', e.p)], msg, e.sign(TS))).toBeUndefined();
    expect(verifyWithKeys([parsed('ecdsap384', p.p)], msg, p.sign(TS))).toBeUndefined();
    expect(verifyWithKeys([parsed('ed25519', e.p)], Buffer.from('2025-10-24T14:02:33.000Z'), e.sign(TS))).toMatch(/^signature verification failed/);
  });

  it('accepts a signature from any published key (rotation, mixed algorithms)', () => {
    const [old, current] = [ed25519(), p384()];
    expect(verifyWithKeys([parsed('ed25519', old.p), parsed('ecdsap384', current.p)], msg, current.sign(TS))).toBeUndefined();
  });

  it('names the published key when it does not match', () => {
    const [published, signer] = [ed25519(), ed25519()];
    expect(verifyWithKeys([parsed('ed25519', published.p)], msg, signer.sign(TS))).toBe(
      `signature verification failed (tried published key ed25519:${published.p.slice(0, 8)}); if this is not the key you are signing with, the published record may be stale`,
    );
  });

  it('names every published key when none matches', () => {
    const [a, b, signer] = [p384(), p384(), p384()];
    expect(verifyWithKeys([parsed('ecdsap384', a.p), parsed('ecdsap384', b.p)], msg, signer.sign(TS))).toBe(
      `signature verification failed against all 2 published keys (tried: ecdsap384:${a.p.slice(0, 8)}, ecdsap384:${b.p.slice(0, 8)}); ` +
        'if you recently rotated keys, remove any stale records from the apex domain',
    );
  });

  it('reports the last key’s error, without fingerprints, when a key fails for a structural reason', () => {
    const [e, p, signer] = [ed25519(), p384(), p384()];
    const keys = [parsed('ed25519', e.p), parsed('ecdsap384', p.p)];
    expect(verifyWithKeys(keys, msg, signer.sign(TS).subarray(0, 64))).toBe('invalid signature size for ECDSA P-384');
    // Go keeps the last error even when it is the plain mismatch: the official registry answers this.
    expect(verifyWithKeys(keys, msg, signer.sign(TS))).toBe('ECDSA P-384: signature does not match public key');
  });

  it('refuses signatures of the wrong size for the key', () => {
    const e = ed25519();
    const p = p384();
    expect(verifyWithKeys([parsed('ed25519', e.p)], msg, e.sign(TS).subarray(0, 63))).toBe('invalid signature size for Ed25519');
    expect(verifyWithKeys([parsed('ecdsap384', p.p)], msg, Buffer.concat([p.sign(TS), Buffer.alloc(1)]))).toBe('invalid signature size for ECDSA P-384');
  });
});

describe('body checks', () => {
  it('decodes hex signatures with Go’s error texts', () => {
    expect(decodeHex('0aFF')).toEqual(Buffer.from([0x0a, 0xff]));
    expect(decodeHex('')).toEqual(Buffer.alloc(0));
    expect(decodeHex('invalid')).toEqual({ error: "encoding/hex: invalid byte: U+0069 'i'" });
    expect(decodeHex('abc')).toEqual({ error: 'encoding/hex: odd length hex string' });
    expect(decodeHex('abz')).toEqual({ error: "encoding/hex: invalid byte: U+007A 'z'" });
    expect(decodeHex('a\n')).toEqual({ error: 'encoding/hex: invalid byte: U+000A' });
  });

  it('accepts the domains the official registry accepts, and refuses the rest', () => {
    const now = Date.parse(TS);
    for (const d of ['example.com', 'sub.example.com', 'a.b.c.d.example.com', 'foo-bar.example.com', '123.example.com']) {
      expect(checkDomainAndTimestamp(d, TS, now)).toBeUndefined();
    }
    for (const d of [
      '',
      '127.0.0.1',
      '10.0.0.1',
      '169.254.169.254',
      '::1',
      'fe80::1',
      'localhost',
      'kubernetes',
      'internal',
      '-example.com',
      'example.com-',
      'exa mple.com',
      'example..com',
      `${'a'.repeat(250)}.com`,
    ]) {
      expect(checkDomainAndTimestamp(d, TS, now)).toBe('invalid domain format');
    }
  });

  it('accepts timestamps up to 15 s either side of the server clock, inclusive', () => {
    const now = Date.parse(TS);
    expect(checkDomainAndTimestamp('example.com', TS, now + 15_000)).toBeUndefined();
    expect(checkDomainAndTimestamp('example.com', TS, now - 15_000)).toBeUndefined();
    expect(checkDomainAndTimestamp('example.com', '2025-10-24T16:02:33+02:00', now)).toBeUndefined();
  });

  it('refuses stale and future timestamps', () => {
    const now = Date.parse(TS);
    expect(checkDomainAndTimestamp('example.com', TS, now + 15_001)).toBe('timestamp outside valid window (±15 seconds)');
    expect(checkDomainAndTimestamp('example.com', TS, now - 15_001)).toBe('timestamp outside valid window (±15 seconds)');
    expect(checkDomainAndTimestamp('example.com', '2025-10-24T14:02:48.000000001Z', now)).toBe('timestamp outside valid window (±15 seconds)');
  });

  it('refuses timestamps that are not RFC 3339', () => {
    for (const ts of ['', '1729778553', '2025-10-24 14:02:33Z', '2025-10-24T14:02:33', '2025-02-30T00:00:00Z']) {
      expect(checkDomainAndTimestamp('example.com', ts, Date.parse(TS))).toMatch(/^invalid timestamp format: parsing time /);
    }
  });
});

describe('replay guard', () => {
  const sig = Buffer.alloc(64, 7);

  it('refuses a triple already claimed, and forgets it after its time', () => {
    let now = 1_000_000;
    const guard = createReplayGuard(30_000, () => now);
    expect(guard.claim('example.com', TS, sig)).toBe(true);
    expect(guard.claim('EXAMPLE.com', TS, sig)).toBe(false);
    expect(guard.claim('example.com', TS, Buffer.alloc(64, 8))).toBe(true);
    now += 30_000;
    expect(guard.claim('example.com', TS, sig)).toBe(true);
  });

  it('frees a released claim', () => {
    const guard = createReplayGuard();
    expect(guard.claim('example.com', TS, sig)).toBe(true);
    guard.release('example.com', TS, sig);
    expect(guard.claim('example.com', TS, sig)).toBe(true);
  });

  it('treats the malleated twin (r, n − s) of a P-384 signature as the same signature', () => {
    const n = 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n;
    const s = 12345n;
    const r = Buffer.alloc(48, 1);
    const low = Buffer.concat([r, Buffer.from(s.toString(16).padStart(96, '0'), 'hex')]);
    const high = Buffer.concat([r, Buffer.from((n - s).toString(16).padStart(96, '0'), 'hex')]);
    const guard = createReplayGuard();
    expect(guard.claim('example.com', TS, high)).toBe(true);
    expect(guard.claim('example.com', TS, low)).toBe(false);
  });
});

describe('grants', () => {
  it('DNS covers the domain and its subdomains; HTTP the domain only', () => {
    expect(domainGrant('dns', 'api.example.com', true)).toEqual({
      method: 'dns',
      subject: 'api.example.com',
      permissions: [
        { action: 'publish', resource: 'com.example.api/*' },
        { action: 'publish', resource: 'com.example.api.*' },
      ],
    });
    expect(domainGrant('http', 'my-app.example-site.com', false).permissions).toEqual([{ action: 'publish', resource: 'com.example-site.my-app/*' }]);
  });
});
