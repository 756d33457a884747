/**
 * The inventory: what each server version was seen to offer (snapshots), how
 * its probes went (health), the snapshot an administrator pinned per server,
 * drift from that pin, and the signed webhooks that announce it.
 *
 * A snapshot row is written only when its hash differs from the version's
 * latest (otherwise `last_seen_at` moves), so history is a list of changes.
 * Ids grow with insertion; newest-first paging walks `id` downwards.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialectName.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const text = dialect === 'postgres' ? 'TEXT COLLATE "C"' : 'TEXT';
  const id = dialect === 'postgres' ? 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
  const run = (ddl: string) => sql.raw(ddl).execute(db);

  await run(`CREATE TABLE capability_snapshots (
    id ${id},
    server ${text} NOT NULL,
    version ${text} NOT NULL,
    hash ${text} NOT NULL,
    source ${text} NOT NULL CHECK (source IN ('probe', 'observed')),
    protocol_version TEXT NOT NULL,
    era TEXT NOT NULL,
    body TEXT NOT NULL,
    findings TEXT NOT NULL,
    tool_count INTEGER NOT NULL,
    first_seen_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
  )`);
  await run(`CREATE INDEX capability_snapshots_version ON capability_snapshots (server, version, id)`);

  await run(`CREATE TABLE capability_states (
    server ${text} NOT NULL,
    version ${text} NOT NULL,
    snapshot_id BIGINT,
    status ${text} NOT NULL CHECK (status IN ('pending', 'ok', 'failed', 'personal')),
    last_probe_at BIGINT,
    failure_kind TEXT,
    failure_message TEXT,
    next_probe_at BIGINT NOT NULL,
    tool_search TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (server, version)
  )`);
  await run(`CREATE INDEX capability_states_due ON capability_states (next_probe_at)`);

  await run(`CREATE TABLE probe_results (
    id ${id},
    server ${text} NOT NULL,
    version ${text} NOT NULL,
    at BIGINT NOT NULL,
    up INTEGER NOT NULL,
    latency_ms INTEGER NOT NULL,
    protocol_version TEXT,
    failure_kind TEXT,
    failure_message TEXT,
    http_status INTEGER
  )`);
  await run(`CREATE INDEX probe_results_version ON probe_results (server, version, id)`);
  await run(`CREATE INDEX probe_results_at ON probe_results (at)`);

  await run(`CREATE TABLE inventory_servers (
    server ${text} PRIMARY KEY,
    drift_action TEXT CHECK (drift_action IN ('warn', 'hide', 'block')),
    pinned_snapshot_id BIGINT,
    pinned_by TEXT,
    pinned_at BIGINT,
    probe_header_name TEXT,
    probe_header_sealed TEXT,
    updated_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL
  )`);

  await run(`CREATE TABLE drift_events (
    id ${id},
    server ${text} NOT NULL,
    version ${text} NOT NULL,
    snapshot_id BIGINT NOT NULL,
    pinned_snapshot_id BIGINT NOT NULL,
    via ${text} NOT NULL CHECK (via IN ('probe', 'observed')),
    detected_at BIGINT NOT NULL,
    changes TEXT NOT NULL,
    severity TEXT NOT NULL,
    resolved_at BIGINT,
    resolved_by TEXT
  )`);
  await run(`CREATE INDEX drift_events_server ON drift_events (server, id)`);
  await run(`CREATE INDEX drift_events_open ON drift_events (resolved_at, id)`);

  await run(`CREATE TABLE webhook_deliveries (
    id ${id},
    event ${text} NOT NULL,
    payload TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    delivered_at BIGINT,
    failed_at BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL
  )`);
  await run(`CREATE INDEX webhook_deliveries_due ON webhook_deliveries (delivered_at, failed_at, next_attempt_at)`);
}
