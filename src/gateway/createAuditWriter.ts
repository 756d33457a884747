/**
 * The gateway audit's writer: records are queued in memory as the relay reports
 * them and written in batches (multi-row inserts) every `flushMs` or as soon as
 * `batchSize` are waiting, never on the relay's path. A batch is written in one
 * transaction: never half written.
 *
 * When the database cannot keep up (`maxQueue` records waiting), `overflow`
 * decides. With `refuse` (the default) no record is ever dropped: `busy()` tells
 * the relay to refuse new calls until the queue drains, records of calls already
 * under way are still queued, and a batch the database refuses is kept for the
 * next flush (row by row, a record the database refuses while it takes others
 * is dropped and counted, so one bad record cannot stop the gateway). With
 * `drop`, a record past the bound and a refused batch are dropped and counted,
 * and calls are never held up. Both are logged at most once a minute.
 * `close()` writes what is queued.
 */
import type { Insertable } from 'kysely';
import { type Db, type GatewayCallFilter, type GatewayCallRow, insertGatewayCalls, listGatewayCalls, type GatewayCallsTable } from '../store/index.js';
import type { AuditSink, GatewayCallRecord } from './auditSink.js';

export interface AuditWriterOptions {
  db: Db;
  /** Records waiting past which new calls are refused, or records dropped (default 10,000). */
  maxQueue?: number;
  /** `refuse` new calls while the queue is full (default), or `drop` records. */
  overflow?: 'refuse' | 'drop';
  /** Records per write (default 500). */
  batchSize?: number;
  /** Longest a record waits before it is written, in ms (default 1,000). */
  flushMs?: number;
  log?: { warn(details: Record<string, unknown>, message: string): void };
}

export interface AuditWriter extends AuditSink {
  /** With `refuse`: seconds until new calls may come, while the queue is full (0 otherwise, and always with `drop`). */
  busy(): number;
  /** Records dropped since start (with `drop`: queue full or a batch the database refused; with `refuse`: a record the database refused alone). */
  readonly dropped: number;
  readonly queued: number;
  /** Writes everything queued now. */
  flush(): Promise<void>;
  /** Stops the timer and writes what is queued. */
  close(): Promise<void>;
  list(filter: GatewayCallFilter, limit: number): Promise<GatewayCallRow[]>;
}

export const AUDIT_WRITER_DEFAULTS = { maxQueue: 10_000, batchSize: 500, flushMs: 1_000 };

/** Single-row retries of a refused batch that all fail before the database is taken to refuse everything for now. */
const REFUSALS_BEFORE_WAITING = 5;

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
    instance: r.instance ?? null,
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
  const refuse = (options.overflow ?? 'refuse') === 'refuse';
  const retryAfterSeconds = Math.max(1, Math.ceil(flushMs / 1000));
  let queue: GatewayCallRecord[] = [];
  /** Records taken off the queue by the write in progress: they are waiting too. */
  let writingCount = 0;
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

  const insert = (batch: GatewayCallRecord[]) => {
    const rows = batch.map((r) => clean(toRow(r)));
    return options.db.transaction().execute((tx) => insertGatewayCalls({ tx, rows }));
  };

  /**
   * A batch the database refused, with `refuse`: its records one by one. Those
   * refused while others are taken are dropped (the database will never take
   * them); when the first few are all refused, the database takes nothing for
   * now, and the records not written go back to the queue's front.
   */
  async function retryRefused(batch: GatewayCallRecord[], err: unknown): Promise<boolean> {
    let written = 0;
    let refused: GatewayCallRecord[] = [];
    for (const record of batch) {
      try {
        await insert([record]);
        written++;
      } catch {
        refused.push(record);
        if (written === 0 && refused.length >= REFUSALS_BEFORE_WAITING) break;
      }
    }
    if (written === 0) {
      warn({ err: (err as Error)?.message, waiting: batch.length + queue.length }, 'writing gateway audit records failed; they are kept and new gateway calls are refused until they are written');
      queue = queue.length ? batch.concat(queue) : batch;
      return false;
    }
    // Refused before the first one was taken, a record may have met the database still down: once more.
    const again = refused;
    refused = [];
    for (const record of again) await insert([record]).catch(() => refused.push(record));
    if (refused.length) {
      dropped += refused.length;
      options.log?.warn({ err: (err as Error)?.message, dropped: refused.length }, 'the database refused gateway audit records it took the others of their batch with; they were dropped');
    }
    return true;
  }

  async function writeAll(): Promise<void> {
    while (queue.length) {
      const batch = queue.length <= batchSize ? queue : queue.slice(0, batchSize);
      queue = queue.length <= batchSize ? [] : queue.slice(batchSize);
      writingCount = batch.length;
      try {
        await insert(batch);
      } catch (err) {
        if (!refuse) {
          dropped += batch.length;
          warn({ err: (err as Error)?.message, dropped: batch.length }, 'writing gateway audit records failed; the batch was dropped');
        } else if (!(await retryRefused(batch, err))) return;
      } finally {
        writingCount = 0;
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
    busy() {
      if (!refuse || queue.length + writingCount < maxQueue) return 0;
      warn({ waiting: queue.length + writingCount, maxQueue }, 'the gateway audit queue is full; new gateway calls are refused until it drains (the database is slow or unavailable)');
      return retryAfterSeconds;
    },
    record(call) {
      if (closed || (!refuse && queue.length >= maxQueue)) {
        dropped++;
        warn({ dropped, maxQueue }, 'the gateway audit queue is full; records are being dropped (the database is slow or unavailable)');
        return;
      }
      // With `refuse`, a call already under way is recorded even past the bound: busy() holds back new ones.
      queue.push(call);
      if (queue.length >= Math.min(batchSize, maxQueue) && !soon) {
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
