/**
 * The directory: the people who have signed in, Toolshed groups and their
 * members. The sign-in flow records people through it; credential resolvers turn
 * a user id into a Caller through it; access rules check group names against it.
 */
import type { Caller, CallerVia } from './caller.js';
import type { Role } from './roles.js';

export interface SignIn {
  issuer: string;
  subject: string;
  email?: string | undefined;
  /** The ID token's `email_verified` is `true`: only then can the email be this person's own. */
  emailVerified?: boolean | undefined;
  name?: string | undefined;
  /** Groups and roles mapped from the ID token's claims (config `oidcGroupMappings`). */
  claimGroups: string[];
  claimRoles: Role[];
  /** Groups and roles of the mappings keyed on `email`: applied only when the email is this person's own. */
  emailClaimGroups?: string[] | undefined;
  emailClaimRoles?: Role[] | undefined;
}

export interface UserRecord {
  id: string;
  issuer: string;
  subject: string;
  email: string | null;
  /** The email is this person's own (the IdP marked it verified and nobody else holds it so, or an administrator added the local person). */
  emailVerified: boolean;
  name: string | null;
  /** Effective groups: mapped from claims at the last sign-in, plus memberships an admin added. */
  groups: string[];
  /** Effective roles: assigned, mapped from claims, and always `user`. */
  roles: Role[];
  assignedRoles: Role[];
  disabled: boolean;
  /** Kept by Toolshed (no identity provider): created by an administrator, acting through tokens. */
  local: boolean;
  createdAt: number;
  lastLoginAt: number | null;
}

export interface Directory {
  /** Creates or updates the person behind an ID token; refuses a disabled person (ForbiddenError). */
  recordSignIn(signIn: SignIn): Promise<UserRecord>;
  findUser(id: string): Promise<UserRecord | undefined>;
  /** The Caller a user id acts as, or undefined when the user is unknown or disabled. */
  callerForUser(id: string, via: CallerVia, extra?: { tokenId?: string; sessionId?: string }): Promise<Caller | undefined>;
  /** Every group name access rules may reference: defined groups plus groups seen in sign-ins. */
  knownGroups(): Promise<Set<string>>;
}
