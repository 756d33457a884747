/**
 * One page of an upstream's `GET /v0.1/servers`, through the guarded outbound
 * client. Transient trouble (429, 5xx, timeouts, dropped connections) is retried
 * a bounded number of times (429 after the upstream's Retry-After, the rest with
 * exponential backoff); anything else, or a body that is not a server list,
 * fails the page. Individual items are not judged here: one bad document must not
 * cost the others on its page.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { OutboundError, type Outbound } from '../outbound/index.js';

export interface RetryPolicy {
  /** Tries per page, the first included. */
  attempts: number;
  /** First backoff after a 5xx or network failure; doubles on each retry. */
  baseDelayMs: number;
  /** Upper bound of any wait, Retry-After included. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 1000, maxDelayMs: 60_000 };
export const PAGE_LIMIT = 100;
export const PAGE_TIMEOUT_MS = 30_000;
export const PAGE_MAX_BYTES = 20 * 1024 * 1024;

export interface PageRequest {
  outbound: Outbound;
  baseUrl: string;
  authHeader?: string | undefined;
  cursor?: string | undefined;
  updatedSince?: string | undefined;
  limit?: number;
  timeoutMs?: number;
  maxBytes?: number;
  retry?: RetryPolicy;
  signal?: AbortSignal | undefined;
}

export interface UpstreamPage {
  items: unknown[];
  nextCursor: string | undefined;
  /** The upstream's `Date` header (ms since the epoch), when it sent a valid one. */
  date: number | undefined;
}

/** A page that could not be fetched or was not a server list; the run stops and resumes here next time. */
export class UpstreamError extends Error {}

export function pageUrl(baseUrl: string, q: { limit: number; cursor?: string | undefined; updatedSince?: string | undefined }): string {
  const params = new URLSearchParams({ limit: String(q.limit) });
  if (q.cursor) params.set('cursor', q.cursor);
  // With updated_since deleted versions always come; without it they must be asked for.
  if (q.updatedSince) params.set('updated_since', q.updatedSince);
  else params.set('include_deleted', 'true');
  return `${baseUrl.replace(/\/+$/, '')}/v0.1/servers?${params}`;
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function parseList(body: string, where: string): Omit<UpstreamPage, 'date'> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new UpstreamError(`${where} did not answer with JSON (${JSON.stringify(body.slice(0, 80))}…)`);
  }
  const list = parsed as { servers?: unknown; metadata?: { nextCursor?: unknown } };
  if (!list || typeof list !== 'object' || Array.isArray(list) || !Array.isArray(list.servers)) {
    throw new UpstreamError(`${where} did not answer with a server list (no "servers" array)`);
  }
  if (list.metadata !== undefined && (list.metadata === null || typeof list.metadata !== 'object')) {
    throw new UpstreamError(`${where} answered a server list whose "metadata" is not an object`);
  }
  const next = list.metadata?.nextCursor;
  if (next !== undefined && next !== null && typeof next !== 'string') {
    throw new UpstreamError(`${where} answered a server list whose "metadata.nextCursor" is not a string`);
  }
  return { items: list.servers, nextCursor: next ? next : undefined };
}

export async function fetchUpstreamPage(req: PageRequest): Promise<UpstreamPage> {
  const retry = req.retry ?? DEFAULT_RETRY;
  const url = pageUrl(req.baseUrl, { limit: req.limit ?? PAGE_LIMIT, cursor: req.cursor, updatedSince: req.updatedSince });
  const { host, pathname, search } = new URL(url);
  const where = `${host} (GET ${pathname}${search})`;
  let lastProblem = '';
  for (let attempt = 1; attempt <= retry.attempts; attempt++) {
    req.signal?.throwIfAborted();
    let wait = Math.min(retry.baseDelayMs * 2 ** (attempt - 1), retry.maxDelayMs);
    try {
      const res = await req.outbound.fetch(url, {
        headers: { accept: 'application/json', ...(req.authHeader ? { authorization: req.authHeader } : {}) },
        timeoutMs: req.timeoutMs ?? PAGE_TIMEOUT_MS,
        maxBytes: req.maxBytes ?? PAGE_MAX_BYTES,
      });
      if (res.status === 200) {
        const date = typeof res.headers.date === 'string' ? Date.parse(res.headers.date) : NaN;
        return { ...parseList(res.body, where), date: Number.isNaN(date) ? undefined : date };
      }
      if (res.status === 429) {
        lastProblem = 'HTTP 429 Too Many Requests';
        const asked = retryAfterMs(res.headers['retry-after']);
        if (asked !== undefined) wait = Math.min(asked, retry.maxDelayMs);
      } else if (res.status >= 500) {
        lastProblem = `HTTP ${res.status}`;
      } else {
        throw new UpstreamError(`${where} answered HTTP ${res.status}${res.status === 401 || res.status === 403 ? ' (check the source’s auth header)' : ''}`);
      }
    } catch (err) {
      if (!(err instanceof OutboundError) || (err.reason !== 'timeout' && err.reason !== 'network')) throw err;
      lastProblem = err.message;
    }
    if (attempt < retry.attempts) await sleep(wait, undefined, req.signal ? { signal: req.signal } : undefined);
  }
  throw new UpstreamError(`${where} failed ${retry.attempts} times; last: ${lastProblem}`);
}
