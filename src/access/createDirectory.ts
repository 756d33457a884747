/**
 * The directory over the store: people recorded at sign-in, the groups an
 * administrator defines and the memberships they add, and the Caller a user id
 * acts as. Effective groups are the ones the ID token mapped at the last sign-in
 * plus the added memberships; effective roles are the assigned ones, the mapped
 * ones, and always `user`. Every administrator change writes its access change
 * row in the same transaction. The person a Caller is built from is kept in the
 * request-context cache; every change to a person (sign-in, roles, disabled,
 * memberships, a deleted group) invalidates it once committed, before the call
 * returns.
 */
import { randomBytes } from 'node:crypto';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import {
  deleteAccessGroup,
  deleteGroupMember,
  findAccessGroup,
  findUser,
  findUserBySubject,
  findUsersByEmail,
  findUsersBySubject,
  findVerifiedEmailHolders,
  insertAccessChange,
  insertAccessGroup,
  insertGroupMember,
  insertUser,
  listAccessGroups,
  listAccessRules,
  listClaimGroups,
  listGroupMemberships,
  listUsers,
  nowMicros,
  updateUser,
  type Store,
  type Tx,
  type UserRow,
} from '../store/index.js';
import type { Caller, CallerVia } from './caller.js';
import { ACCESS_RULES_CHANGED } from './createAccessPolicy.js';
import type { Directory, SignIn, UserRecord } from './directory.js';
import { registryPrincipalOf } from './registryPrincipalOf.js';
import { isRole, permissionsOf, ROLES, type Role } from './roles.js';
import { LOCAL_ISSUER, localPeopleEnabled, type LocalPeopleConfig } from './localPeople.js';
import { ALL, contextTags, createRequestContextCache, type RequestContextCache } from './requestContextCache.js';

/** Names an administrator may give a group: they appear in URLs and in access rules. */
export const GROUP_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$';
const GROUP_NAME = new RegExp(GROUP_NAME_PATTERN);

export interface GroupRecord {
  name: string;
  description: string | null;
  /** People an administrator added (members through ID-token claims are not counted). */
  members: number;
  createdAt: number;
  createdBy: string;
}

export interface NewLocalPerson {
  email?: unknown;
  name?: unknown;
  roles?: unknown;
}

const EMAIL = /^[^\s@\u0000-\u001f\u007f]{1,64}@[^\s@\u0000-\u001f\u007f]{1,189}$/;
const PERSON_NAME = /^[^\u0000-\u001f\u007f]{1,100}$/;

export interface UserChange {
  /** Replaces the assigned roles. */
  roles?: Role[];
  disabled?: boolean;
}

/** The directory with the administration the API and the CLI use. */
export interface DirectoryAdmin extends Directory {
  listUsers(page: { limit: number; after?: string | undefined }): Promise<UserRecord[]>;
  /**
   * A user id, an IdP subject, or an email exactly one person holds verified.
   * An email only claimed (unverified) names nobody: anyone can claim one.
   */
  resolveUser(reference: string): Promise<UserRecord>;
  updateUser(id: string, change: UserChange, actor: string): Promise<UserRecord>;
  /** Whether local people may be added and act (config `localPeople`). */
  readonly localPeople: boolean;
  /** Adds a local person (ConflictError when their email is taken, ForbiddenError when local people are off). */
  addLocalPerson(person: NewLocalPerson, actor: string): Promise<UserRecord>;
  listGroups(): Promise<GroupRecord[]>;
  /** Groups seen in people's ID tokens that are not defined groups. */
  claimOnlyGroups(): Promise<string[]>;
  createGroup(group: { name: string; description?: string | undefined }, actor: string): Promise<GroupRecord>;
  deleteGroup(name: string, actor: string): Promise<void>;
  addMember(group: string, userId: string, actor: string): Promise<void>;
  removeMember(group: string, userId: string, actor: string): Promise<void>;
}

const parseList = (json: string): string[] => {
  const value = JSON.parse(json) as unknown;
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
};
const parseRoles = (json: string): Role[] => parseList(json).filter(isRole);
const uniq = <T>(items: Iterable<T>): T[] => [...new Set(items)];

function userId(): string {
  return `usr_${randomBytes(16).toString('base64url')}`;
}

function recordOf(row: UserRow, added: readonly string[]): UserRecord {
  const assignedRoles = parseRoles(row.roles);
  const claimRoles = parseRoles(row.claim_roles);
  const roleSet = new Set<Role>([...assignedRoles, ...claimRoles, 'user']);
  return {
    id: row.id,
    issuer: row.issuer,
    subject: row.subject,
    email: row.email,
    emailVerified: row.email_verified === 1,
    name: row.name,
    groups: uniq([...parseList(row.claim_groups), ...added]).sort(),
    // In the order of ROLES, so lists read the same everywhere.
    roles: ROLES.filter((r) => roleSet.has(r)),
    assignedRoles: ROLES.filter((r) => assignedRoles.includes(r)),
    disabled: row.disabled !== 0,
    local: row.issuer === LOCAL_ISSUER,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  };
}

/** The settings the directory reads. */
export type DirectorySettings = { adminUsers: string[] } & LocalPeopleConfig;

export function createDirectory({
  store,
  config,
  contextCache = createRequestContextCache({ store }),
}: {
  store: Store;
  /** Built from the configuration by the composition. */
  config: DirectorySettings;
  /** Shared with the token and gateway layers, whose cached callers depend on people. */
  contextCache?: RequestContextCache;
}): DirectoryAdmin {
  const db = store.db;
  const changed = (userId: string) => contextCache.invalidate([contextTags.user(userId)]);
  // IdP subjects are case-sensitive; emails are not.
  const adminSubjects = new Set(config.adminUsers);
  const adminEmails = new Set(config.adminUsers.map((a) => a.toLowerCase()));

  /**
   * Whether the email of a sign-in is the person's own: the IdP verified it and
   * nobody else in the directory holds it verified. Anything keyed on an email
   * (bootstrap admins, email claim mappings) trusts it only then, so an
   * unverified claim or a second account with the same address gains nothing.
   * Serialised per address, so two first sign-ins cannot both take it.
   */
  async function ownsEmail(tx: Tx, signIn: SignIn, personId: string | undefined): Promise<boolean> {
    if (signIn.email === undefined || signIn.emailVerified !== true) return false;
    await store.lockName(tx, `verified-email\n${signIn.email.toLowerCase()}`);
    const holders = await findVerifiedEmailHolders({ tx, email: signIn.email });
    return holders.every((id) => id === personId);
  }

  const localPeople = localPeopleEnabled(config);

  async function withGroups(tx: Tx, rows: UserRow[]): Promise<UserRecord[]> {
    const memberships = await listGroupMemberships({ tx, userIds: rows.map((r) => r.id) });
    return rows.map((r) => recordOf(r, memberships.get(r.id) ?? []));
  }

  async function mustFindUser(tx: Tx, id: string): Promise<UserRow> {
    const row = await findUser({ tx, id });
    if (!row) throw new NotFoundError('ACCESS_USER_NOT_FOUND', `No person with id '${id}' (ids look like usr_…; GET /api/admin/users lists them)`);
    return row;
  }

  async function mustFindGroup(tx: Tx, name: string) {
    const group = await findAccessGroup({ tx, name });
    if (!group) throw new NotFoundError('ACCESS_GROUP_NOT_FOUND', `No group named '${name}' (GET /api/admin/groups lists them)`);
    return group;
  }

  async function findUserRecord(id: string): Promise<UserRecord | undefined> {
    const row = await findUser({ tx: db, id });
    return row ? (await withGroups(db, [row]))[0] : undefined;
  }

  async function groupRecord(name: string): Promise<GroupRecord> {
    const found = (await listAccessGroups({ tx: db })).find((g) => g.name === name);
    if (!found) throw new NotFoundError('ACCESS_GROUP_NOT_FOUND', `No group named '${name}'`);
    return { name: found.name, description: found.description, members: found.members, createdAt: found.created_at, createdBy: found.created_by };
  }

  async function claimGroups(): Promise<Set<string>> {
    const out = new Set<string>();
    for (const json of await listClaimGroups({ tx: db })) for (const g of parseList(json)) out.add(g);
    return out;
  }

  return {
    async recordSignIn(signIn: SignIn) {
      const at = nowMicros();
      const id = await db.transaction().execute(async (tx) => {
        const existing = await findUserBySubject({ tx, issuer: signIn.issuer, subject: signIn.subject });
        if (existing?.disabled) {
          throw new ForbiddenError('ACCESS_USER_DISABLED', 'Your Toolshed account is disabled; ask a Toolshed administrator to enable it');
        }
        const owned = await ownsEmail(tx, signIn, existing?.id);
        const claimGroups = JSON.stringify(uniq([...signIn.claimGroups, ...(owned ? (signIn.emailClaimGroups ?? []) : [])]).sort());
        const mappedRoles = [...signIn.claimRoles, ...(owned ? (signIn.emailClaimRoles ?? []) : [])];
        const claimRoles = JSON.stringify(ROLES.filter((r) => mappedRoles.includes(r)));
        const seen = { email: signIn.email ?? null, email_verified: owned ? 1 : 0, name: signIn.name ?? null, claim_groups: claimGroups, claim_roles: claimRoles, last_login_at: at };
        if (existing) {
          await updateUser({ tx, id: existing.id, set: seen });
          return existing.id;
        }
        const isAdmin = adminSubjects.has(signIn.subject) || (owned && adminEmails.has(signIn.email!.toLowerCase()));
        const roles: Role[] = isAdmin ? ['admin'] : [];
        const newId = userId();
        const inserted = await insertUser({
          tx,
          row: { id: newId, issuer: signIn.issuer, subject: signIn.subject, ...seen, roles: JSON.stringify(roles), disabled: 0, created_at: at },
        });
        if (!inserted) {
          throw new ConflictError('ACCESS_SIGN_IN_RACE', 'This person signed in twice at the same moment; sign in again');
        }
        if (isAdmin) {
          await insertAccessChange({
            tx,
            change: { at, actor: 'config:adminUsers', action: 'update', targetKind: 'user', target: newId, newValue: { roles } },
          });
        }
        return newId;
      });
      // Groups and roles mapped from the ID token may have changed.
      await changed(id);
      return (await findUserRecord(id))!;
    },

    findUser: findUserRecord,

    async callerForUser(id: string, via: CallerVia, extra: { tokenId?: string; sessionId?: string } = {}): Promise<Caller | undefined> {
      const user = await contextCache.through(
        `user:${id}`,
        () => findUserRecord(id),
        () => [contextTags.user(id)],
      );
      if (!user || user.disabled || (user.local && !localPeople)) return undefined;
      const permissions = permissionsOf(user.roles);
      return {
        id: user.id,
        label: user.email ?? user.name ?? user.id,
        via,
        groups: user.groups,
        roles: user.roles,
        permissions,
        // The registry audit log names the actor: an email only when it is this person's own.
        registry: registryPrincipalOf(user.emailVerified && user.email ? user.email : user.id, permissions),
        ...(extra.tokenId !== undefined ? { tokenId: extra.tokenId } : {}),
        ...(extra.sessionId !== undefined ? { sessionId: extra.sessionId } : {}),
      };
    },

    async knownGroups() {
      const out = await claimGroups();
      for (const g of await listAccessGroups({ tx: db })) out.add(g.name);
      return out;
    },

    async listUsers({ limit, after }) {
      return withGroups(db, await listUsers({ tx: db, limit, afterId: after }));
    },

    async resolveUser(reference) {
      if (reference.startsWith('usr_')) {
        const found = await findUserRecord(reference);
        if (found) return found;
      }
      const bySubject = (await findUsersBySubject({ tx: db, subject: reference })).map((u) => u.id);
      const byEmail = reference.includes('@') ? await findVerifiedEmailHolders({ tx: db, email: reference }) : [];
      const ids = uniq([...bySubject, ...byEmail]);
      if (ids.length === 1) return (await findUserRecord(ids[0]!))!;
      if (ids.length > 1) {
        throw new ConflictError('ACCESS_USER_AMBIGUOUS', `${ids.length} people match '${reference}' (as subject or verified email); name one by id (${ids.join(', ')})`);
      }
      const claimed = reference.includes('@') ? await findUsersByEmail({ tx: db, email: reference }) : [];
      if (claimed.length) {
        const who = claimed.map((u) => `${u.id} (subject ${u.subject})`).join(', ');
        throw new ConflictError(
          'ACCESS_USER_EMAIL_UNVERIFIED',
          `The email '${reference}' is claimed by ${who}, but nobody holds it verified by their identity provider, so it may not be theirs: check who it is, then name the person by id or subject`,
        );
      }
      throw new NotFoundError(
        'ACCESS_USER_NOT_FOUND',
        `Nobody with id, subject or email '${reference}' has signed in yet (people appear after their first sign-in${localPeople ? ', or when an administrator adds them as local people: toolshed users add' : ''})`,
      );
    },

    async updateUser(id, change, actor) {
      const unknown = (change.roles ?? []).filter((r) => !isRole(r));
      if (unknown.length) {
        throw new ValidationError('ACCESS_UNKNOWN_ROLE', `Unknown role ${unknown.map((r) => `'${r}'`).join(', ')}: roles are ${ROLES.join(', ')}`);
      }
      await db.transaction().execute(async (tx) => {
        const row = await mustFindUser(tx, id);
        const old = { roles: parseRoles(row.roles), disabled: row.disabled !== 0 };
        const next = {
          roles: change.roles ? ROLES.filter((r) => change.roles!.includes(r)) : old.roles,
          disabled: change.disabled ?? old.disabled,
        };
        await updateUser({ tx, id, set: { roles: JSON.stringify(next.roles), disabled: next.disabled ? 1 : 0 } });
        await insertAccessChange({ tx, change: { at: nowMicros(), actor, action: 'update', targetKind: 'user', target: id, oldValue: old, newValue: next } });
      });
      await changed(id);
      return (await findUserRecord(id))!;
    },

    localPeople,

    async addLocalPerson(person, actor) {
      if (!localPeople) {
        throw new ForbiddenError(
          'ACCESS_LOCAL_PEOPLE_OFF',
          'Local people are off because company sign-in is configured: people sign in with the identity provider. Set TOOLSHED_LOCAL_PEOPLE=true to allow them (for break-glass access)',
        );
      }
      const problems: Array<{ message: string; location: string }> = [];
      const email = typeof person.email === 'string' ? person.email.trim().toLowerCase() : '';
      if (!EMAIL.test(email)) problems.push({ message: 'an email address such as alice@example.com', location: 'body.email' });
      const name = typeof person.name === 'string' ? person.name.trim() : undefined;
      if (person.name !== undefined && (name === undefined || !PERSON_NAME.test(name))) problems.push({ message: '1-100 characters without control characters', location: 'body.name' });
      const roles = person.roles ?? [];
      if (!Array.isArray(roles) || !roles.every((r) => typeof r === 'string' && isRole(r))) problems.push({ message: `a list of roles among ${ROLES.join(', ')}`, location: 'body.roles' });
      if (problems.length) throw new ValidationError('ACCESS_BAD_PERSON', `Cannot add this person: ${problems.map((p) => `${p.location.slice(5)} must be ${p.message}`).join('; ')}`, problems);
      const assigned = ROLES.filter((r) => (roles as string[]).includes(r));
      const at = nowMicros();
      const id = userId();
      await db.transaction().execute(async (tx) => {
        // The same lock a first sign-in takes for this address: a concurrent sign-in cannot also claim it.
        await store.lockName(tx, `verified-email\n${email}`);
        const taken = await findUsersByEmail({ tx, email });
        if (taken.length) throw new ConflictError('ACCESS_USER_EXISTS', `A person with the email ${email} already exists (${taken.map((u) => u.id).join(', ')})`);
        const row = {
          id,
          issuer: LOCAL_ISSUER,
          subject: email,
          email,
          // An administrator vouches for a local person's address: it is theirs.
          email_verified: 1,
          name: name ?? null,
          claim_groups: '[]',
          claim_roles: '[]',
          roles: JSON.stringify(assigned),
          disabled: 0,
          created_at: at,
          last_login_at: null,
        };
        if (!(await insertUser({ tx, row }))) throw new ConflictError('ACCESS_USER_EXISTS', `A person with the email ${email} already exists`);
        await insertAccessChange({ tx, change: { at, actor, action: 'create', targetKind: 'user', target: id, newValue: { local: true, email, name: row.name, roles: assigned } } });
      });
      return (await findUserRecord(id))!;
    },

    async listGroups() {
      return (await listAccessGroups({ tx: db })).map((g) => ({
        name: g.name,
        description: g.description,
        members: g.members,
        createdAt: g.created_at,
        createdBy: g.created_by,
      }));
    },

    async claimOnlyGroups() {
      const defined = new Set((await listAccessGroups({ tx: db })).map((g) => g.name));
      return [...(await claimGroups())].filter((g) => !defined.has(g)).sort();
    },

    async createGroup({ name, description }, actor) {
      if (!GROUP_NAME.test(name)) {
        throw new ValidationError('ACCESS_BAD_GROUP_NAME', `Invalid group name '${name}': use 1-100 letters, digits and . _ : @ - (starting with a letter or digit)`);
      }
      const at = nowMicros();
      await db.transaction().execute(async (tx) => {
        const row = { name, description: description ?? null, created_at: at, created_by: actor };
        if (!(await insertAccessGroup({ tx, row }))) throw new ConflictError('ACCESS_GROUP_EXISTS', `A group named '${name}' already exists`);
        await insertAccessChange({ tx, change: { at, actor, action: 'create', targetKind: 'group', target: name, newValue: { description: row.description } } });
      });
      return groupRecord(name);
    },

    async deleteGroup(name, actor) {
      await db.transaction().execute(async (tx) => {
        const group = await mustFindGroup(tx, name);
        // Serialised with rule writes (they check that a rule's group exists): a group rules name stays.
        await store.lockName(tx, ACCESS_RULES_CHANGED);
        const naming = (await listAccessRules({ tx })).filter((row) => (JSON.parse(row.rule) as { subject: { group?: string } }).subject.group === name).map((row) => row.id);
        if (naming.length) {
          throw new ConflictError(
            'ACCESS_GROUP_IN_USE',
            `The group '${name}' is named by the access rule${naming.length === 1 ? '' : 's'} ${naming.map((id) => `'${id}'`).join(', ')}: change or remove ${naming.length === 1 ? 'it' : 'them'} first`,
          );
        }
        await deleteAccessGroup({ tx, name });
        await insertAccessChange({ tx, change: { at: nowMicros(), actor, action: 'delete', targetKind: 'group', target: name, oldValue: { description: group.description } } });
      });
      // Its members lost it: rare enough to drop every cached caller.
      await contextCache.invalidate([ALL]);
    },

    async addMember(group, id, actor) {
      const at = nowMicros();
      await db.transaction().execute(async (tx) => {
        await mustFindGroup(tx, group);
        await mustFindUser(tx, id);
        if (await insertGroupMember({ tx, row: { group_name: group, user_id: id, added_at: at, added_by: actor } })) {
          await insertAccessChange({ tx, change: { at, actor, action: 'add', targetKind: 'member', target: group, newValue: { userId: id } } });
        }
      });
      await changed(id);
    },

    async removeMember(group, id, actor) {
      await db.transaction().execute(async (tx) => {
        await mustFindGroup(tx, group);
        if (!(await deleteGroupMember({ tx, groupName: group, userId: id }))) {
          throw new NotFoundError('ACCESS_MEMBER_NOT_FOUND', `'${id}' is not a member of '${group}' (members through ID-token claims change at the IdP)`);
        }
        await insertAccessChange({ tx, change: { at: nowMicros(), actor, action: 'remove', targetKind: 'member', target: group, oldValue: { userId: id } } });
      });
      await changed(id);
    },
  };
}
