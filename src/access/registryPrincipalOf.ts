/**
 * The registry principal of a person or token: the registry API's own notion of
 * what a caller may publish and edit. Holding `catalog.publish` means publishing
 * and editing under any namespace (namespace proofs are for outside publishers;
 * inside the company, the role is the proof).
 */
import type { RegistryPrincipal } from './registryPermissions.js';
import type { Permission } from './roles.js';

export function registryPrincipalOf(subject: string, permissions: ReadonlySet<Permission>): RegistryPrincipal {
  return {
    subject,
    method: 'toolshed',
    permissions: permissions.has('catalog.publish')
      ? [
          { action: 'publish', resource: '*' },
          { action: 'edit', resource: '*' },
        ]
      : [],
  };
}
