/**
 * Bidirectional control characters (embeddings, overrides and isolates, U+202A–U+202E
 * and U+2066–U+2069) written out as `[U+202E]`, so text from a document or a caller
 * cannot reorder what a reader sees: "gnp.exe" behind a right-to-left override would
 * otherwise be drawn as "exe.png". Pure; unit-tested beside this file.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

export function revealBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase()}]`);
}
