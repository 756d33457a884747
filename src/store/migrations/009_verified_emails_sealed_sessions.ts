/**
 * Two security fixes. People gain `email_verified`: 1 when the address is the
 * person's own (verified by the IdP, held by nobody else). Existing people start
 * at 0 and are settled at their next sign-in.
 * Sessions stop keeping the raw IdP ID token: `sign_out_hint` holds it sealed
 * with the secret key. A migration cannot seal (it has no key), so the raw
 * tokens of live sessions are dropped: those sessions stay signed in, and their
 * sign-out goes to the provider without an `id_token_hint`. On SQLite the freed
 * pages are zeroed, so the tokens do not linger in the file.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialectName.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const run = (statement: string) => sql.raw(statement).execute(db);
  await run('ALTER TABLE users ADD COLUMN email_verified INTEGER NOT NULL DEFAULT 0');
  await run('ALTER TABLE sessions ADD COLUMN sign_out_hint TEXT');
  if (dialect === 'sqlite') {
    const before = (await sql<{ secure_delete: number }>`PRAGMA secure_delete`.execute(db)).rows[0]?.secure_delete ?? 0;
    await run('PRAGMA secure_delete = ON');
    await run('UPDATE sessions SET id_token = NULL');
    await run('ALTER TABLE sessions DROP COLUMN id_token');
    await run(`PRAGMA secure_delete = ${before ? 'ON' : 'OFF'}`);
  } else {
    await run('ALTER TABLE sessions DROP COLUMN id_token');
  }
}
