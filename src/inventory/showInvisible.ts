/**
 * Makes a text's invisible characters readable: every character a person cannot see but a
 * model reads (format characters, zero-width marks, bidi controls, tag characters, variation
 * selectors, fillers) is written as `[U+XXXX]`. The scan's excerpts and the drift diff's
 * text diffs both go through it, so a rug pull that only adds a zero-width space or an
 * ASCII-smuggled tag run still shows in what an administrator reads.
 */

// Cf (format) covers zero-width, bidi, tags, soft hyphen and the rest; the others are
// invisible without being Cf: combining grapheme joiner, variation selectors, Hangul fillers
// and the Braille blank, all used to hide or pad text. One class, no quantifier: linear.
const INVISIBLE = /[\p{Cf}\u034F\u115F\u1160\u3164\uFFA0\u2800\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u;
const INVISIBLE_GLOBAL = new RegExp(INVISIBLE.source, 'gu');

/** Whether one code point (as a string) is invisible in the sense above. */
export function isInvisible(char: string): boolean {
  return INVISIBLE.test(char);
}

/** `U+200B` style name of a code point. */
export function codePointName(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The text with each invisible code point written as `[U+XXXX]`. */
export function showInvisible(text: string): string {
  return text.replace(INVISIBLE_GLOBAL, (char) => `[${codePointName(char.codePointAt(0) ?? 0)}]`);
}
