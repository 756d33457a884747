/** Invisible characters in tool definitions shown as visible code points (web/src/ui/revealInvisible.ts). */
import { describe, expect, it } from 'vitest';
import { revealInvisible } from './revealInvisible.js';

describe('revealInvisible', () => {
  it('writes out bidi controls, zero-width marks, tag characters and variation selectors', () => {
    expect(revealInvisible('read\u200Bfile')).toBe('read[U+200B]file');
    expect(revealInvisible('Invoice \u202Egnp.exe')).toBe('Invoice [U+202E]gnp.exe');
    expect(revealInvisible('a\u{E0041}b')).toBe('a[U+E0041]b');
    expect(revealInvisible('x\uFE0F\u00AD')).toBe('x[U+FE0F][U+00AD]');
  });

  it('leaves visible text, right-to-left text and newlines alone', () => {
    expect(revealInvisible('خادم الطقس weather\nline two')).toBe('خادم الطقس weather\nline two');
  });
});
