/**
 * True when an error means the database cannot be reached right now (refused or
 * dropped connections, PostgreSQL shutting down, SQLite busy or I/O failure). Such
 * errors answer 503 and the next request simply tries again.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);

export function isStoreUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (NETWORK_CODES.has(code)) return true;
  // PostgreSQL SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown).
  if (/^08|^57P0[1-3]$|^53300$/.test(code)) return true;
  if (/^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL)/.test(code)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  if (/Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end/i.test(message)) {
    return true;
  }
  // AggregateError from a dual-stack connect attempt.
  if (Array.isArray(e.errors)) return e.errors.some(isStoreUnavailable);
  return false;
}
