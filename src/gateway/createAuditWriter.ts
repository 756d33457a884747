/**
 * The gateway audit's writer: records are queued in memory as the relay reports
 * them and written in batches (multi-row inserts) every `flushMs` or as soon as
 * `batchSize` are waiting, never on the relay's path. The queue is bounded:
 * when it is full a record is dropped and counted (and logged at most once a
 * minute), so a slow or unavailable database never holds up a relayed call. A
 * batch is written in one transaction, so a batch the database refuses is
 * dropped whole and counted too: never half written and counted as lost.
 * `close()` writes what is queued.
 */
import type { Insertable } from 'kysely';
import type { Db, GatewayCallFilter, GatewayCallRow } from '../store/index.js';
import { insertGatewayCalls, listGatewayCalls } from '../store/index.js';
import type { GatewayCallsTable } from '../store/schema.js';
import type { AuditSink, GatewayCallRecord } from './auditSink.js';

export interface AuditWriterOptions {
  db: Db;
  /** Most records waiting; more are dropped (default 10,000). */
  maxQueue?: number;
  /** Records per write (default 500). */
  batchSize?: number;
  /** Longest a record waits before it is written, in ms (default 1,000). */
  flushMs?: number;
  log?: { warn(details: Record<string, unknown>, message: string): void };
}

export interface AuditWriter extends AuditSink {
  /** Records dropped since start (queue full, or a batch the database refused). */
  readonly dropped: number;
  readonly queued: number;
  /** Writes everything queued now. */
  flush(): Promise<void>;
  /** Stops the timer and writes what is queued. */
  close(): Promise<void>;
  list(filter: GatewayCallFilter, limit: number): Promise<GatewayCallRow[]>;
}

export const AUDIT_WRITER_DEFAULTS = { maxQueue: 10_000, batchSize: 500, flushMs: 1_000 };

function toRow(r: GatewayCallRecord): Insertable<GatewayCallsTable> {
  return {
    at: r.at,
    principal_id: r.principal.id,
    principal_label: r.principal.label,
    principal_via: r.principal.via,
    connection_id: r.connection?.id ?? null,
    connection_label: r.connection?.label ?? null,
    client_name: r.client?.name ?? null,
    client_version: r.client?.version ?? null,
    server: r.server,
    method: r.method,
    target: r.target ?? null,
    outcome: r.outcome,
    error_code: r.errorCode ?? null,
    error_message: r.errorMessage ?? null,
    duration_us: r.durationMicros,
    request_bytes: r.requestBytes,
    response_bytes: r.responseBytes,
    jsonrpc_id: r.jsonrpcId ?? null,
    session_hash: r.sessionHash ?? null,
    request_payload: r.requestPayload ?? null,
    response_payload: r.responsePayload ?? null,
  };
}

/** PostgreSQL text cannot hold NUL; a client may put one in a tool name. */
const noNul = (v: string | null | undefined) => (typeof v === 'string' && v.includes('\u0000') ? v.replaceAll('\u0000', '\uFFFD') : v);

function clean(row: Insertable<GatewayCallsTable>): Insertable<GatewayCallsTable> {
  const values = row as Record<string, unknown>;
  for (const key in values) {
    const value = values[key];
    if (typeof value === 'string' && value.includes('\u0000')) values[key] = noNul(value);
  }
  return row;
}

export function createAuditWriter(options: AuditWriterOptions): AuditWriter {
  const maxQueue = options.maxQueue ?? AUDIT_WRITER_DEFAULTS.maxQueue;
  const batchSize = options.batchSize ?? AUDIT_WRITER_DEFAULTS.batchSize;
  const flushMs = options.flushMs ?? AUDIT_WRITER_DEFAULTS.flushMs;
  let queue: GatewayCallRecord[] = [];
  let dropped = 0;
  let lastWarned = 0;
  let writing: Promise<void> = Promise.resolve();
  let soon = false;
  let closed = false;

  const warn = (details: Record<string, unknown>, message: string) => {
    const now = Date.now();
    if (now - lastWarned < 60_000) return;
    lastWarned = now;
    options.log?.warn(details, message);
  };

  async function writeAll(): Promise<void> {
    while (queue.length) {
      const batch = queue.length <= batchSize ? queue : queue.slice(0, batchSize);
      queue = queue.length <= batchSize ? [] : queue.slice(batchSize);
      try {
        const rows = batch.map((r) => clean(toRow(r)));
        await options.db.transaction().execute((tx) => insertGatewayCalls({ tx, rows }));
      } catch (err) {
        dropped += batch.length;
        warn({ err: (err as Error)?.message, dropped: batch.length }, 'writing gateway audit records failed; the batch was dropped');
      }
    }
  }

  function flush(): Promise<void> {
    writing = writing.then(writeAll);
    return writing;
  }

  const timer = setInterval(() => void flush(), flushMs);
  timer.unref();

  return {
    get dropped() {
      return dropped;
    },
    get queued() {
      return queue.length;
    },
    record(call) {
      if (queue.length >= maxQueue || closed) {
        dropped++;
        warn({ dropped, maxQueue }, 'the gateway audit queue is full; records are being dropped (the database is slow or unavailable)');
        return;
      }
      queue.push(call);
      if (queue.length >= batchSize && !soon) {
        soon = true;
        setImmediate(() => {
          soon = false;
          void flush();
        });
      }
    },
    flush,
    async close() {
      closed = true;
      clearInterval(timer);
      await flush();
    },
    list: (filter, limit) => listGatewayCalls({ tx: options.db, filter, limit }),
  };
}
