/**
 * The access plane: people (signed in through the company's OpenID provider),
 * Toolshed groups and memberships, browser sessions and in-flight sign-ins,
 * personal and service tokens (hashes only), access rules, and the log of every
 * change an administrator makes to any of them.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialectName.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const text = dialect === 'postgres' ? 'TEXT COLLATE "C"' : 'TEXT';
  const id = dialect === 'postgres' ? 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
  const run = (ddl: string) => sql.raw(ddl).execute(db);

  await run(`CREATE TABLE users (
    id ${text} PRIMARY KEY,
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    email TEXT,
    name TEXT,
    claim_groups TEXT NOT NULL,
    claim_roles TEXT NOT NULL,
    roles TEXT NOT NULL,
    disabled INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    last_login_at BIGINT,
    UNIQUE (issuer, subject)
  )`);
  await run(`CREATE INDEX users_email ON users (email)`);

  await run(`CREATE TABLE access_groups (
    name ${text} PRIMARY KEY,
    description TEXT,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL
  )`);
  await run(`CREATE TABLE group_members (
    group_name ${text} NOT NULL,
    user_id ${text} NOT NULL,
    added_at BIGINT NOT NULL,
    added_by TEXT NOT NULL,
    PRIMARY KEY (group_name, user_id)
  )`);
  await run(`CREATE INDEX group_members_user ON group_members (user_id)`);

  await run(`CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id ${text} NOT NULL,
    csrf_token TEXT NOT NULL,
    id_token TEXT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    ip TEXT,
    user_agent TEXT
  )`);
  await run(`CREATE INDEX sessions_user ON sessions (user_id)`);
  await run(`CREATE INDEX sessions_expires ON sessions (expires_at)`);

  await run(`CREATE TABLE login_attempts (
    state_hash TEXT PRIMARY KEY,
    code_verifier TEXT NOT NULL,
    nonce TEXT NOT NULL,
    return_to TEXT NOT NULL,
    created_at BIGINT NOT NULL
  )`);

  await run(`CREATE TABLE api_tokens (
    id ${text} PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('personal', 'service')),
    name TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    user_id ${text},
    service_roles TEXT NOT NULL,
    service_groups TEXT NOT NULL,
    scopes TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT,
    revoked_at BIGINT,
    revoked_by TEXT,
    last_used_at BIGINT,
    last_used_from TEXT
  )`);
  await run(`CREATE INDEX api_tokens_user ON api_tokens (user_id)`);

  await run(`CREATE TABLE access_rules (
    id ${text} PRIMARY KEY,
    position INTEGER NOT NULL,
    rule TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL
  )`);

  await run(`CREATE TABLE access_changes (
    id ${id},
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
  )`);
  await run(`CREATE INDEX access_changes_at ON access_changes (at)`);
  await run(`CREATE INDEX access_changes_target ON access_changes (target_kind, target, id)`);
}
