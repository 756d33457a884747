/**
 * Preparation at review (issue #22, item 5) on both databases, against a real
 * Verdaccio: with TOOLSHED_PACKAGE_PREPARE_AT_REVIEW on, a submitted version listing
 * an npm stdio package waits in `checking` while the package is fetched, verified
 * and cached; its review then shows the `package` check passed with the integrity and
 * the prepared size, and `package_preparations` holds the result. A tampered tarball
 * fails the check (`integrity`), so the version cannot be approved by a checks-pass
 * rule; a PyPI package on a machine without uv is recorded as `runtime-missing` and
 * skips the check; a version with no hostable package has no `package` check at all.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPackagePreparations } from '../src/store/index.js';
import { serverDoc } from './support/serverDocs.js';
import { startVerdaccio, type Verdaccio } from './support/startVerdaccio.js';
import { writeServerPackage } from './support/stdioFixtures.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

let dir: string;
let verdaccio: Verdaccio;
const enc = encodeURIComponent;
const stdio = { type: 'stdio' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'toolshed-review-prepare-'));
  mkdirSync(join(dir, 'verdaccio'));
  verdaccio = await startVerdaccio(join(dir, 'verdaccio'));
  const packages = join(dir, 'packages');
  await Promise.all([verdaccio.publish(writeServerPackage(packages, { name: 'reviewed-mcp' })), verdaccio.publish(writeServerPackage(packages, { name: 'swapped-mcp' }))]);
  const other = join(dir, 'other');
  mkdirSync(other);
  writeFileSync(join(other, 'package.json'), JSON.stringify({ name: 'swapped-mcp', version: '1.0.0', bin: 'evil.js' }));
  writeFileSync(join(other, 'evil.js'), 'console.log("swapped")\n');
  execFileSync('npm', ['pack', '--pack-destination', other], { cwd: other, env: { PATH: process.env.PATH! } });
  cpSync(join(other, 'swapped-mcp-1.0.0.tgz'), join(dir, 'verdaccio/storage/swapped-mcp/swapped-mcp-1.0.0.tgz'));
}, 120_000);

afterAll(() => {
  verdaccio?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.each(DATABASES)('preparation at review on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    let base: string;

    async function call(method: string, path: string, body?: unknown) {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { ...AUTH, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as any) : undefined };
    }

    /** Waits (polling, without a time limit of its own) until the version's checks are done; returns its review item. */
    async function checked(name: string, version: string): Promise<any> {
      for (;;) {
        const r = await call('GET', `/api/reviews/${enc(name)}/${enc(version)}`);
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        if (r.body.review.state !== 'checking' && r.body.review.state !== 'submitted') return r.body;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }

    const checkOf = (item: any, name: string) => item.review.checks.find((c: { name: string }) => c.name === name);

    beforeAll(async () => {
      t = await testToolshed(kind, {
        outboundAllow: ['127.0.0.0/8'],
        outboundAllowHttp: true,
        reviewDefault: 'review',
        npmRegistryUrls: [verdaccio.url],
        packagePrepareAtReview: true,
      });
      base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    });
    afterAll(async () => {
      await t?.destroy();
    });

    it('prepares an npm package at submit and shows its integrity and size in the review', async () => {
      const name = 'io.acme/reviewed';
      const published = await call('POST', '/v0.1/publish', serverDoc(name, '1.0.0', { packages: [{ registryType: 'npm', identifier: 'reviewed-mcp', version: '1.0.0', transport: stdio }] }));
      expect(published.status, JSON.stringify(published.body)).toBe(200);
      const item = await checked(name, '1.0.0');
      expect(item.review.state).toBe('in_review');
      const check = checkOf(item, 'package');
      expect(check).toMatchObject({ outcome: 'pass', detail: expect.stringMatching(/^npm reviewed-mcp@1\.0\.0: prepared, sha512-[A-Za-z0-9+/=]+, [0-9]+ bytes$/) });
      const rows = await listPackagePreparations({ tx: t.store.db, server: name, version: '1.0.0' });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ registry_type: 'npm', identifier: 'reviewed-mcp', outcome: 'ok', reason: null, integrity: expect.stringMatching(/^sha512-/) });
      expect(Number(rows[0]!.size_bytes)).toBeGreaterThan(0);
      const hex = Buffer.from(rows[0]!.integrity!.slice('sha512-'.length), 'base64').toString('hex');
      expect(existsSync(join(t.config.dataDir, 'packages/npm', hex, 'bin/server.js'))).toBe(true);
    });

    it('fails the checks when the tarball does not match its integrity, so a checks-pass rule cannot approve it', async () => {
      const name = 'io.acme/swapped';
      const policy = await call('GET', '/api/admin/review-policy/local');
      expect(policy.status, JSON.stringify(policy.body)).toBe(200);
      const rule = await fetch(`${base}/api/admin/review-policy/local`, {
        method: 'PUT',
        headers: { ...AUTH, 'content-type': 'application/json', 'if-match': policy.body.etag },
        body: JSON.stringify({ ...policy.body.policy, allowSelfApproval: true, rules: [{ namespace: 'io.acme/*', when: 'checks-pass' }] }),
      });
      expect(rule.status, await rule.clone().text()).toBe(200);
      await call('POST', '/v0.1/publish', serverDoc(name, '1.0.0', { packages: [{ registryType: 'npm', identifier: 'swapped-mcp', version: '1.0.0', transport: stdio }] }));
      const item = await checked(name, '1.0.0');
      expect(checkOf(item, 'package')).toMatchObject({ outcome: 'fail', detail: expect.stringContaining('swapped-mcp@1.0.0: integrity:') });
      expect(item.review.state).toBe('in_review');
      const rows = await listPackagePreparations({ tx: t.store.db, server: name, version: '1.0.0' });
      expect(rows[0]).toMatchObject({ outcome: 'integrity', integrity: null, size_bytes: null, reason: expect.stringContaining('does not match its dist.integrity') });
    });

    it('records a PyPI package this machine cannot run without failing the checks, and adds no check for a version without packages', async () => {
      const name = 'io.acme/pythonic';
      await call('POST', '/v0.1/publish', serverDoc(name, '1.0.0', { packages: [{ registryType: 'pypi', identifier: 'mcp-server-time', version: '1.0.0', transport: stdio }] }));
      const item = await checked(name, '1.0.0');
      expect(checkOf(item, 'package')).toMatchObject({ outcome: 'skipped', detail: expect.stringContaining('runtime-missing') });
      // The checks-pass rule of the previous test approves it: a skipped package check does not hold a version back.
      expect(item.review.state).toBe('approved');
      expect((await listPackagePreparations({ tx: t.store.db, server: name, version: '1.0.0' }))[0]).toMatchObject({ outcome: 'runtime-missing' });
      await call('POST', '/v0.1/publish', serverDoc('io.acme/plain', '1.0.0'));
      const plain = await checked('io.acme/plain', '1.0.0');
      expect(checkOf(plain, 'package')).toBeUndefined();
    });
  });
});
