/**
 * The Ed25519 keys that sign registry tokens. The current key signs; previous keys
 * only verify, so tokens issued just before a rotation stay valid until they expire.
 * Keys come from configuration (hex 32-byte seeds, as the official registry's
 * MCP_REGISTRY_JWT_PRIVATE_KEY) or are generated once: into the data directory
 * here, or into the database when it is PostgreSQL (src/instanceKeys.ts).
 */
import { createHash, createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDataDir } from '../makeDataDir.js';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface SigningKeys {
  current: SigningKey;
  /** Every key that may verify, current first. */
  all: SigningKey[];
}

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function keyFromSeed(seedHex: string): SigningKey {
  if (!/^[0-9a-fA-F]{64}$/.test(seedHex)) {
    throw new Error('a registry signing key must be 64 hex characters (a 32-byte Ed25519 seed, e.g. from `openssl rand -hex 32`)');
  }
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, Buffer.from(seedHex, 'hex')]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey(privateKey);
  const raw = publicKey.export({ format: 'der', type: 'spki' });
  const kid = createHash('sha256').update(raw).digest('base64url').slice(0, 16);
  return { kid, privateKey, publicKey };
}

export interface KeyFile {
  keys: Array<{ seed: string; createdAt: string }>;
}

const FILE = 'registry-signing-keys.json';

/** The keys generated into the data directory, if any. */
export function readKeyFile(dataDir: string): KeyFile | undefined {
  const path = join(dataDir, FILE);
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as KeyFile;
}

function writeKeyFile(dataDir: string, file: KeyFile): void {
  makeDataDir(dataDir);
  writeFileSync(join(dataDir, FILE), `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
}

/** Keys from seeds, the first one signing. */
export function signingKeysOf(seeds: string[]): SigningKeys {
  const all = seeds.map(keyFromSeed);
  return { current: all[0]!, all };
}

export function loadSigningKeys(options: { seedHex?: string | undefined; previousSeedsHex?: string[]; dataDir: string }): SigningKeys {
  let seeds: string[];
  if (options.seedHex) {
    seeds = [options.seedHex, ...(options.previousSeedsHex ?? [])];
  } else {
    let file = readKeyFile(options.dataDir);
    if (!file || file.keys.length === 0) {
      file = { keys: [{ seed: randomBytes(32).toString('hex'), createdAt: new Date().toISOString() }] };
      writeKeyFile(options.dataDir, file);
    }
    seeds = [...file.keys.map((k) => k.seed), ...(options.previousSeedsHex ?? [])];
  }
  return signingKeysOf(seeds);
}

/**
 * Makes a new current key in the data directory, keeping the last two previous
 * ones for verification. Replicas pick it up on restart; until then they keep
 * verifying with the old key, which stays in the file.
 */
export function rotateSigningKey(dataDir: string): SigningKey {
  const file = readKeyFile(dataDir) ?? { keys: [] };
  const seed = randomBytes(32).toString('hex');
  file.keys = [{ seed, createdAt: new Date().toISOString() }, ...file.keys].slice(0, 3);
  writeKeyFile(dataDir, file);
  return keyFromSeed(seed);
}
