/** Bidi control characters shown as visible code points (web/src/ui/revealBidiControls.ts). */
import { describe, expect, it } from 'vitest';
import { revealBidiControls } from './revealBidiControls.js';

describe('revealBidiControls', () => {
  it('writes out every embedding, override and isolate control', () => {
    expect(revealBidiControls('Invoice \u202Egnp.exe')).toBe('Invoice [U+202E]gnp.exe');
    expect(revealBidiControls('\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069')).toBe('[U+202A][U+202B][U+202C][U+202D][U+2066][U+2067][U+2068][U+2069]');
  });

  it('leaves right-to-left text itself alone', () => {
    expect(revealBidiControls('خادم الطقس weather')).toBe('خادم الطقس weather');
    expect(revealBidiControls('plain')).toBe('plain');
  });
});
