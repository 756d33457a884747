/**
 * `toolshed sync` and `toolshed source add|list|remove` as an operator runs them
 * (a child process per command, on the store directly) against an upstream
 * Toolshed on 127.0.0.1, on every database: adding sources with every option,
 * listing them without ever printing an auth header, a sync of one source with
 * its summary line (the mirror honours the filter), a sync of every enabled
 * source that exits 1 when one fails and skips disabled ones, removal, and exit
 * code 2 for bad usage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runToolshed, type ToolshedRun } from './support/runToolshed.js';
import { DATABASES, scratchDatabase, unavailable, type ScratchDatabase } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';
import { serverDoc } from './support/serverDocs.js';
import { stubUpstream, type StubUpstream } from './support/stubUpstream.js';

const SECRET = 'Bearer cli-secret-51d2';

/** Each command is a process of its own (tsx compiles on start): slow on a loaded machine, so more than the default 30 s. */
const CLI_TIMEOUT = 180_000;

describe.each(DATABASES)('federation CLI on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let upstream: TestToolshed;
    let upstreamUrl: string;
    let failing: StubUpstream;
    let db: ScratchDatabase;

    const toolshed = (...args: string[]): Promise<ToolshedRun> =>
      runToolshed(args, {
        env: {
          TOOLSHED_DATA_DIR: db.dataDir,
          TOOLSHED_LOG_LEVEL: 'silent',
          TOOLSHED_REVIEW_DEFAULT: 'approve',
          TOOLSHED_OUTBOUND_ALLOW: '127.0.0.0/8',
          TOOLSHED_OUTBOUND_ALLOW_HTTP: 'true',
          ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
        },
      });
    const exported = async () => {
      const run = await toolshed('export');
      expect(run.status).toBe(0);
      return (JSON.parse(run.stdout) as Array<{ name: string; version: string }>).map((d) => `${d.name}@${d.version}`).sort();
    };

    beforeAll(async () => {
      upstream = await testToolshed(kind);
      for (const [name, version] of [
        ['com.example/one', '1.0.0'],
        ['com.example/one', '1.1.0'],
        ['org.other/two', '1.0.0'],
      ] as const) {
        expect((await upstream.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: serverDoc(name, version) })).statusCode).toBe(200);
      }
      upstreamUrl = await upstream.app.listen({ host: '127.0.0.1', port: 0 });
      failing = await stubUpstream((_req, res) => void res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"gone"}'));
      db = await scratchDatabase(kind);
    });
    afterAll(async () => {
      await upstream?.destroy();
      await failing?.close();
      await db?.drop();
    });

    it(
      'adds, lists, syncs and removes sources',
      async () => {
        const empty = await toolshed('source', 'list');
        expect(empty).toMatchObject({ status: 0, stdout: 'no sources\n' });

        const added = await toolshed('source', 'add', 'up', upstreamUrl, '--auth-header', SECRET, '--interval', '600', '--precedence', '2', '--filter', '{"namespaces":["com.example"]}');
        expect(added.stderr).toBe('');
        expect(added.status).toBe(0);
        expect(added.stdout).toMatch(/^added up /);
        expect(added.stdout).not.toContain('cli-secret');
        expect((await toolshed('source', 'add', 'bad', failing.url, '--precedence', '3')).status).toBe(0);
        expect((await toolshed('source', 'add', 'off', upstreamUrl, '--disabled', '--precedence', '4')).status).toBe(0);

        const listed = await toolshed('source', 'list', '--json');
        expect(listed.status).toBe(0);
        expect(listed.stdout).not.toContain('cli-secret');
        const sources = JSON.parse(listed.stdout) as Array<Record<string, unknown>>;
        expect(sources.map((s) => s.name)).toEqual(['up', 'bad', 'off']);
        expect(sources[0]).toMatchObject({
          baseUrl: upstreamUrl,
          hasAuthHeader: true,
          intervalSeconds: 600,
          precedence: 2,
          enabled: true,
          filter: { namespaces: ['com.example'] },
        });
        expect(sources[2]!.enabled).toBe(false);
        const text = await toolshed('source', 'list');
        expect(
          text.stdout
            .trim()
            .split('\n')
            .map((l) => l.split(' ')[0]),
        ).toEqual(['up', 'bad', 'off']);
        expect(text.stdout).not.toContain('cli-secret');

        const one = await toolshed('sync', 'up');
        expect(one.status).toBe(0);
        // Everything upstream is mirrored; the filter decides what reaches the catalog.
        expect(one.stdout).toMatch(/^up: initial sync, 1 page, 3 versions fetched, 3 stored, 0 rejected, 2 catalog changes in [\d.]+ s\n$/);
        expect(await exported()).toEqual(['com.example/one@1.0.0', 'com.example/one@1.1.0']);

        expect((await upstream.app.inject({ method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: serverDoc('com.example/one', '2.0.0') })).statusCode).toBe(200);
        const all = await toolshed('sync');
        expect(all.status).toBe(1);
        // The new version, and the latest flag moving off 1.1.0.
        expect(all.stdout).toMatch(/^up: incremental sync, .*, 0 rejected, 2 catalog changes in /m);
        expect(all.stdout).not.toContain('off');
        expect(all.stderr).toMatch(/^bad: sync FAILED: /m);
        expect(all.stderr).not.toContain('off:');
        expect(await exported()).toEqual(['com.example/one@1.0.0', 'com.example/one@1.1.0', 'com.example/one@2.0.0']);

        const removed = await toolshed('source', 'remove', 'up');
        expect(removed).toMatchObject({ status: 0, stdout: 'removed up and the versions mirrored from it\n' });
        expect(await exported()).toEqual([]);
        const left = JSON.parse((await toolshed('source', 'list', '--json')).stdout) as Array<{ name: string; lastError: string | null }>;
        expect(left.map((s) => s.name)).toEqual(['bad', 'off']);
        expect(left[0]!.lastError).not.toBeNull();
      },
      CLI_TIMEOUT,
    );

    it(
      'exits 2 on bad usage, naming the problem',
      async () => {
        const cases: Array<[string[], RegExp]> = [
          [['sync', 'no-such-source'], /no-such-source/],
          [['source', 'add', 'Bad_Name', 'https://r.example.com'], /name/],
          [['source', 'add', 'x', 'https://r.example.com', '--filter', '{not json'], /--filter is not valid JSON/],
          [['source', 'add', 'x', 'https://r.example.com', '--interval', 'soon'], /--interval must be a whole number/],
          [['source', 'remove', 'no-such-source'], /no-such-source/],
          [['source', 'add', 'x'], /missing required argument 'url'/],
        ];
        for (const [args, message] of cases) {
          const run = await toolshed(...args);
          expect(run.status, args.join(' ')).toBe(2);
          expect(run.stderr, args.join(' ')).toMatch(message);
        }
      },
      CLI_TIMEOUT,
    );
  });
});
