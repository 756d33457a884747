/**
 * What the `dns` and `http` proofs share, as the official registry does it: the
 * `v=MCPv1; k=<alg>; p=<base64>` key records, Ed25519 and ECDSA P-384 signatures
 * over the exact `timestamp` string, the ±15 s window, and the exchange itself
 * (validate → fetch keys → parse → verify → grant). Error texts are the official
 * ones (Go's wording included), since publishers search for them.
 */
import { createPublicKey, ECDH, verify, type KeyObject } from 'node:crypto';
import { parseRfc3339Nanos } from '../../store/index.js';
import type { RegistryGrant } from '../registryTokens.js';
import { fail, type ProofResult } from './proofMethod.js';
import { isValidDomain, reverseDomain } from './reverseDomain.js';

/** The official record pattern; only the first match in each string counts. */
export const PROOF_RECORD = /v=MCPv1;\s*k=([^;]+);\s*p=([A-Za-z0-9+/=]+)/;

export type KeyAlgorithm = 'ed25519' | 'ecdsap384';

export interface PublishedKey {
  algorithm: KeyAlgorithm;
  /** The key bytes as published (32 raw bytes, or the 49-byte compressed point). */
  raw: Buffer;
  key: KeyObject;
}

type Parsed = { ok: true; key: PublishedKey } | { ok: false; error: string };

/** The official exchange body (the same for `dns` and `http`). */
export const SIGNATURE_BODY_SCHEMA = {
  type: 'object',
  required: ['domain', 'timestamp', 'signed_timestamp'],
  properties: {
    domain: { type: 'string', description: 'Domain name', examples: ['example.com'] },
    timestamp: { type: 'string', description: 'RFC3339 timestamp', examples: ['2023-01-01T00:00:00Z'] },
    signed_timestamp: { type: 'string', description: 'Hex-encoded signature of timestamp', examples: ['abcdef1234567890'] },
  },
} as const;

export const WINDOW_MS = 15_000;

/** Go's base64.StdEncoding.DecodeString: padding required; errors name the offending offset as Go does. */
export function decodeStdBase64(text: string): Buffer | { offset: number } {
  const isData = (c: string) => /[A-Za-z0-9+/]/.test(c);
  let si = 0;
  while (si < text.length) {
    let j = 0;
    for (; j < 4; j++) {
      if (si === text.length) return { offset: si - j }; // j ≥ 1 here: a short final quantum
      const c = text[si++]!;
      if (isData(c)) continue;
      if (c !== '=') return { offset: si - 1 };
      if (j < 2) return { offset: si - 1 };
      if (j === 2) {
        if (si === text.length) return { offset: text.length };
        if (text[si] !== '=') return { offset: si - 1 };
        si++;
      }
      if (si < text.length) return { offset: si };
      break;
    }
  }
  return Buffer.from(text, 'base64');
}

/** Go's ParsePublicKey. */
export function parsePublishedKey(algorithm: string, publicKey: string): Parsed {
  const bytes = decodeStdBase64(publicKey);
  if (!Buffer.isBuffer(bytes)) {
    return { ok: false, error: `failed to decode public key: illegal base64 data at input byte ${bytes.offset}` };
  }
  if (algorithm === 'ed25519') {
    if (bytes.length !== 32) return { ok: false, error: 'invalid Ed25519 public key size' };
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: bytes.toString('base64url') }, format: 'jwk' });
    return { ok: true, key: { algorithm, raw: bytes, key } };
  }
  if (algorithm === 'ecdsap384') {
    if (bytes.length !== 49) return { ok: false, error: 'invalid ECDSA P-384 public key size' };
    if (bytes[0] !== 0x02 && bytes[0] !== 0x03) {
      return { ok: false, error: 'invalid ECDSA P-384 public key format (must be compressed, with a leading 0x02 or 0x03 byte)' };
    }
    let point: Buffer;
    try {
      point = ECDH.convertKey(bytes, 'secp384r1', undefined, undefined, 'uncompressed') as Buffer;
    } catch {
      return { ok: false, error: 'failed to decompress ECDSA P-384 public key' };
    }
    const jwk = { kty: 'EC', crv: 'P-384', x: point.subarray(1, 49).toString('base64url'), y: point.subarray(49).toString('base64url') };
    return { ok: true, key: { algorithm, raw: bytes, key: createPublicKey({ key: jwk, format: 'jwk' }) } };
  }
  return { ok: false, error: `unsupported public key algorithm: ${algorithm}` };
}

/** One entry per string holding a record (first match only), in order. */
export function parseKeyRecords(records: string[]): Parsed[] {
  return records.flatMap((record) => {
    const m = PROOF_RECORD.exec(record);
    return m ? [parsePublishedKey(m[1]!, m[2]!)] : [];
  });
}

/** `<alg>:<first 8 base64 chars of the raw key>`, shown when no published key matches. */
export function fingerprint(key: PublishedKey): string {
  return `${key.algorithm}:${key.raw.toString('base64').slice(0, 8)}`;
}

const MISMATCH = 'signature does not match public key';

function verifyOne(key: PublishedKey, message: Buffer, signature: Buffer): { ok: true } | { ok: false; error: string; mismatch: boolean } {
  if (key.algorithm === 'ed25519') {
    if (signature.length !== 64) return { ok: false, error: 'invalid signature size for Ed25519', mismatch: false };
    return safeVerify(null, message, key.key, signature) ? { ok: true } : { ok: false, error: `Ed25519: ${MISMATCH}`, mismatch: true };
  }
  if (signature.length !== 96) return { ok: false, error: 'invalid signature size for ECDSA P-384', mismatch: false };
  return safeVerify('sha384', message, { key: key.key, dsaEncoding: 'ieee-p1363' }, signature) ? { ok: true } : { ok: false, error: `ECDSA P-384: ${MISMATCH}`, mismatch: true };
}

function safeVerify(alg: string | null, message: Buffer, key: Parameters<typeof verify>[2], signature: Buffer): boolean {
  try {
    return verify(alg, message, key, signature);
  } catch {
    return false; // e.g. an Ed25519 key that is not a curve point: Go reports a plain mismatch
  }
}

/** Go's VerifySignatureWithKeys: any key may verify; a stale-key hint only when every key simply mismatched. */
export function verifyWithKeys(keys: PublishedKey[], message: Buffer, signature: Buffer): string | undefined {
  let lastError = '';
  let allMismatch = true;
  for (const key of keys) {
    const r = verifyOne(key, message, signature);
    if (r.ok) return undefined;
    lastError = r.error;
    if (!r.mismatch) allMismatch = false;
  }
  if (!allMismatch) return lastError;
  const prints = keys.map(fingerprint);
  if (prints.length === 1) {
    return `signature verification failed (tried published key ${prints[0]}); if this is not the key you are signing with, the published record may be stale`;
  }
  return `signature verification failed against all ${prints.length} published keys (tried: ${prints.join(', ')}); if you recently rotated keys, remove any stale records from the apex domain`;
}

/** Go's hex.DecodeString, with its error texts. */
export function decodeHex(text: string): Buffer | { error: string } {
  const bytes = Buffer.from(text, 'utf8');
  const isHex = (b: number) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
  const invalid = (b: number) => {
    const printable = (b >= 0x20 && b < 0x7f) || (b >= 0xa1 && b !== 0xad);
    const code = `U+${b.toString(16).toUpperCase().padStart(4, '0')}`;
    return { error: `encoding/hex: invalid byte: ${printable ? `${code} '${String.fromCharCode(b)}'` : code}` };
  };
  let j = 1;
  for (; j < bytes.length; j += 2) {
    if (!isHex(bytes[j - 1]!)) return invalid(bytes[j - 1]!);
    if (!isHex(bytes[j]!)) return invalid(bytes[j]!);
  }
  if (bytes.length % 2 === 1) {
    if (!isHex(bytes[j - 1]!)) return invalid(bytes[j - 1]!);
    return { error: 'encoding/hex: odd length hex string' };
  }
  return Buffer.from(text, 'hex');
}

/** Go's ValidateDomainAndTimestamp: an error text, or undefined when both are acceptable. */
export function checkDomainAndTimestamp(domain: string, timestamp: string, nowMs: number): string | undefined {
  if (!isValidDomain(domain)) return 'invalid domain format';
  const nanos = parseRfc3339Nanos(timestamp);
  if (nanos === undefined) {
    return `invalid timestamp format: parsing time ${JSON.stringify(timestamp)} as "2006-01-02T15:04:05Z07:00": not an RFC 3339 timestamp`;
  }
  const now = BigInt(nowMs) * 1_000_000n;
  const window = BigInt(WINDOW_MS) * 1_000_000n;
  if (nanos < now - window || nanos > now + window) return 'timestamp outside valid window (±15 seconds)';
  return undefined;
}

const P384_ORDER = 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n;

/**
 * Signed timestamps already exchanged, so a captured request cannot be replayed
 * inside its window. In memory, so per process: behind a load balancer a replay
 * could still land on another replica, which is acceptable because a signature
 * is usable for 30 s at most and the token it yields is short-lived anyway.
 * Entries are kept 30 s (the whole ±15 s window) after first use.
 */
export interface ReplayGuard {
  /** Reserves the triple; false when it is already in use or used. */
  claim(domain: string, timestamp: string, signature: Buffer): boolean;
  /** Frees a reservation whose exchange failed, so the publisher may retry it. */
  release(domain: string, timestamp: string, signature: Buffer): void;
}

export function createReplayGuard(ttlMs = 2 * WINDOW_MS, now: () => number = Date.now): ReplayGuard {
  const seen = new Map<string, number>();
  const keyOf = (domain: string, timestamp: string, signature: Buffer) => {
    let sig = signature;
    if (sig.length === 96) {
      // ECDSA (r, s) and (r, n − s) both verify: remember the low-s form so the twin is a replay too.
      const s = BigInt(`0x${sig.subarray(48).toString('hex')}`);
      if (s > P384_ORDER / 2n) {
        sig = Buffer.concat([sig.subarray(0, 48), Buffer.from((P384_ORDER - s).toString(16).padStart(96, '0'), 'hex')]);
      }
    }
    return `${domain.toLowerCase()}\n${timestamp}\n${sig.toString('hex')}`;
  };
  return {
    claim(domain, timestamp, signature) {
      const t = now();
      for (const [k, expires] of seen) if (expires <= t) seen.delete(k);
      const key = keyOf(domain, timestamp, signature);
      if (seen.has(key)) return false;
      seen.set(key, t + ttlMs);
      return true;
    },
    release(domain, timestamp, signature) {
      seen.delete(keyOf(domain, timestamp, signature));
    },
  };
}

const guards = new WeakMap<object, ReplayGuard>();

/** One guard per deployment (keyed by its configuration), shared by `dns` and `http` so one signature cannot be spent on both. */
export function replayGuardFor(owner: object): ReplayGuard {
  let guard = guards.get(owner);
  if (!guard) guards.set(owner, (guard = createReplayGuard()));
  return guard;
}

export interface DomainExchange {
  method: 'dns' | 'http';
  body: Record<string, unknown>;
  /** The strings that may hold key records, or a failure text (already worded for the publisher). */
  fetchKeys(domain: string): Promise<string[] | { error: string }>;
  includeSubdomains: boolean;
  replay: ReplayGuard;
  now: () => number;
}

/** Go's CoreAuthHandler.ExchangeToken, plus the replay refusal. */
export async function exchangeDomainSignature(x: DomainExchange): Promise<ProofResult> {
  const domain = String(x.body.domain ?? '');
  const timestamp = String(x.body.timestamp ?? '');
  const invalid = checkDomainAndTimestamp(domain, timestamp, x.now());
  if (invalid) return fail(invalid);
  const signature = decodeHex(String(x.body.signed_timestamp ?? ''));
  if (!Buffer.isBuffer(signature)) return fail(`invalid signature format, must be hex: ${signature.error}`);

  if (!x.replay.claim(domain, timestamp, signature)) {
    return fail('this signed timestamp has already been used; sign a new timestamp and try again');
  }
  const result = await verifyAgainstPublishedKeys(x, domain, timestamp, signature);
  if (!result.ok) x.replay.release(domain, timestamp, signature);
  return result;
}

async function verifyAgainstPublishedKeys(x: DomainExchange, domain: string, timestamp: string, signature: Buffer): Promise<ProofResult> {
  const fetched = await x.fetchKeys(domain);
  if (!Array.isArray(fetched)) return fail(`failed to fetch keys: ${fetched.error}`);
  const parsed = parseKeyRecords(fetched);
  if (parsed.length === 0) {
    return fail(x.method === 'dns' ? 'no MCP public key found in DNS TXT records' : 'no MCP public key found in HTTP response');
  }
  if (parsed.length === 1 && !parsed[0]!.ok) return fail(parsed[0]!.error);
  const keys = parsed.flatMap((p) => (p.ok ? [p.key] : []));
  if (keys.length === 0) return fail('no valid MCP public key found');
  const mismatch = verifyWithKeys(keys, Buffer.from(timestamp, 'utf8'), signature);
  if (mismatch) return fail(mismatch);
  return { ok: true, grant: domainGrant(x.method, domain, x.includeSubdomains) };
}

/** `publish <rev>/*`, plus `publish <rev>.*` (every subdomain) when the proof covers the zone. */
export function domainGrant(method: 'dns' | 'http', domain: string, includeSubdomains: boolean): RegistryGrant {
  const rev = reverseDomain(domain);
  return {
    method,
    subject: domain,
    permissions: [{ action: 'publish', resource: `${rev}/*` }, ...(includeSubdomains ? [{ action: 'publish' as const, resource: `${rev}.*` }] : [])],
  };
}
