/**
 * A POST body as the gateway will decide it: JSON, at most `maxBatch`
 * messages, no object repeating a key, and each message one the policy can
 * decide (see messageProblem). Anything else is refused whole, before any
 * decision, so nothing in it can reach an upstream.
 *
 * Repeated keys are refused rather than re-serialised: the gateway decides on
 * the parsed body (the last duplicate wins) but forwards the client's bytes,
 * and an upstream keeping the first duplicate would run what was never decided.
 * Refusing keeps the bytes the client sent (numbers beyond 2^53 stay exact),
 * and no SDK writes such a body.
 */
import { INVALID_REQUEST, messageProblem, PARSE_ERROR } from './jsonRpc.js';

export type ReadMessages = { messages: unknown[]; batch: boolean; parsed: unknown; problem?: undefined } | { problem: string; code: number };

/** Deeper nesting is refused (counting keys walks it, and no MCP message needs it). */
const MAX_DEPTH = 512;

export function readMessages(body: Buffer | undefined, maxBatch: number): ReadMessages {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body?.toString('utf8') ?? '');
  } catch {
    return { problem: 'Parse error: the request body is not valid JSON', code: PARSE_ERROR };
  }
  const batch = Array.isArray(parsed);
  const messages = batch ? (parsed as unknown[]) : [parsed];
  if (messages.length === 0) return invalid('an empty batch');
  if (messages.length > maxBatch) return invalid(`a batch of ${messages.length} messages is over the gateway's limit of ${maxBatch}; send fewer at a time`);
  for (let i = 0; i < messages.length; i++) {
    const problem = messageProblem(messages[i]);
    if (problem) return invalid(batch ? `message ${i + 1} of the batch: ${problem}` : problem);
  }
  const keys = keysOf(parsed, 0);
  if (keys < 0) return invalid(`the body is nested more than ${MAX_DEPTH} levels deep`);
  if (keys !== keysIn(body!)) return invalid('an object in the body repeats a key; send each key once');
  return { messages, batch, parsed };
}

const invalid = (why: string) => ({ problem: `Invalid request: ${why}`, code: INVALID_REQUEST });

/** The keys of every object in a parsed value (-1 when nested too deeply): a repeated key was kept once. */
function keysOf(value: unknown, depth: number): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (depth >= MAX_DEPTH) return -1;
  let n = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const k = keysOf(value[i], depth + 1);
      if (k < 0) return -1;
      n += k;
    }
    return n;
  }
  for (const key in value) {
    const k = keysOf((value as Record<string, unknown>)[key], depth + 1);
    if (k < 0) return -1;
    n += 1 + k;
  }
  return n;
}

/** The keys written in valid JSON text: every string followed (past blanks) by a colon. */
function keysIn(raw: Buffer): number {
  let keys = 0;
  const n = raw.length;
  for (let i = 0; i < n; i++) {
    if (raw[i] !== 0x22) continue;
    // Inside a string: only its closing quote (not one a backslash escapes) ends it.
    for (i++; i < n && raw[i] !== 0x22; i++) if (raw[i] === 0x5c) i++;
    let j = i + 1;
    while (j < n && (raw[j] === 0x20 || raw[j] === 0x0a || raw[j] === 0x0d || raw[j] === 0x09)) j++;
    if (raw[j] === 0x3a) keys++;
    i = j - 1;
  }
  return keys;
}
