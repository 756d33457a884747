/**
 * The `toolshed import` and `toolshed export` commands as a user runs them (a child
 * process per command), on every database: importing the official examples and the
 * real dataset with a summary and per-document failures, idempotent re-runs, exit
 * codes (0 ok, 1 some documents failed, 2 unreadable input), and an export that
 * re-imports into a fresh database identically, with and without deleted versions.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkApiShape, createCatalog, safetyIssues, validateServerJson } from '../src/catalog/index.js';
import { loadConfig } from '../src/config.js';
import { validationOptions } from '../src/createToolshed.js';
import { openStore } from '../src/store/index.js';
import { runToolshed, type ToolshedRun } from './support/runToolshed.js';
import { DATABASES, scratchDatabase, unavailable, type ScratchDatabase } from './support/testDatabases.js';
import { serverDoc } from './support/serverDocs.js';

const DATASET = '/work/shared/datasets/official-seed-2025-05.json';
const EXAMPLES = '/work/shared/reference/official-registry/examples/server-json';
const SUMMARY = /^imported (\d+) documents: (\d+) created, (\d+) unchanged, (\d+) failed$/m;

function toolshed(db: ScratchDatabase, args: string[]): Promise<ToolshedRun> {
  return runToolshed(args, {
    env: {
      TOOLSHED_DATA_DIR: db.dataDir,
      TOOLSHED_LOG_LEVEL: 'silent',
      TOOLSHED_REVIEW_DEFAULT: 'approve',
      ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    },
  });
}

function summary(run: ToolshedRun) {
  const m = SUMMARY.exec(run.stdout);
  if (!m) throw new Error(`no summary in ${JSON.stringify(run.stdout)} (stderr ${run.stderr.slice(0, 500)})`);
  const [total, created, unchanged, failed] = m.slice(1).map(Number);
  return { total, created, unchanged, failed };
}

/**
 * What the import accepts, judged in-process by the validators the CLI uses: by
 * default what a publish accepts; with `--keep-invalid`, semantic rule violations
 * are stored with a warning, and only API-shape and schema errors and unsafe
 * documents refuse.
 */
function acceptable(doc: unknown, keepInvalid = false): boolean {
  const shape = checkApiShape(doc);
  if (!shape.ok) return false;
  const errors = validateServerJson(shape.value, validationOptions(loadConfig({}))).issues.filter((i) => i.severity === 'error');
  if (!keepInvalid) return errors.length === 0;
  return !errors.some((i) => i.type !== 'semantic') && safetyIssues(shape.value).length === 0;
}

const examples = (): unknown[] =>
  readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(EXAMPLES, f), 'utf8')));
const dataset = (): Array<Record<string, unknown>> => JSON.parse(readFileSync(DATASET, 'utf8'));

describe.each(DATABASES)('toolshed import and export on %s', (kind) => {
  // Each test runs the CLI as a child process several times over the whole dataset: on two busy cores
  // that can take longer than the default 30 s, so the harness waits longer (nothing here is timed).
  describe.skipIf(unavailable(kind))('', { timeout: 120_000 }, () => {
    const dbs: ScratchDatabase[] = [];
    const fresh = async () => {
      const db = await scratchDatabase(kind);
      dbs.push(db);
      return db;
    };
    const write = (db: ScratchDatabase, name: string, content: unknown) => {
      const path = join(db.dataDir, name);
      writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
      return path;
    };
    const exported = async (db: ScratchDatabase, ...flags: string[]) => {
      const run = await toolshed(db, ['export', ...flags]);
      expect(run.status, run.stderr).toBe(0);
      return JSON.parse(run.stdout) as Array<Record<string, unknown>>;
    };
    afterEach(async () => {
      for (const db of dbs.splice(0)) await db.drop();
    });

    it('imports the official examples: duplicates of a stored version are unchanged or fail, each failure reported', async () => {
      const db = await fresh();
      const docs = examples();
      // The expected outcome of each document, in file order: a name@version is taken
      // by the first acceptable document; an identical later one is unchanged.
      const taken = new Map<string, string>();
      let created = 0,
        unchanged = 0;
      const failedIndexes: number[] = [];
      docs.forEach((doc, index) => {
        const d = doc as { name: string; version: string };
        const key = `${d.name}@${d.version}`;
        if (!acceptable(doc)) return void failedIndexes.push(index);
        const stored = taken.get(key);
        if (stored === undefined) return void (taken.set(key, JSON.stringify(doc)), created++);
        if (stored === JSON.stringify(doc)) return void unchanged++;
        failedIndexes.push(index);
      });
      expect(created).toBeGreaterThan(10);

      const run = await toolshed(db, ['import', write(db, 'examples.json', docs)]);
      expect(summary(run)).toEqual({ total: docs.length, created, unchanged, failed: failedIndexes.length });
      expect(run.status).toBe(failedIndexes.length ? 1 : 0);
      const reported = [...run.stderr.matchAll(/^ {2}#(\d+) (\S+)@(\S+): (.+)$/gm)];
      expect(reported.map((m) => Number(m[1]))).toEqual(failedIndexes);
      for (const m of reported) {
        const doc = docs[Number(m[1])] as { name: string; version: string };
        expect([m[2], m[3]]).toEqual([doc.name, doc.version]);
      }
      expect(new Set((await exported(db)).map((d) => `${d.name}@${d.version}`))).toEqual(new Set(taken.keys()));
    });

    it('imports the real dataset, refusing by default what a publish refuses with each reason and exit 1; --keep-invalid stores those with warnings, idempotently', async () => {
      const all = dataset();
      const publishable = all.filter((d) => acceptable(d));
      const kept = all.filter((d) => acceptable(d, true));
      expect(kept).toHaveLength(all.length);
      const refusedIndexes = all.flatMap((d, i) => (acceptable(d) ? [] : [i]));
      expect(refusedIndexes.length).toBeGreaterThan(0);

      const db = await fresh();
      const run = await toolshed(db, ['import', DATASET]);
      expect(summary(run)).toEqual({ total: all.length, created: publishable.length, unchanged: 0, failed: refusedIndexes.length });
      expect(run.status).toBe(1);
      const reported = [...run.stderr.matchAll(/^ {2}#(\d+) \S+@\S+: (.+)$/gm)];
      expect(reported.map((m) => Number(m[1]))).toEqual(refusedIndexes);
      // Each reason is the publish refusal, naming the rule broken.
      for (const m of reported) expect(m[2]).toMatch(/invalid schema.*\([a-z-]+\)/);
      expect(new Set((await exported(db)).map((d) => `${d.name}@${d.version}`))).toEqual(new Set(publishable.map((d) => `${d.name}@${d.version}`)));

      const keep = await fresh();
      const first = await toolshed(keep, ['import', '--keep-invalid', DATASET]);
      expect(first.status, first.stderr.slice(0, 2000)).toBe(0);
      expect(summary(first)).toEqual({ total: all.length, created: all.length, unchanged: 0, failed: 0 });
      expect(first.stdout).toContain(`${refusedIndexes.length} stored documents break semantic rules a publish would refuse (kept by --keep-invalid)`);
      const again = await toolshed(keep, ['import', '--keep-invalid', DATASET]);
      expect(again.status, again.stderr.slice(0, 2000)).toBe(0);
      expect(summary(again)).toEqual({ total: all.length, created: 0, unchanged: all.length, failed: 0 });
      expect(await exported(keep)).toHaveLength(all.length);
    });

    it('refuses unsafe links and a whitespace-only version even with --keep-invalid', async () => {
      const db = await fresh();
      const items = [
        serverDoc('com.example/js-site', '1.0.0', { websiteUrl: 'javascript:alert(1)' }),
        serverDoc('com.example/js-repo', '1.0.0', { repository: { url: 'JavaScript:alert(document.domain)', source: 'github' } }),
        serverDoc('com.example/data-icon', '1.0.0', { icons: [{ src: 'data:image/png;base64,AAAA' }] }),
        serverDoc('com.example/blank', '\u3000'),
        serverDoc('com.example/old-http-site', '1.0.0', { websiteUrl: 'http://example.com' }),
      ];
      const run = await toolshed(db, ['import', '--keep-invalid', write(db, 'unsafe.json', items)]);
      expect(summary(run)).toEqual({ total: 5, created: 1, unchanged: 0, failed: 4 });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/#0 com\.example\/js-site@1\.0\.0: .*websiteUrl must be an http or https URL.*\(unsafe-link\)/);
      expect(run.stderr).toMatch(/#1 com\.example\/js-repo@1\.0\.0: .*repository\.url must be an http or https URL/);
      expect(run.stderr).toMatch(/#2 com\.example\/data-icon@1\.0\.0: .*icons\[0\]\.src must be an http or https URL/);
      expect(run.stderr).toMatch(/#3 com\.example\/blank@.*version cannot be only whitespace/);
      // Plain http breaks the https rule only: kept, with a warning.
      expect(run.stderr).toMatch(/warning #4 com\.example\/old-http-site@1\.0\.0: websiteUrl: websiteUrl must use https scheme/);
      expect((await exported(db)).map((d) => d.name)).toEqual(['com.example/old-http-site']);
    });

    it('reports each invalid document with its index, name and reason, exits 1 and imports the valid ones', async () => {
      const db = await fresh();
      const items = [
        serverDoc('com.example/good-a', '1.0.0'),
        { description: 'no name', version: '1.0.0' },
        serverDoc('com.example/long', '1.0.0', { description: 'x'.repeat(101) }),
        42,
        serverDoc('com.example/unknown-field', '1.0.0', { colour: 'blue' }),
        { server: serverDoc('com.example/good-b', '2.0.0'), _meta: {} },
        serverDoc('com.example/good-a', '1.0.0', { description: 'different content, same version' }),
      ];
      const run = await toolshed(db, ['import', write(db, 'mixed.json', items)]);
      expect(run.status).toBe(1);
      expect(summary(run)).toEqual({ total: 7, created: 2, unchanged: 0, failed: 5 });
      const lines = run.stderr.split('\n').filter((l) => /^ {2}#\d/.test(l));
      expect(lines).toHaveLength(5);
      expect(lines[0]).toMatch(/^ {2}#1 \(no name\)@1\.0\.0: .*name/);
      expect(lines[1]).toMatch(/^ {2}#2 com\.example\/long@1\.0\.0: .*description/);
      expect(lines[2]).toMatch(/^ {2}#3 \(no name\)@\(no version\): \S/);
      expect(lines[3]).toMatch(/^ {2}#4 com\.example\/unknown-field@1\.0\.0: .*colour/);
      expect(lines[4]).toMatch(/^ {2}#6 com\.example\/good-a@1\.0\.0: .*duplicate version/);
      expect((await exported(db)).map((d) => d.name)).toEqual(['com.example/good-a', 'com.example/good-b']);
    });

    it('exits 2 with a clear message for a missing, non-JSON or non-array file', async () => {
      const db = await fresh();
      const cases: Array<[string, RegExp]> = [
        [write(db, 'text.json', 'name,version\nx,1\n'), /text\.json is not valid JSON/],
        [write(db, 'object.json', { name: 'com.example/x', version: '1.0.0' }), /object\.json must hold a JSON array of server\.json documents/],
        [write(db, 'number.json', '7'), /number\.json must hold a JSON array/],
        [join(db.dataDir, 'absent.json'), /cannot read .*absent\.json \(ENOENT\)/],
        [db.dataDir, /cannot read .* \(EISDIR\)/],
      ];
      for (const [path, message] of cases) {
        const run = await toolshed(db, ['import', path]);
        expect(run.status, path).toBe(2);
        expect(run.stderr).toMatch(message);
        expect(run.stderr).not.toMatch(/\n\s+at /);
        expect(run.stdout).not.toMatch(SUMMARY);
      }
    });

    it('exports a JSON array that re-imports into a fresh database identically', async () => {
      const source = await fresh();
      const docs = [
        ...dataset()
          .filter((d) => acceptable(d))
          .slice(0, 40),
        serverDoc('com.example/multi', '1.0.0'),
        serverDoc('com.example/multi', '1.10.0', { title: 'Multi' }),
        serverDoc('com.example/multi', '1.2.0'),
      ];
      expect((await toolshed(source, ['import', write(source, 'docs.json', docs)])).status).toBe(0);
      const outFile = join(source.dataDir, 'export.json');
      const toFile = await toolshed(source, ['export', '--out', outFile]);
      expect(toFile.status, toFile.stderr).toBe(0);
      expect(toFile.stderr).toContain(`exported ${docs.length} versions`);
      const first = JSON.parse(readFileSync(outFile, 'utf8')) as unknown[];
      expect(first).toHaveLength(docs.length);
      expect(new Set(first.map((d) => JSON.stringify(d)))).toEqual(new Set(docs.map((d) => JSON.stringify(d))));
      expect(await exported(source)).toEqual(first);

      const target = await fresh();
      const reimport = await toolshed(target, ['import', outFile]);
      expect(reimport.status, reimport.stderr).toBe(0);
      expect(summary(reimport)).toEqual({ total: docs.length, created: docs.length, unchanged: 0, failed: 0 });
      expect(await exported(target)).toEqual(first);
    });

    it('leaves deleted versions out of an export unless --include-deleted', async () => {
      const db = await fresh();
      const docs = [serverDoc('com.example/kept', '1.0.0'), serverDoc('com.example/gone', '1.0.0'), serverDoc('com.example/gone', '2.0.0')];
      expect((await toolshed(db, ['import', write(db, 'docs.json', docs)])).status).toBe(0);
      const store = await openStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
      try {
        const admin = { subject: 'admin', method: 'admin-token', permissions: [{ action: 'edit' as const, resource: '*' }] };
        await createCatalog({ store }).setVersionStatus('com.example/gone', '2.0.0', { status: 'deleted' }, admin);
      } finally {
        await store.close();
      }
      const visible = await exported(db);
      expect(visible.map((d) => `${d.name}@${d.version}`)).toEqual(['com.example/gone@1.0.0', 'com.example/kept@1.0.0']);
      const everything = await exported(db, '--include-deleted');
      expect(everything.map((d) => `${d.name}@${d.version}`)).toEqual(['com.example/gone@1.0.0', 'com.example/gone@2.0.0', 'com.example/kept@1.0.0']);
      expect(everything[1]).toEqual(docs[2]);
    });
  });
});
