/**
 * Hosting settings per server (issue #22): how its package is hosted, `mode`
 * `shared` (one instance for everyone) or `per-person` (each person their own),
 * and whether its instances may reach the network (`network` 1) or run in a
 * network namespace of their own (0). A server with no row is hosted per person
 * without network. `gateway_calls.instance`: the hosted instance that served a
 * call (null for a remote).
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialectName.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const text = dialect === 'postgres' ? 'TEXT COLLATE "C"' : 'TEXT';
  await sql
    .raw(
      `CREATE TABLE server_hosting (
    name ${text} NOT NULL PRIMARY KEY,
    mode ${text} NOT NULL CHECK (mode IN ('shared', 'per-person')),
    network INTEGER NOT NULL CHECK (network IN (0, 1)),
    updated_by ${text} NOT NULL,
    updated_at BIGINT NOT NULL
  )`,
    )
    .execute(db);
  await sql.raw(`ALTER TABLE gateway_calls ADD COLUMN instance ${text}`).execute(db);
}
