/**
 * Finds a server's latest version for the gateway through the catalog's
 * response cache (invalidated across replicas), and remembers each server's
 * federation source so the relay's policy can hand it to access rules. The
 * parsed document is kept with the cached response body it came from, so it is
 * parsed once per version of the response and dropped with it.
 */
import { APPROVED_AND_BLOCKED, type Catalog, PROVENANCE_META_KEY } from '../catalog/index.js';
import { NotFoundError } from '../errors.js';
import type { CatalogServer, FindCatalogServer } from './catalogServer.js';

export function catalogServerFinder(catalog: Pick<Catalog, 'get'>): { findServer: FindCatalogServer; sourceOf(server: string): string | undefined } {
  const sources = new Map<string, string>();
  // The catalog's response cache hands out the same Buffer until a write replaces it.
  const parsed = new WeakMap<Buffer, CatalogServer>();
  const findServer: FindCatalogServer = async (name) => {
    let body: Buffer;
    try {
      // Blocked servers too: the relay refuses them with its own answer; people's discovery filters them out (createToolshed).
      body = (await catalog.get(name, 'latest', false, undefined, APPROVED_AND_BLOCKED)).body;
    } catch (err) {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }
    const known = parsed.get(body);
    if (known) return known;
    const response = JSON.parse(body.toString()) as CatalogServer['response'];
    const provenance = response._meta?.[PROVENANCE_META_KEY] as { origin?: string; source?: string } | undefined;
    const source = provenance?.origin === 'mirror' && typeof provenance.source === 'string' ? provenance.source : '';
    sources.set(name, source);
    const server: CatalogServer = { name, doc: response.server as CatalogServer['doc'], response, source };
    parsed.set(body, server);
    return server;
  };
  return { findServer, sourceOf: (server) => sources.get(server) };
}
