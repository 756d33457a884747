/**
 * docs/security.md states each security promise beside the test that holds it
 * (`file` › "test name"). This keeps the citations true: every cited file
 * exists and holds a test of that name, so renaming or deleting a test that a
 * promise rests on fails here instead of leaving a promise without its proof.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const CITATION = /`((?:test|src|web)\/[^`]+\.test\.tsx?)`\s*›/g;
// A quoted name follows `›`, a comma, `and` or `(`, and ends before punctuation, so names may quote text themselves.
const QUOTED = /(?:›\s*|,\s*|and\s+|\(\s*|^\s*)"(.+?)"(?=\s*(?:,|\.(?:\s|$)|and\s|;|\)|\(|$))/gs;
const collapse = (text: string) => text.replace(/\s+/g, ' ');

/** Every (file, test name) docs/security.md cites. */
function securityCitations(doc: string): Array<{ file: string; name: string }> {
  const cites = [...doc.matchAll(CITATION)];
  return cites.flatMap((cite, i) => {
    const start = cite.index + cite[0].length;
    // A citation's names run to the next citation, bullet or paragraph.
    const ends = [cites[i + 1]?.index ?? doc.length, doc.indexOf('\n- ', start), doc.indexOf('\n\n', start)].filter((n) => n >= 0);
    const segment = doc.slice(start, Math.min(...ends));
    return [...segment.matchAll(QUOTED)].map((q) => ({ file: cite[1]!, name: collapse(q[1]!) }));
  });
}

describe('docs/security.md', () => {
  it('cites only tests that exist, by file and name', () => {
    const citations = securityCitations(readFileSync('docs/security.md', 'utf8'));
    expect(citations.length).toBeGreaterThan(50);
    const missing = citations.filter(({ file, name }) => {
      if (!existsSync(file)) return true;
      return !collapse(readFileSync(file, 'utf8').replace(/\\'/g, "'")).includes(name);
    });
    expect(missing).toEqual([]);
  });

  it('reads names that quote text, and several names after one file', () => {
    const doc = 'Test: `test/a.test.ts` › "shows "x" as text" and › "keeps it", "also this" (a note).\n\n- next `test/b.test.ts` › "one".';
    expect(securityCitations(doc)).toEqual([
      { file: 'test/a.test.ts', name: 'shows "x" as text' },
      { file: 'test/a.test.ts', name: 'keeps it' },
      { file: 'test/a.test.ts', name: 'also this' },
      { file: 'test/b.test.ts', name: 'one' },
    ]);
  });
});
