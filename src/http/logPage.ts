/**
 * Paging of the append-only logs the admin API serves (registry events, access
 * changes): newest first, `since` as RFC 3339, `limit`, and `cursor` = the id of
 * the last row of the previous page. One schema fragment and one parser, so every
 * log pages the same way.
 */
import { InputError } from '../errors.js';
import { parseUpdatedSince } from './parseQuery.js';

export interface LogPageQuery {
  since?: string;
  limit: number;
  cursor?: string;
}

/** The query properties of a log page, for a route's querystring schema. */
export function logPageProperties(what: string) {
  return {
    since: { type: 'string', description: `RFC 3339: only ${what} at or after this time` },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
    cursor: { type: 'string', maxLength: 20, description: '`metadata.nextCursor` of the previous page' },
  } as const;
}

/** `since` in store microseconds and the id to page before; refuses a cursor no page handed out. */
export function parseLogPage(q: LogPageQuery): { since?: number; beforeId?: number } {
  if (q.cursor !== undefined && !/^\d{1,15}$/.test(q.cursor)) {
    throw new InputError('ADMIN_BAD_CURSOR', 'Invalid cursor: use metadata.nextCursor of the previous page');
  }
  const since = parseUpdatedSince(q.since);
  return {
    ...(since !== undefined ? { since: Number(since / 1000n) } : {}),
    ...(q.cursor !== undefined ? { beforeId: Number(q.cursor) } : {}),
  };
}

/** `metadata` of a page: its count and, when it was full, the cursor of the next one. */
export function logPageMetadata(rows: ReadonlyArray<{ id: number | bigint | string }>, limit: number) {
  const next = rows.length >= limit ? String(rows[rows.length - 1]!.id) : undefined;
  return { count: rows.length, ...(next ? { nextCursor: next } : {}) };
}
