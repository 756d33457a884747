/**
 * Test support for the `dns` and `http` proofs: fresh Ed25519 and P-384 keys as
 * a publisher holds them (the private half in hex, the public half as an MCPv1
 * record), and the signed-timestamp body the publisher CLI sends. Used by the
 * proof tests here and by the end-to-end tests under test/.
 */
import { generateKeyPairSync, sign } from 'node:crypto';

export interface ProofKey {
  /** The public key as the record's `p=` carries it (standard base64). */
  p: string;
  /** The MCPv1 TXT record / well-known line publishing the public key. */
  record: string;
  /** The private key in hex: the Ed25519 seed or the P-384 scalar, as `login dns --private-key` takes it. */
  hex: string;
  /** Signs a message as the registry verifies it, in hex. */
  sign(message: string): string;
}

export function ed25519Key(): ProofKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const p = Buffer.from(jwk.x!, 'base64url').toString('base64');
  return {
    p,
    record: `v=MCPv1; k=ed25519; p=${p}`,
    hex: Buffer.from(jwk.d!, 'base64url').toString('hex'),
    sign: (m) => sign(null, Buffer.from(m), privateKey).toString('hex'),
  };
}

export function p384Key(): ProofKey {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const jwk = privateKey.export({ format: 'jwk' });
  const y = Buffer.from(jwk.y!, 'base64url');
  // The record carries the compressed point: 02/03 by the parity of y, then x.
  const p = Buffer.concat([Buffer.from([y[y.length - 1]! & 1 ? 3 : 2]), Buffer.from(jwk.x!, 'base64url')]).toString('base64');
  return {
    p,
    record: `v=MCPv1; k=ecdsap384; p=${p}`,
    hex: Buffer.from(jwk.d!, 'base64url').toString('hex'),
    sign: (m) => sign('sha384', Buffer.from(m), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('hex'),
  };
}

/** RFC 3339 to the second, as the publisher CLI sends it. */
export const rfc3339 = (ms = Date.now()): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The `/auth/dns` and `/auth/http` body: a domain and a timestamp signed with `key`. */
export function signedBody(domain: string, key: Pick<ProofKey, 'sign'>, timestamp = rfc3339()) {
  return { domain, timestamp, signed_timestamp: key.sign(timestamp) };
}
