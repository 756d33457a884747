/**
 * Keys an install generates for itself (the admin token, the secret key, the
 * registry signing keys), kept in the database when it is PostgreSQL so every
 * replica sharing it uses the same ones. One row per key; the first replica to
 * insert a key wins and the others read it.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialectName.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const text = dialect === 'postgres' ? 'TEXT COLLATE "C"' : 'TEXT';
  await sql
    .raw(
      `CREATE TABLE instance_keys (
    name ${text} PRIMARY KEY,
    value TEXT NOT NULL,
    created_at BIGINT NOT NULL
  )`,
    )
    .execute(db);
}
