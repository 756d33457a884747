/**
 * Encryption at rest for the secrets Toolshed keeps (a source's upstream
 * `Authorization` header, gateway upstream credentials, sign-in state); shared by
 * several planes, so it sits below them all. AES-256-GCM with a random 12-byte IV; the
 * output names its format version so the scheme can change without guessing.
 * The key comes from configuration (TOOLSHED_SECRET_KEY) or is generated once
 * into the data directory; replicas sharing a PostgreSQL database must share the
 * configured key, or each can only read what it wrote itself.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDataDir } from './makeDataDir.js';

export interface SecretBox {
  /** `v1:<b64 iv>:<b64 tag>:<b64 ciphertext>`. `context` (e.g. the source name) is bound as associated data. */
  encrypt(plain: string, context?: string): string;
  /** Throws when the value was sealed with another key or context, or was altered. */
  decrypt(sealed: string, context?: string): string;
}

const KEY_HEX = /^[0-9a-fA-F]{64}$/;
export const SECRET_KEY_FILE = 'secret-key';

export function createSecretBox(keyHex: string): SecretBox {
  if (!KEY_HEX.test(keyHex)) throw new Error('the secret key must be 64 hex characters (`openssl rand -hex 32`)');
  const key = Buffer.from(keyHex, 'hex');
  return {
    encrypt(plain, context = '') {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1:${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${ct.toString('base64')}`;
    },
    decrypt(sealed, context = '') {
      const parts = sealed.split(':');
      if (parts.length !== 4 || parts[0] !== 'v1') throw new Error('not a sealed secret (expected v1:iv:tag:ciphertext)');
      const [, iv, tag, ct] = parts as [string, string, string, string];
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('the stored secret cannot be decrypted with this secret key (was TOOLSHED_SECRET_KEY changed?)');
      }
    },
  };
}

/** The configured key, else the one kept in the data directory, else a new one written there (0600). */
export function loadSecretKey({ configured, dataDir }: { configured?: string | undefined; dataDir: string }): string {
  if (configured) {
    if (!KEY_HEX.test(configured)) throw new Error('TOOLSHED_SECRET_KEY must be 64 hex characters (`openssl rand -hex 32`)');
    return configured;
  }
  const file = join(dataDir, SECRET_KEY_FILE);
  const read = () => {
    const key = readFileSync(file, 'utf8').trim();
    if (!KEY_HEX.test(key)) throw new Error(`${file} does not hold a 64-hex-character key`);
    return key;
  };
  if (existsSync(file)) return read();
  makeDataDir(dataDir);
  const key = randomBytes(32).toString('hex');
  try {
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another process sharing the data directory wrote it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return read();
    throw err;
  }
  return key;
}
