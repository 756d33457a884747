/**
 * The store-backed Directory: people are recorded at sign-in (their IdP issuer
 * and subject identify them; `usr_…` ids are Toolshed's own and never change),
 * and a user id becomes the Caller every plane decides with. Effective roles are
 * the assigned ones, the ones mapped from claims, and always `user`; people named
 * in `adminUsers` (by email or subject) are assigned `admin` when they sign in.
 */
import { randomBytes } from 'node:crypto';
import { ForbiddenError } from '../errors.js';
import { findUser, listKnownGroups, listMemberGroups, upsertUserSignIn, type Db, type Tx } from '../store/index.js';
import type { UsersTable } from '../store/schema.js';
import type { Caller } from './caller.js';
import type { Directory, UserRecord } from './directory.js';
import type { RegistryPrincipal } from './registryPermissions.js';
import { isRole, permissionsOf, ROLES, type Role } from './roles.js';

export interface DirectoryOptions {
  db: Db;
  /** People who are admins from their sign-in: emails (case-insensitive) or IdP subjects. */
  adminUsers?: readonly string[];
  now?: () => number;
}

const roleList = (json: string): Role[] => (JSON.parse(json) as unknown[]).filter(isRole);

/** Roles in the order of ROLES, without duplicates. */
function ordered(roles: Iterable<Role>): Role[] {
  const set = new Set(roles);
  return ROLES.filter((r) => set.has(r));
}

export function createDirectory(options: DirectoryOptions): Directory {
  const { db } = options;
  const now = options.now ?? Date.now;
  const admins = new Set((options.adminUsers ?? []).map((a) => a.toLowerCase()));
  const isConfiguredAdmin = (email: string | null | undefined, subject: string) =>
    admins.has(subject.toLowerCase()) || (email ? admins.has(email.toLowerCase()) : false);

  async function toRecord(tx: Tx, row: UsersTable): Promise<UserRecord> {
    const assignedRoles = ordered(roleList(row.roles));
    const claimGroups = JSON.parse(row.claim_groups) as string[];
    const members = await listMemberGroups({ tx, userId: row.id });
    return {
      id: row.id,
      issuer: row.issuer,
      subject: row.subject,
      email: row.email,
      name: row.name,
      groups: [...new Set([...claimGroups, ...members])].sort(),
      roles: ordered([...assignedRoles, ...roleList(row.claim_roles), 'user']),
      assignedRoles,
      disabled: row.disabled !== 0,
      createdAt: row.created_at,
      lastLoginAt: row.last_login_at,
    };
  }

  return {
    async recordSignIn(signIn) {
      return db.transaction().execute(async (tx) => {
        const existing = await findUser({ tx, issuer: signIn.issuer, subject: signIn.subject });
        if (existing && existing.disabled !== 0) {
          throw new ForbiddenError('AUTH_USER_DISABLED', 'Your Toolshed account is disabled; ask a Toolshed administrator to enable it');
        }
        const at = now();
        const assigned = new Set(existing ? roleList(existing.roles) : []);
        if (isConfiguredAdmin(signIn.email, signIn.subject)) assigned.add('admin');
        const row: UsersTable = {
          id: existing?.id ?? `usr_${randomBytes(16).toString('base64url')}`,
          issuer: signIn.issuer,
          subject: signIn.subject,
          email: signIn.email ?? null,
          name: signIn.name ?? null,
          claim_groups: JSON.stringify([...new Set(signIn.claimGroups)].sort()),
          claim_roles: JSON.stringify(ordered(signIn.claimRoles)),
          roles: JSON.stringify(ordered(assigned)),
          disabled: 0,
          created_at: existing?.created_at ?? at,
          last_login_at: at,
        };
        await upsertUserSignIn({ tx, user: row, exists: existing !== undefined });
        return toRecord(tx, row);
      });
    },

    async findUser(id) {
      const row = await findUser({ tx: db, id });
      return row ? toRecord(db, row) : undefined;
    },

    async callerForUser(id, via, extra = {}) {
      const row = await findUser({ tx: db, id });
      if (!row || row.disabled !== 0) return undefined;
      const user = await toRecord(db, row);
      const permissions = permissionsOf(user.roles);
      const registry: RegistryPrincipal = {
        subject: user.email ?? user.id,
        method: 'toolshed',
        permissions: permissions.has('catalog.publish')
          ? [
              { action: 'publish', resource: '*' },
              { action: 'edit', resource: '*' },
            ]
          : [],
      };
      return {
        id: user.id,
        label: user.email ?? user.name ?? user.id,
        via,
        groups: user.groups,
        roles: user.roles,
        permissions,
        registry,
        ...(extra.tokenId !== undefined ? { tokenId: extra.tokenId } : {}),
        ...(extra.sessionId !== undefined ? { sessionId: extra.sessionId } : {}),
      } satisfies Caller;
    },

    async knownGroups() {
      return listKnownGroups({ tx: db });
    },
  };
}
