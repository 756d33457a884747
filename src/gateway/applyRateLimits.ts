/**
 * Rate limits on what a client sends: every request the policy let through
 * takes a token (tools/call also from the tool's buckets). A limited request is
 * taken out of the batch and answered here, like a denied one, with JSON-RPC
 * error -32000 and `data: {reason: "rate_limited", retryAfterSeconds}`; the
 * rest still go upstream. Streams opened as a whole (GET) are refused with
 * HTTP 429 and Retry-After instead (see `limitStream`).
 */
import type { ServerResponse } from 'node:http';
import { withhold, type Inspection } from './inspectMessages.js';
import { errorResponse, isRequest, type JsonRpcErrorResponse, type JsonRpcId } from './jsonRpc.js';
import type { RateLimitVerdict } from './rateLimiter.js';
import type { RelayCall, RelaySettings } from './relayContext.js';
import { noteReason, sendJson } from './relayIo.js';

/** The JSON-RPC code of a rate-limited request (implementation-defined server error range). */
export const RATE_LIMITED = -32000;

type Limited = Extract<RateLimitVerdict, { limited: true }>;

export function rateLimitedError(id: JsonRpcId | null, verdict: Limited): JsonRpcErrorResponse {
  const message =
    verdict.reason === 'limiter_unavailable'
      ? `Rate limits cannot be checked right now: retry in ${verdict.retryAfterSeconds} s`
      : `Rate limit exceeded (${verdict.scope}): retry in ${verdict.retryAfterSeconds} s`;
  return errorResponse(id, RATE_LIMITED, message, { reason: verdict.reason, retryAfterSeconds: verdict.retryAfterSeconds });
}

/**
 * Takes a token for each forwarded request; limited ones move from `forward`
 * to `denied` (and `refused`). Gives the longest Retry-After in seconds (0 when
 * nothing was limited): at once with an in-memory limiter, as a promise with a
 * shared (Redis) one, so the common case waits on nothing.
 */
export function applyRateLimits(s: RelaySettings, call: RelayCall, inspection: Inspection): number | Promise<number> {
  const limiter = s.limiter;
  if (!limiter) return 0;
  const verdicts: RateLimitVerdict[] = [];
  let pending: Promise<RateLimitVerdict>[] | undefined;
  for (const message of inspection.forward) {
    if (!isRequest(message)) continue;
    const tool = message.method === 'tools/call' && typeof message.params?.name === 'string' ? message.params.name : undefined;
    const verdict = limiter.take({ user: call.caller.id, server: call.upstream.server, ...(tool !== undefined ? { tool } : {}) });
    if (verdict instanceof Promise) (pending ??= []).push(verdict);
    else verdicts.push(verdict);
  }
  if (!pending) return withholdLimited(inspection, verdicts);
  return Promise.all(pending).then((settled) => withholdLimited(inspection, settled));
}

/** Moves the limited requests (verdicts in the order of the forwarded requests) out of `forward`. */
function withholdLimited(inspection: Inspection, verdicts: readonly RateLimitVerdict[]): number {
  if (!verdicts.some((v) => v.limited)) return 0;
  let retryAfter = 0;
  let i = 0;
  for (const message of inspection.forward) {
    if (!isRequest(message)) continue;
    const verdict = verdicts[i++]!;
    if (!verdict.limited) continue;
    retryAfter = Math.max(retryAfter, verdict.retryAfterSeconds);
    const error = rateLimitedError(message.id, verdict);
    withhold(inspection, message, error, error.error.message, 'rate_limited');
  }
  return retryAfter;
}

/**
 * A stream opened as a whole (a GET) takes a token from the user and server
 * buckets; when limited it is refused here with HTTP 429 and Retry-After.
 * Returns the verdict so the caller can audit it.
 */
export async function limitStream(s: RelaySettings, call: RelayCall): Promise<Limited | null> {
  if (!s.limiter) return null;
  const verdict = await s.limiter.take({ user: call.caller.id, server: call.upstream.server });
  if (!verdict.limited) return null;
  tooMany(call.res, verdict, rateLimitedError(null, verdict));
  return verdict;
}

export function tooMany(res: ServerResponse, verdict: Limited, body: unknown): void {
  noteReason(res, `rate limited (${verdict.scope}); retry after ${verdict.retryAfterSeconds} s`);
  sendJson(res, 429, body, { 'retry-after': String(verdict.retryAfterSeconds) });
}
