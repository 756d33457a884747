/**
 * Matches server names against a configured list: exact names, or patterns
 * ending in `*` (`io.example/*`, `*` for every server).
 */
export function serverMatcher(patterns: readonly string[]): (server: string) => boolean {
  const exact = new Set(patterns.filter((p) => !p.endsWith('*')));
  const prefixes = patterns.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1));
  return (server) => exact.has(server) || prefixes.some((prefix) => server.startsWith(prefix));
}
