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
 * and no SDK writes such a body. Keys that differ only by case count as
 * repeated: Go's encoding/json (and .NET's web defaults) match fields without
 * case, so `"params"` and `"Params"` are one field to them, and the last wins.
 *
 * A batch may not repeat a request id either: the answers, the audit and list
 * filtering are matched to their requests by id, and a second request with
 * the id of a first would take its place (the first's call unrecorded, its
 * list unfiltered).
 */
import { idKey, INVALID_REQUEST, isRequest, messageProblem, PARSE_ERROR } from './jsonRpc.js';

export type ReadMessages = { messages: unknown[]; batch: boolean; parsed: unknown; problem?: undefined } | { problem: string; code: number };

/** Deeper nesting is refused before parsing (a 4 MiB body nested to the hilt costs a second of parsing; no MCP message needs it). */
const MAX_DEPTH = 512;
/** keysOf's answer for an object holding two keys that differ only by case. */
const LOOSE_REPEAT = -1;
/** A key that case folding may change: an ASCII capital or anything outside ASCII. */
const FOLDABLE = /[A-Z\u0080-\uffff]/;

export function readMessages(body: Buffer | undefined, maxBatch: number): ReadMessages {
  const raw = body ?? Buffer.alloc(0);
  const written = scan(raw);
  if (written.depth > MAX_DEPTH) return invalid(`the body is nested more than ${MAX_DEPTH} levels deep`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
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
  if (messages.length > 1) {
    const ids = new Set<string>();
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i];
      if (!isRequest(m)) continue;
      const key = idKey(m.id);
      if (ids.has(key)) return invalid(`message ${i + 1} of the batch repeats the id ${JSON.stringify(m.id).slice(0, 100)} of an earlier request; give each request its own id`);
      ids.add(key);
    }
  }
  const keys = keysOf(parsed);
  if (keys === LOOSE_REPEAT) return invalid('an object in the body has two keys that differ only by case; send each key once, in one spelling');
  if (keys !== written.keys) return invalid('an object in the body repeats a key; send each key once');
  return { messages, batch, parsed };
}

const invalid = (why: string) => ({ problem: `Invalid request: ${why}`, code: INVALID_REQUEST });

/** A key as an upstream matching names without case sees it (Go folds per rune: İ is i there, ẞ is ß). */
const looseKey = (key: string) =>
  key
    .replace(/\u0130/g, 'I')
    .toLowerCase()
    .toUpperCase();

/**
 * The keys of every object in a parsed value (a repeated key was kept once), or
 * LOOSE_REPEAT when an object holds two keys that differ only by case. Depth is
 * bounded by the scan before parsing.
 */
function keysOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let n = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const k = keysOf(value[i]);
      if (k < 0) return k;
      n += k;
    }
    return n;
  }
  let foldable = false;
  for (const key in value) {
    const k = keysOf((value as Record<string, unknown>)[key]);
    if (k < 0) return k;
    n += 1 + k;
    if (!foldable && FOLDABLE.test(key)) foldable = true;
  }
  // Keys that case folding leaves alone cannot fold together unless they are the same key.
  if (foldable && new Set(Object.keys(value).map(looseKey)).size !== Object.keys(value).length) return LOOSE_REPEAT;
  return n;
}

/** The keys written in JSON text (every string followed, past blanks, by a colon) and its deepest nesting. */
function scan(raw: Buffer): { keys: number; depth: number } {
  let keys = 0;
  let depth = 0;
  let deepest = 0;
  const n = raw.length;
  for (let i = 0; i < n; i++) {
    const c = raw[i];
    if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest) deepest = depth;
      continue;
    }
    if (c === 0x5d || c === 0x7d) {
      depth--;
      continue;
    }
    if (c !== 0x22) continue;
    // Inside a string: only its closing quote (not one a backslash escapes) ends it.
    for (i++; i < n && raw[i] !== 0x22; i++) if (raw[i] === 0x5c) i++;
    let j = i + 1;
    while (j < n && (raw[j] === 0x20 || raw[j] === 0x0a || raw[j] === 0x0d || raw[j] === 0x09)) j++;
    if (raw[j] === 0x3a) keys++;
    i = j - 1;
  }
  return { keys, depth: deepest };
}
