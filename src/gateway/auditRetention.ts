/**
 * Audit retention: deletes gateway audit rows older than `retentionDays`, once
 * shortly after start and then every `intervalMs` (hourly). A sweep deletes in
 * bounded batches (see deleteGatewayCallsBefore), the next one is scheduled only
 * when it has finished, so sweeps never overlap, and a failed sweep is logged
 * and retried at the next interval; it never takes the process down.
 * `retentionDays: 0` keeps every row: nothing is scheduled and `sweep()` deletes
 * nothing.
 *
 * Replicas sharing PostgreSQL each run their own sweep, uncoordinated, on
 * purpose: deleting by a cutoff is idempotent, so two sweeps at once delete each
 * row once between them and leave the same table as one sweep would.
 */
import { deleteGatewayCallsBefore, deleteGatewayTasksBefore, nowMicros, type Db } from '../store/index.js';

const DAY_MICROS = 86_400 * 1_000_000;

export interface AuditRetentionOptions {
  db: Db;
  /** Rows older than this many days are deleted; 0 keeps them forever. */
  retentionDays: number;
  /** Between the end of one sweep and the start of the next (default 1 hour). */
  intervalMs?: number;
  /** Before the first sweep (default 10 s: let the server finish starting). */
  firstSweepDelayMs?: number;
  /** Rows per delete statement (default 5,000). */
  batchSize?: number;
  /** Called with each sweep's count, when it deleted any. */
  onDeleted?(count: number): void;
  log?: {
    warn(details: Record<string, unknown>, message: string): void;
    info?(details: Record<string, unknown>, message: string): void;
  };
}

export interface AuditRetention {
  /** Rows deleted since start. */
  readonly deleted: number;
  /** Runs a sweep now (after the one in progress, if any); resolves to the rows it deleted. */
  sweep(): Promise<number>;
  /** Stops scheduling, interrupts a sweep in progress between batches, and waits for it. */
  stop(): Promise<void>;
}

export const AUDIT_RETENTION_DEFAULTS = { intervalMs: 3_600_000, firstSweepDelayMs: 10_000 };

export function startAuditRetention(options: AuditRetentionOptions): AuditRetention {
  const { db, retentionDays, log } = options;
  const intervalMs = options.intervalMs ?? AUDIT_RETENTION_DEFAULTS.intervalMs;
  const stopping = new AbortController();
  let deleted = 0;
  let timer: NodeJS.Timeout | undefined;
  let last: Promise<number> = Promise.resolve(0);

  async function sweepOnce(): Promise<number> {
    if (retentionDays <= 0 || stopping.signal.aborted) return 0;
    const before = nowMicros() - retentionDays * DAY_MICROS;
    const count = await deleteGatewayCallsBefore({ db, before, signal: stopping.signal, ...(options.batchSize ? { batchSize: options.batchSize } : {}) });
    // Task owners are kept as long as the calls that made the tasks (tasks themselves live minutes to hours).
    if (!stopping.signal.aborted) await deleteGatewayTasksBefore({ tx: db, before });
    deleted += count;
    if (count > 0) {
      options.onDeleted?.(count);
      log?.info?.({ deleted: count, retentionDays }, 'deleted gateway audit rows past their retention');
    }
    return count;
  }

  /** Chained on the previous sweep, so two never run at once (a manual one waits for the scheduled one). */
  function sweep(): Promise<number> {
    const next = last.catch(() => 0).then(sweepOnce);
    last = next;
    return next;
  }

  function schedule(delayMs: number): void {
    if (retentionDays <= 0 || stopping.signal.aborted) return;
    timer = setTimeout(() => {
      sweep()
        .catch((err: unknown) => log?.warn({ err: (err as Error)?.message ?? String(err), retentionDays }, 'deleting old gateway audit rows failed; retrying at the next interval'))
        .finally(() => schedule(intervalMs));
    }, delayMs);
    timer.unref();
  }
  schedule(options.firstSweepDelayMs ?? AUDIT_RETENTION_DEFAULTS.firstSweepDelayMs);

  return {
    get deleted() {
      return deleted;
    },
    sweep,
    async stop() {
      stopping.abort();
      clearTimeout(timer);
      await last.catch(() => undefined);
    },
  };
}
