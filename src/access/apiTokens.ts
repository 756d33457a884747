/**
 * Personal access tokens (a person's, `tsp_…`) and service tokens (an
 * administrator's, for CI and services, `tss_…`). The secret is 32 random bytes,
 * shown once at creation and stored only as its SHA-256; a token is looked up
 * by that hash on every request and its owner's roles are read again each time,
 * so a revocation, an expiry or a removed role applies to the very next request.
 * A token's permissions are its owner's narrowed to its scopes.
 *
 * What a token acts as is kept in the request-context cache (by its hash): a
 * revocation, and every change to its owner (roles, groups, disabled),
 * invalidates it before the writing call returns, here and, through the store's
 * publish/subscribe, on the other replicas; expiry is checked on every request.
 * The last use is written off the request path (throttled, errors logged).
 */
import { randomBytes } from 'node:crypto';
import { AuthError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { findApiToken, findApiTokenByHash, insertAccessChange, insertApiToken, listApiTokens, nowMicros, recordApiTokenUse, revokeApiToken, type ApiTokenRow, type Store } from '../store/index.js';
import type { Caller } from './caller.js';
import type { Directory, UserRecord } from './directory.js';
import { contextTags, createRequestContextCache, type RequestContextCache } from './requestContextCache.js';
import { registryPrincipalOf } from './registryPrincipalOf.js';
import { isRole, permissionsOf, ROLES, type Permission, type Role } from './roles.js';
import { isTokenScope, narrowToScopes, SCOPE_REQUIRES, TOKEN_SCOPES, type TokenScope } from './tokenScopes.js';
import { sha256Hex } from '../sha256Hex.js';

export type TokenKind = 'personal' | 'service';
export const TOKEN_PREFIXES: Record<TokenKind, string> = { personal: 'tsp_', service: 'tss_' };
/** Days a token lives when its creator does not say (capped by config `tokenMaxDays`). */
export const DEFAULT_TOKEN_DAYS = 90;
/** A token's last use is written at most this often (and whenever the address changes). */
export const LAST_USED_WRITE_INTERVAL_MICROS = 60 * 1_000_000;
const DAY_MICROS = 86_400 * 1_000_000;
const NAME = /^[^\u0000-\u001f\u007f]{1,100}$/;

export interface TokenRecord {
  id: string;
  kind: TokenKind;
  name: string;
  /** The first characters of the secret, to recognise it. */
  prefix: string;
  /** The owner of a personal token. */
  userId: string | null;
  /** What a service token acts as (empty for personal tokens, which act as their owner). */
  roles: Role[];
  groups: string[];
  scopes: TokenScope[];
  createdBy: string;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
  revokedBy: string | null;
  lastUsedAt: number | null;
  lastUsedFrom: string | null;
  state: 'active' | 'expired' | 'revoked';
}

export interface NewTokenInput {
  name: string;
  scopes: string[];
  /** Days until it expires; DEFAULT_TOKEN_DAYS (at most `tokenMaxDays`) when absent. */
  expiresInDays?: number | undefined;
}

export interface NewServiceTokenInput extends NewTokenInput {
  roles: string[];
  groups?: string[] | undefined;
}

export interface CreatedToken {
  token: TokenRecord;
  /** Shown once; only its hash is stored. */
  secret: string;
}

export interface ApiTokens {
  /** A personal token for the person `owner` is (refused to callers who are not people). */
  createPersonal(owner: Caller, input: NewTokenInput): Promise<CreatedToken>;
  /**
   * A personal token an administrator (`actor`) makes for a local person, who has no
   * other way to get one; refused for people who sign in with the identity provider.
   */
  createForLocalPerson(userId: string, input: NewTokenInput, actor: string): Promise<CreatedToken>;
  createService(input: NewServiceTokenInput, actor: string): Promise<CreatedToken>;
  /** One person's personal tokens, or every token. Never secrets nor hashes. */
  list(filter?: { userId?: string }): Promise<TokenRecord[]>;
  /** Revokes a token (with `ownerId`, only that person's personal token); revoking twice changes nothing. */
  revoke(id: string, actor: string, ownerId?: string): Promise<TokenRecord>;
  /** The Caller a secret acts as; AuthError when it is unknown, expired, revoked or its owner disabled. */
  authenticate(secret: string, ip: string): Promise<Caller>;
  /** Resolves when the last-use writes already started have finished (shutdown, tests). */
  lastUsesWritten(): Promise<void>;
}

/** What a valid token acts as, as the request-context cache keeps it. */
interface ActiveToken {
  id: string;
  expiresAt: number | null;
  caller: Caller;
  /** Updated here when a use is written, so the throttle needs no read. */
  lastUsedAt: number | null;
  lastUsedFrom: string | null;
}

/** The token kind a bearer value claims to be, from its prefix. */
export function tokenKindOf(secret: string): TokenKind | undefined {
  if (secret.startsWith(TOKEN_PREFIXES.personal)) return 'personal';
  if (secret.startsWith(TOKEN_PREFIXES.service)) return 'service';
  return undefined;
}

const parseList = (json: string): string[] => {
  const value = JSON.parse(json) as unknown;
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
};

export function tokenRecordOf(row: ApiTokenRow, now = nowMicros()): TokenRecord {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    prefix: row.prefix,
    userId: row.user_id,
    roles: parseList(row.service_roles).filter(isRole),
    groups: parseList(row.service_groups),
    scopes: parseList(row.scopes).filter(isTokenScope),
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
    lastUsedAt: row.last_used_at,
    lastUsedFrom: row.last_used_from,
    state: row.revoked_at !== null ? 'revoked' : row.expires_at !== null && row.expires_at <= now ? 'expired' : 'active',
  };
}

const INVALID = () =>
  new AuthError('AUTH_TOOLSHED_TOKEN_INVALID', 'Invalid, expired or revoked Toolshed token: create a new one (people at /api/me/tokens)', [
    { message: 'token is not valid', location: 'header.Authorization' },
  ]);

/** A token's expiry, carried by its caller (so a cache of what it resolved to ends with it). */
function tokenExpiryOf(row: ApiTokenRow): Pick<Caller, 'tokenExpiresAt'> {
  return row.expires_at === null ? {} : { tokenExpiresAt: row.expires_at };
}

export function createApiTokens({
  store,
  directory,
  config,
  contextCache = createRequestContextCache({ store }),
  onError = () => {},
}: {
  store: Store;
  directory: Directory;
  /** Built from the configuration by the composition. */
  config: { tokenMaxDays: number };
  /** Shared with the directory, so a change to a token's owner drops the token's entry too. */
  contextCache?: RequestContextCache;
  /** A write off the request path (the last use) failed. */
  onError?(err: unknown, what: string): void;
}): ApiTokens {
  const db = store.db;
  const pendingUses = new Set<Promise<void>>();

  /** The token row and its owner, from the store; undefined when unknown, revoked or its owner disabled. */
  async function load(hash: string, kind: TokenKind): Promise<ActiveToken | undefined> {
    const row = await findApiTokenByHash({ tx: db, hash });
    if (!row || row.kind !== kind || row.revoked_at !== null) return undefined;
    const scopes = parseList(row.scopes).filter(isTokenScope);
    let caller: Caller;
    if (row.kind === 'personal') {
      const owner = row.user_id ? await directory.callerForUser(row.user_id, 'personal-token', { tokenId: row.id }) : undefined;
      if (!owner) return undefined;
      const permissions = narrowToScopes(owner.permissions, scopes);
      caller = { ...owner, permissions, registry: registryPrincipalOf(owner.registry.subject, permissions), tokenScopes: scopes, ...tokenExpiryOf(row) };
    } else {
      const roles = parseList(row.service_roles).filter(isRole);
      const permissions = narrowToScopes(permissionsOf(roles), scopes);
      caller = {
        id: row.id,
        label: row.name,
        via: 'service-token',
        groups: parseList(row.service_groups),
        roles,
        permissions,
        registry: registryPrincipalOf(row.id, permissions),
        tokenId: row.id,
        tokenScopes: scopes,
        ...tokenExpiryOf(row),
      };
    }
    // One Caller serves many requests: nobody may change it.
    return { id: row.id, expiresAt: row.expires_at, caller: Object.freeze(caller), lastUsedAt: row.last_used_at, lastUsedFrom: row.last_used_from };
  }

  function recordUse(token: ActiveToken, at: number, ip: string): void {
    token.lastUsedAt = at;
    token.lastUsedFrom = ip;
    const write: Promise<void> = recordApiTokenUse({ tx: db, id: token.id, at, from: ip })
      .then(
        () => {},
        (err: unknown) => onError(err, 'recording a token use'),
      )
      .finally(() => pendingUses.delete(write));
    pendingUses.add(write);
  }

  function checkName(name: string): string {
    const trimmed = name.trim();
    if (!NAME.test(trimmed))
      throw new ValidationError('ACCESS_BAD_TOKEN_NAME', 'A token name must be 1-100 characters without control characters', [{ message: 'invalid name', location: 'body.name' }]);
    return trimmed;
  }

  function expiryOf(days: number | undefined, at: number): number {
    const max = config.tokenMaxDays;
    const chosen = days ?? Math.min(DEFAULT_TOKEN_DAYS, max);
    if (!Number.isInteger(chosen) || chosen < 1 || chosen > max) {
      throw new ValidationError('ACCESS_BAD_TOKEN_EXPIRY', `expiresInDays must be a whole number from 1 to ${max} (the longest lifetime this Toolshed allows, config tokenMaxDays)`, [
        { message: `expected 1 to ${max}`, location: 'body.expiresInDays', value: days },
      ]);
    }
    return at + chosen * DAY_MICROS;
  }

  /** Scopes known, at least one, each meaningful for what the owner's roles allow. */
  function checkScopes(scopes: string[], owner: ReadonlySet<Permission>, whose: string): TokenScope[] {
    if (!scopes.length) throw new ValidationError('ACCESS_BAD_TOKEN_SCOPES', `Name at least one scope: ${TOKEN_SCOPES.join(', ')}`, [{ message: 'no scopes', location: 'body.scopes' }]);
    const unknown = scopes.filter((s) => !isTokenScope(s));
    if (unknown.length) {
      throw new ValidationError('ACCESS_UNKNOWN_SCOPE', `Unknown scope ${unknown.map((s) => `'${s}'`).join(', ')}: scopes are ${TOKEN_SCOPES.join(', ')}`, [
        { message: 'unknown scope', location: 'body.scopes' },
      ]);
    }
    const valid = TOKEN_SCOPES.filter((s) => scopes.includes(s));
    for (const scope of valid) {
      const needs = SCOPE_REQUIRES[scope];
      if (needs && !owner.has(needs)) {
        throw new ValidationError('ACCESS_SCOPE_EXCEEDS_ROLES', `The scope '${scope}' needs the permission "${needs}", which ${whose} roles do not give`, [
          { message: 'scope exceeds roles', location: 'body.scopes', value: scope },
        ]);
      }
    }
    return valid;
  }

  async function create(
    kind: TokenKind,
    row: { name: string; userId: string | null; roles: Role[]; groups: string[]; scopes: TokenScope[]; expiresAt: number; at: number },
    actor: string,
  ): Promise<CreatedToken> {
    const secret = `${TOKEN_PREFIXES[kind]}${randomBytes(32).toString('base64url')}`;
    const id = `tok_${randomBytes(12).toString('base64url')}`;
    await db.transaction().execute(async (tx) => {
      await insertApiToken({
        tx,
        row: {
          id,
          kind,
          name: row.name,
          hash: sha256Hex(secret),
          prefix: secret.slice(0, 12),
          user_id: row.userId,
          service_roles: JSON.stringify(row.roles),
          service_groups: JSON.stringify(row.groups),
          scopes: JSON.stringify(row.scopes),
          created_by: actor,
          created_at: row.at,
          expires_at: row.expiresAt,
          revoked_at: null,
          revoked_by: null,
          last_used_at: null,
          last_used_from: null,
        },
      });
      await insertAccessChange({
        tx,
        change: {
          at: row.at,
          actor,
          action: 'create',
          targetKind: 'token',
          target: id,
          newValue: { kind, name: row.name, userId: row.userId, roles: row.roles, groups: row.groups, scopes: row.scopes, expiresAt: row.expiresAt },
        },
      });
    });
    const stored = await findApiToken({ tx: db, id });
    return { token: tokenRecordOf(stored!), secret };
  }

  async function createPersonal(user: UserRecord, input: NewTokenInput, whose: string, actor: string): Promise<CreatedToken> {
    const name = checkName(input.name);
    const scopes = checkScopes(input.scopes, permissionsOf(user.roles), whose);
    const at = nowMicros();
    return create('personal', { name, userId: user.id, roles: [], groups: [], scopes, expiresAt: expiryOf(input.expiresInDays, at), at }, actor);
  }

  return {
    async createPersonal(owner, input) {
      if (owner.via !== 'session' && owner.via !== 'personal-token') {
        throw new ForbiddenError('ACCESS_NOT_A_PERSON', 'Personal tokens belong to people: sign in to Toolshed to create one (service tokens are made at /api/admin/tokens)');
      }
      const user = await directory.findUser(owner.id);
      if (!user || user.disabled) throw new ForbiddenError('ACCESS_NOT_A_PERSON', 'Your account is unknown or disabled');
      return createPersonal(user, input, 'your', owner.id);
    },

    async createForLocalPerson(userId, input, actor) {
      const user = await directory.findUser(userId);
      if (!user) throw new NotFoundError('ACCESS_USER_NOT_FOUND', `No person with id '${userId}'`);
      if (!user.local) {
        throw new ForbiddenError(
          'ACCESS_NOT_LOCAL',
          `${user.email ?? user.id} signs in with the company's identity provider and creates their own tokens (My tokens, /api/me/tokens); administrators make tokens only for local people`,
        );
      }
      // Disabled, or local people turned off: a token for them would not work.
      if (!(await directory.callerForUser(user.id, 'personal-token'))) {
        throw new ForbiddenError('ACCESS_NOT_A_PERSON', `${user.email ?? user.id} is disabled, or local people are off (TOOLSHED_LOCAL_PEOPLE)`);
      }
      return createPersonal(user, input, 'their', actor);
    },

    async createService(input, actor) {
      const name = checkName(input.name);
      if (!input.roles.length) throw new ValidationError('ACCESS_UNKNOWN_ROLE', `Give the service token at least one role: ${ROLES.join(', ')}`, [{ message: 'no roles', location: 'body.roles' }]);
      const unknownRoles = input.roles.filter((r) => !isRole(r));
      if (unknownRoles.length) {
        throw new ValidationError('ACCESS_UNKNOWN_ROLE', `Unknown role ${unknownRoles.map((r) => `'${r}'`).join(', ')}: roles are ${ROLES.join(', ')}`, [
          { message: 'unknown role', location: 'body.roles' },
        ]);
      }
      const roles = ROLES.filter((r) => input.roles.includes(r));
      const groups = [...new Set(input.groups ?? [])].sort();
      if (groups.length) {
        const known = await directory.knownGroups();
        const unknownGroups = groups.filter((g) => !known.has(g));
        if (unknownGroups.length) {
          throw new ValidationError(
            'ACCESS_UNKNOWN_GROUP',
            `Unknown group ${unknownGroups.map((g) => `'${g}'`).join(', ')}: create it first (POST /api/admin/groups) or use a group people's ID tokens carry`,
            [{ message: 'unknown group', location: 'body.groups' }],
          );
        }
      }
      const scopes = checkScopes(input.scopes, permissionsOf(roles), 'the token’s');
      const at = nowMicros();
      return create('service', { name, userId: null, roles, groups, scopes, expiresAt: expiryOf(input.expiresInDays, at), at }, actor);
    },

    async list(filter = {}) {
      const now = nowMicros();
      return (await listApiTokens({ tx: db, userId: filter.userId })).map((r) => tokenRecordOf(r, now));
    },

    async revoke(id, actor, ownerId) {
      await db.transaction().execute(async (tx) => {
        const row = await findApiToken({ tx, id });
        if (!row || (ownerId !== undefined && (row.kind !== 'personal' || row.user_id !== ownerId))) {
          throw new NotFoundError('ACCESS_TOKEN_NOT_FOUND', `No token with id '${id}'${ownerId !== undefined ? ' among your tokens' : ''}`);
        }
        const at = nowMicros();
        if (await revokeApiToken({ tx, id, at, by: actor })) {
          await insertAccessChange({ tx, change: { at, actor, action: 'revoke', targetKind: 'token', target: id, oldValue: { kind: row.kind, name: row.name } } });
        }
      });
      await contextCache.invalidate([contextTags.token(id)]);
      return tokenRecordOf((await findApiToken({ tx: db, id }))!);
    },

    async authenticate(secret, ip) {
      const kind = tokenKindOf(secret);
      if (!kind) throw INVALID();
      const hash = sha256Hex(secret);
      const token = await contextCache.through(
        `api-token:${hash}`,
        () => load(hash, kind),
        (t) => [contextTags.token(t.id), ...(t.caller.via === 'personal-token' ? [contextTags.user(t.caller.id)] : [])],
      );
      const now = nowMicros();
      if (!token || (token.expiresAt !== null && token.expiresAt <= now)) throw INVALID();
      // Throttled: a busy token writes at most once a minute, or when it moves to another address.
      if (token.lastUsedAt === null || now - token.lastUsedAt >= LAST_USED_WRITE_INTERVAL_MICROS || token.lastUsedFrom !== ip) recordUse(token, now, ip);
      return token.caller;
    },

    async lastUsesWritten() {
      await Promise.all([...pendingUses]);
    },
  };
}
