/**
 * The `packages[]` entry of a server.json Toolshed would host: the first one of
 * a hostable registry type (npm, PyPI, MCPB, OCI) that speaks stdio. Servers
 * with a remote are relayed to it instead; this is only asked when there is none.
 */
import type { Package } from '../catalog/index.js';
import { HOSTABLE_REGISTRY_TYPES } from './hostingTypes.js';

export function hostablePackage(doc: object): Package | undefined {
  const packages = (doc as { packages?: unknown }).packages;
  if (!Array.isArray(packages)) return undefined;
  return (packages as Package[]).find(
    (p) => p !== null && typeof p === 'object' && (HOSTABLE_REGISTRY_TYPES as readonly string[]).includes(p.registryType) && p.transport?.type === 'stdio' && typeof p.identifier === 'string',
  );
}
