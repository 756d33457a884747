/**
 * The gateway's audit: one row per client request relayed, refused or failed
 * (and per event stream or session end), written in batches off the relay's hot
 * path. Ids grow with insertion, so newest-first paging walks `id` downwards;
 * the filters an auditor uses each have an index ending in `id`.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialectName.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const text = dialect === 'postgres' ? 'TEXT COLLATE "C"' : 'TEXT';
  const id = dialect === 'postgres' ? 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
  const run = (ddl: string) => sql.raw(ddl).execute(db);

  await run(`CREATE TABLE gateway_calls (
    id ${id},
    at BIGINT NOT NULL,
    principal_id ${text} NOT NULL,
    principal_label TEXT NOT NULL,
    principal_via TEXT NOT NULL,
    connection_id ${text},
    connection_label TEXT,
    client_name TEXT,
    client_version TEXT,
    server ${text} NOT NULL,
    method ${text} NOT NULL,
    target ${text},
    outcome ${text} NOT NULL CHECK (outcome IN ('ok', 'error', 'denied', 'rate_limited', 'timeout', 'disconnected')),
    error_code INTEGER,
    error_message TEXT,
    duration_us BIGINT NOT NULL,
    request_bytes BIGINT NOT NULL,
    response_bytes BIGINT NOT NULL,
    jsonrpc_id TEXT,
    session_hash TEXT,
    request_payload TEXT,
    response_payload TEXT
  )`);
  await run(`CREATE INDEX gateway_calls_at ON gateway_calls (at)`);
  await run(`CREATE INDEX gateway_calls_principal ON gateway_calls (principal_id, id)`);
  await run(`CREATE INDEX gateway_calls_server ON gateway_calls (server, id)`);
  await run(`CREATE INDEX gateway_calls_target ON gateway_calls (server, target, id)`);
  await run(`CREATE INDEX gateway_calls_outcome ON gateway_calls (outcome, id)`);
  await run(`CREATE INDEX gateway_calls_connection ON gateway_calls (connection_id, id)`);
}
