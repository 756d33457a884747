/**
 * The "Did you mean" of the catch-all 404: the `/v0.1` and `/v0` spellings of an
 * unversioned path, offered only where a route answers them, so the hint never sends
 * a reader on to another 404 (`/register` gets no hint; `/health` gets `/v0.1/health`).
 * When the path exists only for another method, the hint names that method.
 */
import type { RouteEntry } from './routeTable.js';

const VERSIONS = ['/v0.1', '/v0'];

function patternOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}

export type RouteSuggester = (method: string, path: string) => string[];

/** Reads the table on first use: the not-found handler is installed before the routes are. */
export function routeSuggester(table: readonly RouteEntry[]): RouteSuggester {
  let routes: { method: string; pattern: RegExp }[] | undefined;
  return (method, path) => {
    routes ??= table.filter((r) => r.method !== 'OPTIONS').map((r) => ({ method: r.method, pattern: patternOf(r.url) }));
    const wanted = method === 'HEAD' ? 'GET' : method;
    const hints: string[] = [];
    for (const version of VERSIONS) {
      const candidate = version + path;
      const matching = routes.filter((r) => r.pattern.test(candidate));
      if (matching.some((r) => r.method === wanted)) hints.push(candidate);
      else if (matching.length) hints.push(`${matching[0]!.method} ${candidate}`);
    }
    return hints;
  };
}
