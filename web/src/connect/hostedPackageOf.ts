/**
 * Which `packages[]` entry of a server Toolshed runs when it hosts the server: the
 * first of a hostable registry type (npm, PyPI, MCPB, OCI) that speaks stdio, as the
 * gateway picks it (src/hosting/hostablePackage.ts). The server page marks that one
 * "hosted by Toolshed" instead of telling a person how to run it. Pure; unit-tested
 * beside this file.
 */
import type { Package, ServerJson } from '../api/catalogTypes.js';

const HOSTABLE_REGISTRY_TYPES = ['npm', 'pypi', 'mcpb', 'oci'];

export function hostedPackageOf(server: ServerJson): Package | undefined {
  return (server.packages ?? []).find((p) => HOSTABLE_REGISTRY_TYPES.includes(p.registryType) && p.transport?.type === 'stdio' && typeof p.identifier === 'string');
}
