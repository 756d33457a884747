/**
 * Gateway connections and upstream credentials: one row per connection a
 * person made for a client (its public id is its URL; a capability-URL secret
 * only as its SHA-256), and the secrets the gateway injects towards upstream
 * servers (shared per server, or a person's own), sealed with the secret key.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialectName.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const text = dialect === 'postgres' ? 'TEXT COLLATE "C"' : 'TEXT';
  const run = (ddl: string) => sql.raw(ddl).execute(db);

  await run(`CREATE TABLE gateway_connections (
    id ${text} PRIMARY KEY,
    user_id ${text} NOT NULL,
    server ${text} NOT NULL,
    label TEXT NOT NULL,
    secret_hash TEXT UNIQUE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT,
    revoked_by TEXT,
    last_used_at BIGINT,
    last_used_from TEXT
  )`);
  await run(`CREATE INDEX gateway_connections_user ON gateway_connections (user_id, created_at)`);
  await run(`CREATE INDEX gateway_connections_server ON gateway_connections (server)`);

  await run(`CREATE TABLE upstream_secrets (
    id ${text} PRIMARY KEY,
    server ${text} NOT NULL,
    user_id ${text},
    name ${text} NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('header', 'query', 'variable')),
    sealed TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
  )`);
  // One value per (server, owner, name); NULL (shared) must collide with NULL, hence the COALESCE.
  await run(`CREATE UNIQUE INDEX upstream_secrets_key ON upstream_secrets (server, COALESCE(user_id, ''), name)`);
}
