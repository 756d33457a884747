/**
 * The keys an install generates for itself when configuration names none: the
 * admin token, the secret key and the registry signing keys. Two replicas on one
 * PostgreSQL, started at the same moment with data directories of their own,
 * share them: the admin token works on both, a registry token one issues is
 * accepted by the other, and an upstream credential one seals the other opens.
 * A restart keeps them (on both databases). The secret key they share by
 * configuration never enters the database, and a replica given another one, or
 * none, refuses to start, naming the setting.
 */
import { chmodSync, lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createToolshed, type Toolshed } from '../src/createToolshed.js';
import { startReplicaPair, type ReplicaPair } from './support/replicaPair.js';
import { DATABASES, scratchDatabase, unavailable } from './support/testDatabases.js';

const SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';
const generated = { adminToken: undefined, registryJwtKey: undefined, anonymousAuth: true, verifyPackages: [] as never[] };

function anonymousDoc(name: string) {
  return { $schema: SCHEMA, name: `io.modelcontextprotocol.anonymous/${name}`, description: 'A server', version: '1.0.0' };
}

async function registryToken(t: Toolshed): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/v0/auth/none' });
  expect(res.statusCode).toBe(200);
  return res.json<{ registry_token: string }>().registry_token;
}

async function publishWith(t: Toolshed, token: string, name: string): Promise<number> {
  const res = await t.app.inject({ method: 'POST', url: '/v0/publish', headers: { authorization: `Bearer ${token}` }, payload: anonymousDoc(name) });
  return res.statusCode;
}

describe.skipIf(unavailable('postgres'))('replicas on one PostgreSQL share the generated keys', () => {
  let pair: ReplicaPair;

  beforeAll(async () => {
    pair = await startReplicaPair(generated);
  });
  afterAll(async () => {
    await pair?.close();
  });

  it('both replicas hold the same admin token, and it works on each', async () => {
    const { a, b } = pair;
    expect(a.admin.token).toMatch(/^tsa_/);
    expect(b.admin.token).toBe(a.admin.token);
    for (const t of [a, b]) {
      expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${a.admin.token}` } })).statusCode).toBe(200);
      // Each replica's data directory holds the shared token, so `cat data/admin-token` works wherever one runs.
      expect(readFileSync(join(t.config.dataDir, 'admin-token'), 'utf8').trim()).toBe(a.admin.token);
    }
    expect(a.config.dataDir).not.toBe(b.config.dataDir);
  });

  it('a registry token issued by one replica publishes through the other', async () => {
    const { a, b } = pair;
    expect(await publishWith(b, await registryToken(a), 'from-a')).toBe(200);
    expect(await publishWith(a, await registryToken(b), 'from-b')).toBe(200);
  });

  it('an upstream credential sealed by one replica is opened by the other', async () => {
    const { a, b } = pair;
    const doc = { $schema: SCHEMA, name: 'com.example/keyed', description: 'A server', version: '1.0.0', remotes: [{ type: 'streamable-http', url: 'https://keyed.example.com/mcp' }] };
    expect((await a.app.inject({ method: 'POST', url: '/v0/publish', headers: { authorization: `Bearer ${a.admin.token}` }, payload: doc })).statusCode).toBe(200);
    await a.upstreamSecrets.put('com.example/keyed', null, 'X-Api-Key', { kind: 'header', value: 'shared-upstream-key' }, 'test');
    const values = await b.upstreamSecrets.valuesFor('com.example/keyed', 'usr_anyone');
    expect(values.get('X-Api-Key')).toMatchObject({ value: 'shared-upstream-key' });
  });

  it('a replica given another secret key than the one that sealed the stored keys refuses to start, naming TOOLSHED_SECRET_KEY', async () => {
    const config = loadConfig({}, { ...pair.a.config, secretKey: 'ab'.repeat(32) });
    await expect(createToolshed(config)).rejects.toThrow(/TOOLSHED_SECRET_KEY/);
  });

  it('keeps the secret key out of the database, so a replica not given it refuses to start, naming TOOLSHED_SECRET_KEY', async () => {
    const names = await pair.a.store.db
      .selectFrom('instance_keys' as never)
      .select('name' as never)
      .execute();
    expect(names.map((r) => (r as { name: string }).name).sort()).toEqual(['admin-token', 'registry-signing-keys']);
    const ownDir = mkdtempSync(join(tmpdir(), 'toolshed-test-keyless-'));
    try {
      const config = loadConfig({}, { ...pair.a.config, dataDir: ownDir, secretKey: undefined });
      await expect(createToolshed(config)).rejects.toThrow(/TOOLSHED_SECRET_KEY/);
    } finally {
      rmSync(ownDir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(unavailable('postgres'))('the admin token file a replica writes from the database', () => {
  it('replaces a symlink or a world-readable file at data/admin-token with a 0600 file, leaving the symlink target untouched', async () => {
    const db = await scratchDatabase('postgres');
    const elsewhere = mkdtempSync(join(tmpdir(), 'toolshed-test-elsewhere-'));
    const config = loadConfig({}, { dataDir: db.dataDir, databaseUrl: db.databaseUrl!, logLevel: 'silent', reviewDefault: 'approve', ...generated });
    let t: Toolshed | undefined;
    try {
      t = await createToolshed(config);
      const token = t.admin.token;
      await t.close();
      t = undefined;
      const path = join(db.dataDir, 'admin-token');
      // A symlink planted where the token is written: the replica must not write through it.
      const target = join(elsewhere, 'victim');
      writeFileSync(target, 'untouched\n', { mode: 0o644 });
      rmSync(path);
      symlinkSync(target, path);
      t = await createToolshed(config);
      expect(t.admin.token).toBe(token);
      expect(readFileSync(target, 'utf8')).toBe('untouched\n');
      expect(lstatSync(path).isSymbolicLink()).toBe(false);
      expect(readFileSync(path, 'utf8').trim()).toBe(token);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      await t.close();
      t = undefined;
      // A file another hand left world-readable with a stale token is replaced, mode included.
      writeFileSync(path, 'tsa_stale\n');
      chmodSync(path, 0o644);
      t = await createToolshed(config);
      expect(readFileSync(path, 'utf8').trim()).toBe(token);
      expect(statSync(path).mode & 0o777).toBe(0o600);
    } finally {
      await t?.close();
      rmSync(elsewhere, { recursive: true, force: true });
      await db.drop();
    }
  });
});

describe.each(DATABASES)('generated keys survive a restart on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    it('the admin token and a registry token issued before the restart still work after it', async () => {
      const db = await scratchDatabase(kind);
      const config = loadConfig({}, { dataDir: db.dataDir, ...(db.databaseUrl ? { databaseUrl: db.databaseUrl } : {}), logLevel: 'silent', reviewDefault: 'approve', ...generated });
      let t: Toolshed | undefined;
      try {
        t = await createToolshed(config);
        const admin = t.admin.token;
        const token = await registryToken(t);
        await t.close();
        t = await createToolshed(config);
        expect(t.admin.token).toBe(admin);
        expect(await publishWith(t, token, 'after-restart')).toBe(200);
      } finally {
        await t?.close();
        await db.drop();
      }
    });
  });
});
