/**
 * Reports and moderation (issue #21 item 7): one row per report a person files
 * about a server (`version` null) or one of its versions. A moderator resolves it
 * (dismiss, deprecate, delete, block) with a reason; `revision` grows with every
 * change and is the report's entity tag (If-Match), so of two concurrent
 * resolutions exactly one wins. A person has at most one open report per target. The per-person index answers the report-flood
 * limit and the duplicate check without a scan.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialectName.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const text = dialect === 'postgres' ? 'TEXT COLLATE "C"' : 'TEXT';
  const id = dialect === 'postgres' ? 'BIGSERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
  const run = (ddl: string) => sql.raw(ddl).execute(db);

  await run(`CREATE TABLE server_reports (
    id ${id},
    name ${text} NOT NULL,
    version ${text},
    reporter TEXT NOT NULL,
    kind ${text} NOT NULL CHECK (kind IN ('malicious', 'broken', 'leaks-data', 'other')),
    text TEXT NOT NULL,
    state ${text} NOT NULL CHECK (state IN ('open', 'dismissed', 'actioned')),
    created_at BIGINT NOT NULL,
    decided_by TEXT,
    decided_at BIGINT,
    action ${text} CHECK (action IS NULL OR action IN ('dismiss', 'deprecate', 'delete', 'block')),
    reason TEXT,
    revision INTEGER NOT NULL
  )`);
  await run(`CREATE INDEX server_reports_state ON server_reports (state, id)`);
  await run(`CREATE INDEX server_reports_name ON server_reports (name, id)`);
  await run(`CREATE INDEX server_reports_reporter ON server_reports (reporter, created_at)`);
  // One open report per person and target: a second one is refused (409), even when two race.
  await run(`CREATE UNIQUE INDEX server_reports_open_once ON server_reports (reporter, name, COALESCE(version, '')) WHERE state = 'open'`);
}
