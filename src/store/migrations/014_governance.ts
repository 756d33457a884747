/**
 * Governance (issue #21): review state per version, trust, owners and blocks per
 * server, and a registry audit log wide enough for governance decisions.
 *
 * - `server_versions.review_state`: what readers may see (src/schemas/governance.ts).
 *   Every version that existed before this migration was live, so it is `approved`.
 * - `version_reviews`: one row per version under the review lifecycle: who submitted
 *   it, from which source, the automated check results, the decision. `revision`
 *   grows with every change and is the review's entity tag (If-Match).
 * - `server_governance`: per server name: trust level (who, when), owners, support
 *   contact, docs URL, re-certification, and a moderator's block. `revision` is its
 *   entity tag.
 * - `registry_events` is rebuilt without its CHECK on `action`, so governance
 *   decisions (`approve`, `reject`, `trust`, `block`, ...) share the registry's audit
 *   log; the store's TypeScript type says which actions exist.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialectName.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const text = dialect === 'postgres' ? 'TEXT COLLATE "C"' : 'TEXT';
  const run = (ddl: string) => sql.raw(ddl).execute(db);

  await run(`ALTER TABLE server_versions ADD COLUMN review_state ${text} NOT NULL DEFAULT 'approved'`);
  await run(`CREATE INDEX server_versions_review ON server_versions (review_state, name)`);

  await run(`CREATE TABLE version_reviews (
    name ${text} NOT NULL,
    version ${text} NOT NULL,
    state ${text} NOT NULL CHECK (state IN ('submitted', 'checking', 'in_review', 'approved', 'rejected')),
    source ${text} NOT NULL,
    submitted_by TEXT NOT NULL,
    submitted_at BIGINT NOT NULL,
    checks TEXT NOT NULL,
    decided_by TEXT,
    decided_at BIGINT,
    reason TEXT,
    auto_rule TEXT,
    revision INTEGER NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (name, version)
  )`);
  await run(`CREATE INDEX version_reviews_state ON version_reviews (state, submitted_at)`);

  await run(`CREATE TABLE server_governance (
    name ${text} NOT NULL PRIMARY KEY,
    trust ${text} CHECK (trust IS NULL OR trust IN ('verified', 'internal', 'community', 'experimental', 'blocked')),
    trust_set_by TEXT,
    trust_set_at BIGINT,
    owners TEXT NOT NULL DEFAULT '[]',
    support_contact TEXT,
    docs_url TEXT,
    recertified_at BIGINT,
    recertified_by TEXT,
    recertify_due_at BIGINT,
    blocked_at BIGINT,
    blocked_by TEXT,
    block_reason TEXT,
    revision INTEGER NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL
  )`);

  if (dialect === 'postgres') {
    await run(`ALTER TABLE registry_events DROP CONSTRAINT IF EXISTS registry_events_action_check`);
    return;
  }
  // SQLite cannot drop a CHECK: rebuild the table with the same columns and indexes.
  await run(`CREATE TABLE registry_events_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at BIGINT NOT NULL,
    action TEXT NOT NULL,
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    actor_subject TEXT NOT NULL,
    actor_method TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT NOT NULL
  )`);
  await run(`INSERT INTO registry_events_new (id, at, action, name, version, actor_subject, actor_method, old_value, new_value)
    SELECT id, at, action, name, version, actor_subject, actor_method, old_value, new_value FROM registry_events`);
  await run(`DROP TABLE registry_events`);
  await run(`ALTER TABLE registry_events_new RENAME TO registry_events`);
  await run(`CREATE INDEX registry_events_name ON registry_events (name, id)`);
  await run(`CREATE INDEX registry_events_at ON registry_events (at)`);
}
