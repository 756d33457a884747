/**
 * The DNS/HTTP proof signature: an RFC 3339 second-precision timestamp signed with
 * an Ed25519 seed or a P-384 scalar given in hex, verifiable with the public key in
 * the printed record (raw 32 bytes, or the 49-byte compressed point), and bad keys refused.
 */
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PublisherError } from './publisherError.js';
import { signTimestamp } from './signTimestamp.js';

const NOW = new Date('2025-10-01T12:34:56.789Z');
const publicKeyOf = (record: string) => Buffer.from(/p=([A-Za-z0-9+/=]+)$/.exec(record)![1]!, 'base64');

describe('signTimestamp', () => {
  it('signs the timestamp with an Ed25519 seed, as the registry verifies it', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url').toString('hex');
    const signed = signTimestamp(seed, 'ed25519', NOW);
    expect(signed.timestamp).toBe('2025-10-01T12:34:56Z');
    const raw = publicKeyOf(signed.proofRecord);
    expect(raw.equals(Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url'))).toBe(true);
    expect(signed.proofRecord.startsWith('v=MCPv1; k=ed25519; p=')).toBe(true);
    expect(verify(null, Buffer.from(signed.timestamp), publicKey, Buffer.from(signed.signedTimestamp, 'hex'))).toBe(true);
  });

  it('signs SHA-384 of the timestamp as r‖s with a P-384 scalar, publishing the compressed point', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const scalar = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url').toString('hex');
    const signed = signTimestamp(scalar, 'ecdsap384', NOW);
    const signature = Buffer.from(signed.signedTimestamp, 'hex');
    expect(signature).toHaveLength(96);
    const point = publicKeyOf(signed.proofRecord);
    expect(point).toHaveLength(49);
    expect([2, 3]).toContain(point[0]);
    // The compressed point in the record must name the key that signed.
    const fromRecord = createPublicKey({ key: Buffer.concat([Buffer.from('3046301006072a8648ce3d020106052b81040022033200', 'hex'), point]), format: 'der', type: 'spki' });
    expect(verify('sha384', Buffer.from(signed.timestamp), { key: fromRecord, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
  });

  it('refuses keys of the wrong length or not in hex, as usage errors', () => {
    for (const [key, alg] of [
      ['ab', 'ed25519'],
      ['zz'.repeat(32), 'ed25519'],
      ['11'.repeat(32), 'ecdsap384'],
      ['00'.repeat(48), 'ecdsap384'],
    ] as const) {
      let error: unknown;
      try {
        signTimestamp(key, alg, NOW);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(PublisherError);
      expect((error as PublisherError).exitCode).toBe(2);
    }
  });
});
