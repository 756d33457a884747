/**
 * Registry tokens: issue and verify round trip in the official shape, and every
 * refusal the publishing-auth issue names (alg none, another algorithm, a wrong
 * key, a future iat, an expired exp, a tampered payload), plus key rotation.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createRegistryTokens, TOKEN_ISSUER } from './registryTokens.js';
import { keyFromSeed, loadSigningKeys, rotateSigningKey } from './signingKeys.js';

const SEED_A = 'a'.repeat(64);
const SEED_B = 'b'.repeat(64);
const grant = { method: 'dns', subject: 'example.com', permissions: [{ action: 'publish' as const, resource: 'com.example/*' }] };

function keysOf(...seeds: string[]) {
  const all = seeds.map(keyFromSeed);
  return { current: all[0]!, all };
}

describe('registry tokens', () => {
  it('issues {registry_token, expires_at} and verifies it back to the grant', async () => {
    const tokens = createRegistryTokens({ keys: keysOf(SEED_A) });
    const issued = await tokens.issue(grant);
    expect(Object.keys(issued)).toEqual(['registry_token', 'expires_at']);
    expect(issued.expires_at - Math.floor(Date.now() / 1000)).toBeGreaterThan(290);
    expect(await tokens.verify(issued.registry_token)).toEqual({ subject: 'example.com', method: 'dns', permissions: grant.permissions });
    const payload = JSON.parse(Buffer.from(issued.registry_token.split('.')[1]!, 'base64url').toString());
    expect(payload).toMatchObject({ iss: 'mcp-registry', auth_method: 'dns', auth_method_sub: 'example.com' });
  });

  it('refuses alg none', async () => {
    const tokens = createRegistryTokens({ keys: keysOf(SEED_A) });
    const unsigned = new UnsecuredJWT({ permissions: [{ action: 'publish', resource: '*' }] }).setIssuer(TOKEN_ISSUER).setIssuedAt().setExpirationTime('5m').encode();
    await expect(tokens.verify(unsigned)).rejects.toMatchObject({ status: 401, message: 'Invalid or expired Registry JWT token' });
  });

  it('refuses another algorithm (HS256 with the public key as secret)', async () => {
    const keys = keysOf(SEED_A);
    const tokens = createRegistryTokens({ keys });
    const secret = keys.current.publicKey.export({ format: 'der', type: 'spki' });
    const forged = await new SignJWT({ permissions: [{ action: 'publish', resource: '*' }] })
      .setProtectedHeader({ alg: 'HS256', kid: keys.current.kid })
      .setIssuer(TOKEN_ISSUER)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new Uint8Array(secret));
    await expect(tokens.verify(forged)).rejects.toMatchObject({ status: 401 });
  });

  it('refuses a token signed by another key', async () => {
    const other = await createRegistryTokens({ keys: keysOf(SEED_B) }).issue(grant);
    await expect(createRegistryTokens({ keys: keysOf(SEED_A) }).verify(other.registry_token)).rejects.toMatchObject({ status: 401 });
  });

  it('refuses a future iat and an expired exp', async () => {
    const keys = keysOf(SEED_A);
    const tokens = createRegistryTokens({ keys });
    const now = Math.floor(Date.now() / 1000);
    const sign = (iat: number, exp: number) =>
      new SignJWT({ auth_method: 'none', auth_method_sub: 'x', permissions: [] })
        .setProtectedHeader({ alg: 'EdDSA', kid: keys.current.kid })
        .setIssuer(TOKEN_ISSUER)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(keys.current.privateKey);
    await expect(tokens.verify(await sign(now + 3600, now + 3900))).rejects.toMatchObject({ status: 401 });
    await expect(tokens.verify(await sign(now - 900, now - 600))).rejects.toMatchObject({ status: 401, errors: [{ message: 'token has expired' }] });
    expect((await tokens.verify(await sign(now, now + 300))).method).toBe('none');
  });

  it('refuses a tampered payload', async () => {
    const tokens = createRegistryTokens({ keys: keysOf(SEED_A) });
    const { registry_token } = await tokens.issue(grant);
    const [h, p, s] = registry_token.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    payload.permissions = [{ action: 'publish', resource: '*' }];
    const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    await expect(tokens.verify(tampered)).rejects.toMatchObject({ status: 401 });
  });

  it('keeps tokens signed with the previous key valid after a rotation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'toolshed-keys-'));
    const before = loadSigningKeys({ dataDir: dir });
    const old = await createRegistryTokens({ keys: before }).issue(grant);
    expect(loadSigningKeys({ dataDir: dir }).current.kid).toBe(before.current.kid); // stable across restarts
    const rotated = rotateSigningKey(dir);
    const after = loadSigningKeys({ dataDir: dir });
    expect(after.current.kid).toBe(rotated.kid);
    expect(after.current.kid).not.toBe(before.current.kid);
    const tokens = createRegistryTokens({ keys: after });
    expect((await tokens.verify(old.registry_token)).subject).toBe('example.com');
    const fresh = await tokens.issue(grant);
    expect(JSON.parse(Buffer.from(fresh.registry_token.split('.')[0]!, 'base64url').toString()).kid).toBe(rotated.kid);
    // a configured key with previous keys listed verifies the same way
    const configured = createRegistryTokens({ keys: loadSigningKeys({ dataDir: dir, seedHex: SEED_B, previousSeedsHex: [] }) });
    await expect(configured.verify(old.registry_token)).rejects.toMatchObject({ status: 401 });
  });

  it('refuses malformed seeds with a message that says what a key is', () => {
    expect(() => keyFromSeed('abc')).toThrow(/64 hex characters/);
  });
});
