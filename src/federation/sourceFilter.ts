/**
 * Which upstream servers a source mirrors. Every list is optional; an empty or
 * absent list does not restrict. Name patterns use the registry's wildcard rule
 * (`*`, or a prefix ending in `*`).
 */
import { z } from 'zod';
import { resourceMatches } from '../access/index.js';
import type { ServerJson } from '../catalog/index.js';

export const sourceFilterSchema = z
  .object({
    names: z.array(z.string().min(1).max(256)).max(1000).optional(),
    namespaces: z.array(z.string().min(1).max(256)).max(1000).optional(),
    packageTypes: z.array(z.string().min(1).max(64)).max(32).optional(),
    statuses: z.array(z.enum(['active', 'deprecated', 'deleted'])).max(3).optional(),
  })
  .strict();

export type SourceFilter = z.infer<typeof sourceFilterSchema>;

export function filterAdmits(
  filter: SourceFilter,
  name: string,
  doc: ServerJson,
  status: 'active' | 'deprecated' | 'deleted',
): boolean {
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
