/**
 * A name as a deny rule compares it: NFKC-normalised and case-folded, so a deny
 * of `secret_admin_tool` also catches `SECRET_ADMIN_TOOL` and its fullwidth
 * spelling, which an upstream matching names loosely would run as the same
 * tool. Allows compare exactly: a loose allow would grant what was not named.
 */
/** Nothing to fold: no ASCII capital and nothing outside ASCII. */
const FOLDED = /^[\x00-\x40\x5b-\x7f]*$/;

export function foldName(name: string): string {
  if (FOLDED.test(name)) return name;
  // Upper then lower folds what lowercasing alone does not (ß and SS); NFKC again, as case mapping can undo it.
  return name.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
}
