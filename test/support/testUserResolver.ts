/**
 * A test-only credential resolver (also used by the benchmarks): `Authorization:
 * Bearer test-user:<id>:<group,group>[:<role>]` is a signed-in person with those
 * groups and the role `user` (or the named one). Tests and benches pass it to
 * createToolshed's `extraResolvers`; configuration can never turn it on.
 */
import type { Caller, CredentialResolver } from '../../src/access/caller.js';
import { isRole, permissionsOf, type Role } from '../../src/access/roles.js';

export const testUserResolver: CredentialResolver = async (request) => {
  const header = request.headers.authorization;
  const authorization = (Array.isArray(header) ? header[0] : header) ?? '';
  const match = /^bearer test-user:([^:]+):([^:]*)(?::([a-z]+))?$/i.exec(authorization.trim());
  if (!match) return undefined;
  const role = match[3] ?? 'user';
  if (!isRole(role)) return undefined;
  const roles: Role[] = [role];
  return {
    id: match[1]!,
    label: match[1]!,
    via: 'personal-token',
    groups: match[2] ? match[2].split(',') : [],
    roles,
    permissions: permissionsOf(roles),
    registry: { subject: match[1]!, method: 'none', permissions: [] },
  } satisfies Caller;
};

/** The Authorization header of a test user. */
export function asUser(id: string, groups: string[] = [], role?: Role): { authorization: string } {
  return { authorization: `Bearer test-user:${id}:${groups.join(',')}${role ? `:${role}` : ''}` };
}
