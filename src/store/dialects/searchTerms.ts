/**
 * Splits a user's search text into plain word terms. Both full-text engines get
 * only these words (quoted for FTS5, `:*`-suffixed for tsquery), so no input can
 * inject query syntax.
 */
export function searchTerms(query: string): string[] {
  return (query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 16);
}
