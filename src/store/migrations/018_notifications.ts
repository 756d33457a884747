/**
 * Notifications and "Needs attention" (issue #21, items 8 and 9).
 *
 * - `webhook_deliveries` gains `endpoint` (which configured receiver: `drift` or
 *   `governance`; every row before this one is a drift webhook), `dedupe_key` (unique:
 *   what the delivery announces, e.g. `event:<registry_events.id>`, so two replicas that
 *   both see one governance row enqueue it once) and `redelivery_of` (an administrator's
 *   redelivery points at the delivery it repeats).
 * - `notification_cursors`: the relay's high-water mark over `registry_events.id`.
 * - `notification_announcements`: one row per announcement key (`event:<id>`,
 *   `recertification.due:<name>:<due>`, …), claimed in the transaction that enqueues
 *   its webhook and owner notifications, so an announcement happens once.
 * - `owner_notifications`: what each owner (a person or a group) of a server was told,
 *   one row per recipient and announcement (`dedupe_key` unique).
 * - Indexes for the attention list: re-certification due dates, and the last successful
 *   and first failed probe of a version found by one index seek each.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialectName.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const text = dialect === 'postgres' ? 'TEXT COLLATE "C"' : 'TEXT';
  const id = dialect === 'postgres' ? 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
  const run = (ddl: string) => sql.raw(ddl).execute(db);

  await run(`ALTER TABLE webhook_deliveries ADD COLUMN endpoint ${text} NOT NULL DEFAULT 'drift'`);
  await run(`ALTER TABLE webhook_deliveries ADD COLUMN dedupe_key ${text}`);
  await run(`ALTER TABLE webhook_deliveries ADD COLUMN redelivery_of BIGINT`);
  await run(`CREATE UNIQUE INDEX webhook_deliveries_dedupe ON webhook_deliveries (dedupe_key)`);
  await run(`CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint, id)`);

  await run(`CREATE TABLE notification_cursors (
    name ${text} NOT NULL PRIMARY KEY,
    high_water BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
  )`);

  await run(`CREATE TABLE notification_announcements (
    key ${text} NOT NULL PRIMARY KEY,
    created_at BIGINT NOT NULL
  )`);

  await run(`CREATE TABLE owner_notifications (
    id ${id},
    recipient_kind ${text} NOT NULL CHECK (recipient_kind IN ('user', 'group')),
    recipient ${text} NOT NULL,
    event ${text} NOT NULL,
    name ${text} NOT NULL,
    version ${text} NOT NULL,
    summary TEXT NOT NULL,
    detail TEXT NOT NULL,
    dedupe_key ${text} NOT NULL,
    created_at BIGINT NOT NULL
  )`);
  await run(`CREATE UNIQUE INDEX owner_notifications_dedupe ON owner_notifications (dedupe_key)`);
  await run(`CREATE INDEX owner_notifications_recipient ON owner_notifications (recipient_kind, recipient, id)`);

  await run(`CREATE INDEX server_governance_recertify_due ON server_governance (recertify_due_at)`);
  await run(`CREATE INDEX probe_results_health ON probe_results (server, version, up, at)`);
}
