/**
 * The namespace denylist, checked when a token is issued (as upstream): a grant is
 * refused if any of its patterns would cover a blocked namespace or one of its
 * subdomains. Grants containing `*` (administrators) are never blocked.
 */
import { resourceMatches } from '../registryPermissions.js';
import type { RegistryGrant } from '../registryTokens.js';

export function blockedNamespaceIn(grant: RegistryGrant, blocked: string[]): string | undefined {
  if (grant.permissions.some((p) => p.resource === '*')) return undefined;
  return blocked.find((ns) => grant.permissions.some((p) => resourceMatches(p.resource, `${ns}/test`) || resourceMatches(p.resource, `${ns}.test/x`)));
}
