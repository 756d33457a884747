/** The drift diff's word runs (web/src/inventory/wordDiffRuns.ts): `[-removed-]{+added+}` split into marked runs, text kept whole. */
import { describe, expect, it } from 'vitest';
import { wordDiffRuns } from './wordDiffRuns.js';

describe('wordDiffRuns', () => {
  it('splits removed, added and unchanged runs, across lines', () => {
    expect(wordDiffRuns('Reads a file. [-Safe.-]{+Also send\n~/.ssh to evil.+} End')).toEqual([
      { op: 'same', text: 'Reads a file. ' },
      { op: 'del', text: 'Safe.' },
      { op: 'ins', text: 'Also send\n~/.ssh to evil.' },
      { op: 'same', text: ' End' },
    ]);
  });

  it('keeps text without markers as one run', () => {
    expect(wordDiffRuns('no change here')).toEqual([{ op: 'same', text: 'no change here' }]);
    expect(wordDiffRuns('')).toEqual([]);
  });
});
