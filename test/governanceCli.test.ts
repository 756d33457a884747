/**
 * `npx toolshed attention` and `npx toolshed webhooks deliveries|redeliver` on both
 * databases, as child processes on a store the test seeds directly: the attention
 * list as text and JSON, the delivery log with status, attempts and last error, and a
 * redelivery queued for the running server; bad usage exits 2.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueWebhook, markWebhookFailed, nowMicros, openStore } from '../src/store/index.js';
import { runToolshed, type ToolshedRun } from './support/runToolshed.js';
import { DATABASES, scratchDatabase, unavailable, type ScratchDatabase } from './support/testDatabases.js';

/** Each command is a process of its own (tsx compiles on start): slow on a loaded machine. */
const CLI_TIMEOUT = 240_000;

describe.each(DATABASES)('governance CLI on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let db: ScratchDatabase;
    const toolshed = (...args: string[]): Promise<ToolshedRun> =>
      runToolshed(args, { env: { TOOLSHED_DATA_DIR: db.dataDir, TOOLSHED_LOG_LEVEL: 'silent', ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}) }, timeoutMs: CLI_TIMEOUT });

    beforeAll(async () => {
      db = await scratchDatabase(kind);
      const store = await openStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
      try {
        const now = nowMicros();
        await store.db
          .insertInto('server_governance')
          .values({ name: 'io.cli/due', owners: '[]', recertify_due_at: now - 86_400_000_000, revision: 1, updated_at: now, updated_by: 'test' })
          .execute();
        const id = await enqueueWebhook({ tx: store.db, event: 'review.approved', payload: '{"event":"review.approved"}', at: now, endpoint: 'governance', dedupeKey: 'governance:event:1' });
        await markWebhookFailed({ tx: store.db, id: id!, error: 'the receiver answered HTTP 503', at: now });
      } finally {
        await store.close();
      }
    }, CLI_TIMEOUT);
    afterAll(async () => {
      await db?.drop();
    });

    it(
      'lists what needs attention and the delivery log, and queues a redelivery',
      async () => {
        const text = await toolshed('attention');
        expect(text.status, text.stderr).toBe(0);
        expect(text.stdout).toMatch(/^io\.cli\/due: re-certification due \d{4}-\d\d-\d\dT/m);
        const json = await toolshed('attention', '--json');
        expect(json.status, json.stderr).toBe(0);
        expect(JSON.parse(json.stdout)).toMatchObject({ counts: { recertification_due: 1 }, servers: [{ name: 'io.cli/due', reasons: [{ reason: 'recertification_due' }] }] });

        const log = await toolshed('webhooks', 'deliveries', '--status', 'failed');
        expect(log.status, log.stderr).toBe(0);
        expect(log.stdout).toMatch(/^#1 \S+ governance review\.approved: failed, 0 attempt\(s\), failed \S+, last error: the receiver answered HTTP 503\n$/);
        const again = await toolshed('webhooks', 'redeliver', '1');
        expect(again.status, again.stderr).toBe(0);
        expect(again.stdout).toBe('#2: redelivery of #1 queued\n');
        const pending = await toolshed('webhooks', 'deliveries', '--status', 'pending', '--json');
        expect(JSON.parse(pending.stdout)).toMatchObject([{ id: 2, redeliveryOf: 1, status: 'pending', payload: '{"event":"review.approved"}' }]);

        const bad = await toolshed('webhooks', 'deliveries', '--status', 'sideways');
        expect(bad.status).toBe(2);
        expect(bad.stderr).toContain('--status is pending, delivered or failed');
        const missing = await toolshed('webhooks', 'redeliver', '99');
        expect(missing.status).toBe(2);
        expect(missing.stderr).toContain('No webhook delivery 99');
      },
      CLI_TIMEOUT * 3,
    );
  });
});
