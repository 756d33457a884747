/**
 * The DNS and HTTP proofs: the current RFC 3339 timestamp (second precision, as
 * Go's `time.RFC3339` prints it) signed with the publisher's key, and the public
 * key record the registry will look for. Keys are given as upstream takes them:
 * a 32-byte Ed25519 seed or a 48-byte P-384 scalar, in hex.
 */
import { createECDH, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { usageError } from './publisherError.js';

export const KEY_ALGORITHMS = ['ed25519', 'ecdsap384'] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

export interface SignedTimestamp {
  timestamp: string;
  /** Hex, the `signed_timestamp` of the exchange body. */
  signedTimestamp: string;
  /** `v=MCPv1; k=<alg>; p=<base64 public key>`. */
  proofRecord: string;
}

const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

const b64url = (bytes: Buffer) => bytes.toString('base64url');

function keyBytes(hex: string, length: number, algorithm: KeyAlgorithm): Buffer {
  const clean = hex.trim();
  if (!/^[0-9a-fA-F]*$/.test(clean) || clean.length !== length * 2) {
    throw usageError(`a ${algorithm} private key is ${length} bytes in hex (${length * 2} characters), got ${clean.length} characters`);
  }
  return Buffer.from(clean, 'hex');
}

function ed25519Key(seed: Buffer): { key: KeyObject; publicKey: Buffer } {
  const key = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  return { key, publicKey: spki.subarray(spki.length - 32) };
}

function p384Key(scalar: Buffer): { key: KeyObject; publicKey: Buffer } {
  const ecdh = createECDH('secp384r1');
  try {
    ecdh.setPrivateKey(scalar);
  } catch {
    throw usageError('the ecdsap384 private key is not a valid P-384 scalar');
  }
  const point = ecdh.getPublicKey();
  const key = createPrivateKey({
    format: 'jwk',
    key: { kty: 'EC', crv: 'P-384', d: b64url(scalar), x: b64url(point.subarray(1, 49)), y: b64url(point.subarray(49)) },
  });
  // The registry expects the 49-byte compressed point.
  return { key, publicKey: ecdh.getPublicKey(null, 'compressed') };
}

export function rfc3339Now(now = new Date()): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function signTimestamp(privateKeyHex: string, algorithm: KeyAlgorithm, now = new Date()): SignedTimestamp {
  const timestamp = rfc3339Now(now);
  const message = Buffer.from(timestamp, 'utf8');
  let signature: Buffer;
  let publicKey: Buffer;
  if (algorithm === 'ed25519') {
    const k = ed25519Key(keyBytes(privateKeyHex, 32, algorithm));
    signature = sign(null, message, k.key);
    publicKey = k.publicKey;
  } else {
    const k = p384Key(keyBytes(privateKeyHex, 48, algorithm));
    // r‖s, 48 bytes each, over SHA-384 of the timestamp.
    signature = sign('sha384', message, { key: k.key, dsaEncoding: 'ieee-p1363' });
    publicKey = k.publicKey;
  }
  return {
    timestamp,
    signedTimestamp: signature.toString('hex'),
    proofRecord: `v=MCPv1; k=${algorithm}; p=${publicKey.toString('base64')}`,
  };
}
