/**
 * Federation: upstream sources, what was mirrored from each (kept apart from the
 * catalog, so curation and precedence can be re-applied at any time), documents
 * an upstream sent that could not be accepted, and curation records.
 *
 * `server_versions.origin` is '' for locally published versions and the source's
 * name for mirrored ones; `provenance` carries the upstream timestamps and the
 * curated view, rendered under Toolshed's own `_meta` key.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialectName.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const text = dialect === 'postgres' ? 'TEXT COLLATE "C"' : 'TEXT';
  const id = dialect === 'postgres' ? 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
  await sql.raw(`ALTER TABLE server_versions ADD COLUMN origin ${text} NOT NULL DEFAULT ''`).execute(db);
  await sql.raw(`ALTER TABLE server_versions ADD COLUMN provenance TEXT`).execute(db);
  await sql.raw(`CREATE INDEX server_versions_origin ON server_versions (origin, name)`).execute(db);

  await sql
    .raw(
      `CREATE TABLE federation_sources (
        name ${text} PRIMARY KEY,
        base_url TEXT NOT NULL,
        auth_header TEXT,
        interval_seconds INTEGER NOT NULL,
        filter TEXT NOT NULL,
        precedence INTEGER NOT NULL,
        enabled INTEGER NOT NULL,
        high_water TEXT,
        resume_cursor TEXT,
        resume_since TEXT,
        last_started_at BIGINT,
        last_success_at BIGINT,
        last_error TEXT,
        last_error_at BIGINT,
        counts TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TABLE mirrored_versions (
        source ${text} NOT NULL,
        name ${text} NOT NULL,
        version ${text} NOT NULL,
        doc TEXT NOT NULL,
        status TEXT NOT NULL,
        status_message TEXT,
        upstream_published_at BIGINT NOT NULL,
        upstream_updated_at BIGINT NOT NULL,
        upstream_status_changed_at BIGINT NOT NULL,
        synced_at BIGINT NOT NULL,
        PRIMARY KEY (source, name, version)
      )`,
    )
    .execute(db);
  await sql.raw(`CREATE INDEX mirrored_versions_name ON mirrored_versions (name)`).execute(db);
  await sql
    .raw(
      `CREATE TABLE federation_rejections (
        id ${id},
        source ${text} NOT NULL,
        name TEXT,
        version TEXT,
        reason TEXT NOT NULL,
        at BIGINT NOT NULL
      )`,
    )
    .execute(db);
  await sql.raw(`CREATE INDEX federation_rejections_source ON federation_rejections (source, id)`).execute(db);
  await sql
    .raw(
      `CREATE TABLE curations (
        source ${text} NOT NULL,
        name ${text} NOT NULL,
        decision TEXT CHECK (decision IS NULL OR decision IN ('allow', 'deny')),
        pinned_version TEXT,
        hidden_versions TEXT NOT NULL,
        trust TEXT,
        tags TEXT NOT NULL,
        notes TEXT,
        updated_at BIGINT NOT NULL,
        updated_by TEXT NOT NULL,
        PRIMARY KEY (source, name)
      )`,
    )
    .execute(db);
}
