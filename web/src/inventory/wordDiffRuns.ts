/** The drift diff's text fields come as `git diff --word-diff` text; the UI marks the runs up. Pure; unit-tested beside this file. */

/** A `git diff --word-diff` style text (`[-removed-]{+added+}`) as marked-up runs. */
export function wordDiffRuns(diff: string): Array<{ op: 'same' | 'del' | 'ins'; text: string }> {
  const runs: Array<{ op: 'same' | 'del' | 'ins'; text: string }> = [];
  let last = 0;
  for (const m of diff.matchAll(/\[-([\s\S]*?)-\]|\{\+([\s\S]*?)\+\}/g)) {
    if (m.index > last) runs.push({ op: 'same', text: diff.slice(last, m.index) });
    runs.push(m[1] !== undefined ? { op: 'del', text: m[1] } : { op: 'ins', text: m[2] ?? '' });
    last = m.index + m[0].length;
  }
  if (last < diff.length) runs.push({ op: 'same', text: diff.slice(last) });
  return runs;
}
