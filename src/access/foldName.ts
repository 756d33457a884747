/**
 * A name as a deny rule compares it: NFKC-normalised and case-folded, so a deny
 * of `secret_admin_tool` also catches `SECRET_ADMIN_TOOL` and its fullwidth
 * spelling, which an upstream matching names loosely would run as the same
 * tool. Allows compare exactly: a loose allow would grant what was not named.
 *
 * The folding is wide on purpose (a deny that catches too much costs nothing):
 * default-ignorable characters (zero-width spaces and joiners, soft hyphens)
 * go, as in Unicode's NFKC_Casefold; İ is i, as per-letter lowercasing (Java,
 * Go, .NET) makes it; lower, upper, lower joins what any of them joins
 * (ı and I, ſ and s, ẞ and ß and ss).
 */
/** Nothing to fold: no ASCII capital and nothing outside ASCII. */
const FOLDED = /^[\x00-\x40\x5b-\x7f]*$/;
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

export function foldName(name: string): string {
  if (FOLDED.test(name)) return name;
  // NFKC again at the end, as case mapping can undo it.
  return name
    .normalize('NFKC')
    .replace(IGNORABLE, '')
    .replace(/\u0130/g, 'I')
    .toLowerCase()
    .toUpperCase()
    .toLowerCase()
    .normalize('NFKC');
}
