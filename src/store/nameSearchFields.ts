/**
 * What ranked search indexes of a server name, as three texts weighted apart:
 *
 * - `words`: the last segment's words (`mcp_weather-server` → mcp weather server),
 *   camelCase humps included (`GitHubTools` → also git hub tools);
 * - `parts`: every tail of those words (of five letters or more) from the second
 *   letter on, at least three letters long, so a word that ends a compound finds
 *   it (`sql` → mysql, mssql; `weather` → openweather) through the same full-text
 *   index, matched whole, with no per-row substring scan;
 * - `owner`: the namespace without what nearly every name shares: the top-level
 *   label (`com.`, `io.`) and the official GitHub-proof prefix `io.github.`, so
 *   "github" does not match every `io.github.*` server.
 *
 * Names never change, so these are computed once, when a row is inserted.
 */
export interface NameSearchFields {
  words: string;
  parts: string;
  owner: string;
}

const MIN_PART = 3;
/** Shorter words have few parts worth finding (`chat` → hat), and each adds noise. */
const MIN_COMPOUND = 5;

function wordsOf(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+/gu) ?? [];
}

function humpsOf(word: string): string[] {
  const split = word.replace(/(\p{Ll}|\p{N})(\p{Lu})/gu, '$1 $2').replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2');
  return split === word ? [] : split.split(' ');
}

export function nameSearchFields(name: string): NameSearchFields {
  const slash = name.indexOf('/');
  const namespace = slash < 0 ? '' : name.slice(0, slash);
  const tail = name.slice(slash + 1);
  const words = wordsOf(tail).flatMap((w) => [w, ...humpsOf(w)]);
  const parts = new Set<string>();
  for (const word of words) {
    const letters = Array.from(word.toLowerCase());
    if (letters.length < MIN_COMPOUND) continue;
    for (let i = 1; letters.length - i >= MIN_PART; i++) parts.add(letters.slice(i).join(''));
  }
  const owner = /^io\.github\./i.test(namespace) ? namespace.slice('io.github.'.length) : namespace.slice(namespace.indexOf('.') + 1);
  return { words: words.join(' '), parts: [...parts].join(' '), owner: wordsOf(owner).join(' ') };
}
