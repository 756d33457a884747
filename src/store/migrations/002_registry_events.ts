/**
 * The registry's own audit trail: one row per publish, edit or status change of a
 * version, written in the same transaction as the change.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialectName.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const id = dialect === 'postgres' ? 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
  await sql
    .raw(
      `CREATE TABLE registry_events (
        id ${id},
        at BIGINT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('publish', 'edit', 'status')),
        name TEXT NOT NULL,
        version TEXT NOT NULL,
        actor_subject TEXT NOT NULL,
        actor_method TEXT NOT NULL,
        old_value TEXT,
        new_value TEXT NOT NULL
      )`,
    )
    .execute(db);
  await sql.raw(`CREATE INDEX registry_events_name ON registry_events (name, id)`).execute(db);
  await sql.raw(`CREATE INDEX registry_events_at ON registry_events (at)`).execute(db);
}
