/**
 * Whether a source's filter (src/schemas/sourceFilterSchema.ts) admits an upstream server.
 */
import { resourceMatches } from '../access/index.js';
import type { ServerJson } from '../catalog/index.js';
import type { SourceFilter } from '../schemas/sourceFilterSchema.js';

export { sourceFilterSchema, type SourceFilter } from '../schemas/sourceFilterSchema.js';

export function filterAdmits(filter: SourceFilter, name: string, doc: ServerJson, status: 'active' | 'deprecated' | 'deleted'): boolean {
  if (filter.names?.length && !filter.names.some((p) => resourceMatches(p, name))) return false;
  if (filter.namespaces?.length) {
    const namespace = name.slice(0, name.indexOf('/'));
    if (!filter.namespaces.some((ns) => namespace === ns || namespace.startsWith(`${ns}.`))) return false;
  }
  if (filter.packageTypes?.length) {
    const types = (Array.isArray(doc.packages) ? doc.packages : []).map((p) => p.registryType);
    if (!types.some((t) => filter.packageTypes!.includes(String(t)))) return false;
  }
  // Deleted versions always pass, so an upstream takedown reaches the mirror.
  if (filter.statuses?.length && status !== 'deleted' && !filter.statuses.includes(status)) return false;
  return true;
}
