/**
 * Every character a reader cannot see but a model reads, written out as `[U+XXXX]`: the
 * bidi controls revealBidiControls already shows, plus format characters (zero-width
 * marks, tag characters, the soft hyphen), variation selectors, fillers and the Braille
 * blank. Tool definitions are where hidden text is an attack (tool poisoning), so they
 * are shown through this; the same set as the inventory's scan (showInvisible). Pure;
 * unit-tested beside this file.
 */
import { revealBidiControls } from './revealBidiControls.js';

const INVISIBLE = /[\p{Cf}\u034F\u115F\u1160\u3164\uFFA0\u2800\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu;

export function revealInvisible(text: string): string {
  return revealBidiControls(text).replace(INVISIBLE, (c) => `[U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}]`);
}
