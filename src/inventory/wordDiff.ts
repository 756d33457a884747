/**
 * A word-level diff for reading, in `git diff --word-diff` style: `[-removed-]{+added+}`,
 * long unchanged stretches shortened to their ends around ` … `, invisible characters shown
 * as `[U+XXXX]`. The repository has no diff library (jsdiff would do; `diff` is not in
 * node_modules), so this is the minimal Myers O(ND) over word tokens, bounded: the common
 * prefix and suffix are cut first (a rug pull usually edits or appends a paragraph), and
 * when the middle is too long or too different it is shown as one replacement rather than
 * searched further. The output is capped with a marker.
 */
import { showInvisible } from './showInvisible.js';

/** Tokens in the differing middle past which the diff gives up on alignment (per side). */
const MAX_TOKENS = 20_000;
/** Edit distance past which the diff shows the middle as one replacement. */
const MAX_EDITS = 400;
/** Unchanged text longer than this is shortened to its ends. */
const CONTEXT = 40;

export const TEXT_DIFF_CUT_MARKER = ' … [diff cut]';

type Op = { op: 'equal' | 'delete' | 'insert'; text: string };

// Words with their trailing whitespace, so joining tokens gives the text back exactly.
function tokens(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** Myers' shortest edit script between two token lists, or null past `MAX_EDITS`. */
function myers(a: readonly string[], b: readonly string[]): Op[] | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, d, offset);
    }
  }
  return null;
}

function backtrack(trace: Int32Array[], a: readonly string[], b: readonly string[], last: number, offset: number): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = last; d > 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = v[offset + prevK]!;
    const prevY = prevX - prevK;
    for (; x > prevX && y > prevY; x--, y--) ops.push({ op: 'equal', text: a[x - 1]! });
    if (x === prevX) ops.push({ op: 'insert', text: b[--y]! });
    else ops.push({ op: 'delete', text: a[--x]! });
  }
  for (; x > 0 && y > 0; x--, y--) ops.push({ op: 'equal', text: a[x - 1]! });
  return ops.reverse();
}

function merge(ops: readonly Op[]): Op[] {
  const merged: Op[] = [];
  for (const op of ops) {
    const last = merged[merged.length - 1];
    if (last && last.op === op.op) last.text += op.text;
    else if (op.text !== '') merged.push({ ...op });
  }
  return merged;
}

function shorten(text: string, first: boolean, last: boolean): string {
  if (text.length <= 3 * CONTEXT) return text;
  if (first) return `… ${text.slice(-CONTEXT)}`;
  if (last) return `${text.slice(0, CONTEXT)} …`;
  return `${text.slice(0, CONTEXT)} … ${text.slice(-CONTEXT)}`;
}

/** The word diff of two texts, at most `maxChars` long (then cut with `TEXT_DIFF_CUT_MARKER`). */
export function wordDiff(before: string, after: string, maxChars = 4000): string {
  const a = tokens(before);
  const b = tokens(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const middle = (midA.length <= MAX_TOKENS && midB.length <= MAX_TOKENS ? myers(midA, midB) : null) ?? [
    { op: 'delete' as const, text: midA.join('') },
    { op: 'insert' as const, text: midB.join('') },
  ];
  const ops = merge([{ op: 'equal', text: a.slice(0, start).join('') }, ...middle, { op: 'equal', text: a.slice(endA).join('') }]);
  let out = '';
  ops.forEach((op, i) => {
    const text = showInvisible(op.text);
    if (op.op === 'equal') out += shorten(text, i === 0, i === ops.length - 1);
    else if (op.op === 'delete') out += `[-${text}-]`;
    else out += `{+${text}+}`;
  });
  return out.length > maxChars ? out.slice(0, maxChars) + TEXT_DIFF_CUT_MARKER : out;
}
