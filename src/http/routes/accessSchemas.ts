/**
 * JSON Schemas of the people, groups and tokens API (/api/me, /api/admin/users,
 * /api/admin/groups, /api/admin/tokens) and the renderers that fill them. The
 * response schemas list every property a client may see: a token's secret
 * appears only in the creation response, its hash never.
 */
import { type TokenRecord, type GroupRecord, GROUP_NAME_PATTERN, type UserRecord, PERMISSIONS, ROLES, TOKEN_SCOPES } from '../../access/index.js';
import { formatTimestamp } from '../../store/index.js';

const time = { type: 'string', format: 'date-time' } as const;
const nullableTime = { type: ['string', 'null'], format: 'date-time' } as const;
const role = { type: 'string', enum: ROLES } as const;
const scope = { type: 'string', enum: TOKEN_SCOPES } as const;
const groupName = { type: 'string', minLength: 1, maxLength: 256 } as const;

export const userIdParam = { type: 'string', minLength: 1, maxLength: 100, description: 'A user id (`usr_…`)' } as const;
export const groupNameParam = { type: 'string', pattern: GROUP_NAME_PATTERN, description: 'A group name' } as const;
export const tokenIdParam = { type: 'string', minLength: 1, maxLength: 100, description: 'A token id (`tok_…`)' } as const;

export const userSchema = {
  type: 'object',
  required: ['id', 'issuer', 'subject', 'email', 'name', 'roles', 'assignedRoles', 'groups', 'disabled', 'local', 'createdAt', 'lastLoginAt'],
  properties: {
    id: { type: 'string' },
    issuer: { type: 'string' },
    subject: { type: 'string' },
    email: { type: ['string', 'null'] },
    name: { type: ['string', 'null'] },
    roles: { type: 'array', items: { type: 'string' }, description: 'Effective: assigned, mapped from the ID token, and `user`' },
    assignedRoles: { type: 'array', items: { type: 'string' }, description: 'Assigned by an administrator' },
    groups: { type: 'array', items: { type: 'string' }, description: 'Effective: from the ID token plus memberships an administrator added' },
    disabled: { type: 'boolean' },
    local: { type: 'boolean', description: 'A local person: kept by Toolshed, not the identity provider; acts through the tokens an administrator makes' },
    createdAt: time,
    lastLoginAt: nullableTime,
  },
} as const;

export const localPersonBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['email'],
  properties: {
    email: { type: 'string', minLength: 3, maxLength: 254, description: 'Identifies the person (their tokens and the audit show it)' },
    name: { type: 'string', minLength: 1, maxLength: 100 },
    roles: { type: 'array', maxItems: ROLES.length, uniqueItems: true, items: role, description: 'Assigned roles (everyone has `user`)' },
  },
} as const;

export const userListSchema = {
  type: 'object',
  required: ['users', 'metadata'],
  properties: {
    users: { type: 'array', items: userSchema },
    metadata: {
      type: 'object',
      required: ['count', 'localPeople'],
      properties: {
        count: { type: 'integer' },
        nextCursor: { type: 'string' },
        localPeople: { type: 'boolean', description: 'Whether local people may be added and act (config `localPeople`)' },
      },
    },
  },
} as const;

export const userPatchSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    roles: { type: 'array', maxItems: ROLES.length, uniqueItems: true, items: role, description: 'Replaces the assigned roles' },
    disabled: { type: 'boolean', description: 'A disabled person cannot sign in, and their sessions and tokens stop working' },
  },
} as const;

export const groupSchema = {
  type: 'object',
  required: ['name', 'description', 'members', 'createdAt', 'createdBy'],
  properties: {
    name: { type: 'string' },
    description: { type: ['string', 'null'] },
    members: { type: 'integer', description: 'People an administrator added' },
    createdAt: time,
    createdBy: { type: 'string' },
  },
} as const;

export const groupListSchema = {
  type: 'object',
  required: ['groups', 'claimGroups'],
  properties: {
    groups: { type: 'array', items: groupSchema },
    claimGroups: { type: 'array', items: { type: 'string' }, description: 'Groups seen in ID tokens that are not defined here (usable in rules too)' },
  },
} as const;

export const groupBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', pattern: GROUP_NAME_PATTERN },
    description: { type: 'string', maxLength: 1000 },
  },
} as const;

export const tokenSchema = {
  type: 'object',
  required: ['id', 'kind', 'name', 'prefix', 'userId', 'roles', 'groups', 'scopes', 'createdBy', 'createdAt', 'expiresAt', 'revokedAt', 'revokedBy', 'lastUsedAt', 'lastUsedFrom', 'state'],
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['personal', 'service'] },
    name: { type: 'string' },
    prefix: { type: 'string', description: 'The start of the secret, to recognise it' },
    userId: { type: ['string', 'null'], description: 'The owner of a personal token' },
    roles: { type: 'array', items: { type: 'string' }, description: 'What a service token acts as' },
    groups: { type: 'array', items: { type: 'string' } },
    scopes: { type: 'array', items: { type: 'string' } },
    createdBy: { type: 'string' },
    createdAt: time,
    expiresAt: nullableTime,
    revokedAt: nullableTime,
    revokedBy: { type: ['string', 'null'] },
    lastUsedAt: nullableTime,
    lastUsedFrom: { type: ['string', 'null'] },
    state: { type: 'string', enum: ['active', 'expired', 'revoked'] },
  },
} as const;

export const tokenListSchema = { type: 'object', required: ['tokens'], properties: { tokens: { type: 'array', items: tokenSchema } } } as const;

export const createdTokenSchema = {
  type: 'object',
  required: ['token', 'secret'],
  properties: {
    token: tokenSchema,
    secret: { type: 'string', description: 'Shown only now: send it as `Authorization: Bearer <secret>`' },
  },
} as const;

const tokenFields = {
  name: { type: 'string', minLength: 1, maxLength: 100, description: 'What the token is for' },
  scopes: { type: 'array', minItems: 1, maxItems: TOKEN_SCOPES.length, uniqueItems: true, items: scope },
  expiresInDays: { type: 'integer', minimum: 1, maximum: 3650, description: 'Days until it expires (default 90; at most config tokenMaxDays)' },
} as const;

export const personalTokenBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'scopes'],
  properties: tokenFields,
} as const;

export const serviceTokenBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'roles', 'scopes'],
  properties: {
    ...tokenFields,
    roles: { type: 'array', minItems: 1, maxItems: ROLES.length, uniqueItems: true, items: role },
    groups: { type: 'array', maxItems: 100, uniqueItems: true, items: groupName },
  },
} as const;

export const meSchema = {
  type: 'object',
  required: ['id', 'label', 'via', 'roles', 'groups', 'permissions'],
  properties: {
    id: { type: 'string' },
    label: { type: 'string' },
    via: { type: 'string', enum: ['session', 'personal-token', 'service-token', 'admin-token', 'registry-token'] },
    roles: { type: 'array', items: { type: 'string' } },
    groups: { type: 'array', items: { type: 'string' } },
    permissions: { type: 'array', items: { type: 'string' } },
    tokenId: { type: 'string' },
  },
} as const;

const stamp = (micros: number | null) => (micros === null ? null : formatTimestamp(micros));

export function renderUser(u: UserRecord) {
  return {
    id: u.id,
    issuer: u.issuer,
    subject: u.subject,
    email: u.email,
    name: u.name,
    roles: u.roles,
    assignedRoles: u.assignedRoles,
    groups: u.groups,
    disabled: u.disabled,
    local: u.local,
    createdAt: formatTimestamp(u.createdAt),
    lastLoginAt: stamp(u.lastLoginAt),
  };
}

export function renderGroup(g: GroupRecord) {
  return { name: g.name, description: g.description, members: g.members, createdAt: formatTimestamp(g.createdAt), createdBy: g.createdBy };
}

export function renderToken(t: TokenRecord) {
  return {
    id: t.id,
    kind: t.kind,
    name: t.name,
    prefix: t.prefix,
    userId: t.userId,
    roles: t.roles,
    groups: t.groups,
    scopes: t.scopes,
    createdBy: t.createdBy,
    createdAt: formatTimestamp(t.createdAt),
    expiresAt: stamp(t.expiresAt),
    revokedAt: stamp(t.revokedAt),
    revokedBy: t.revokedBy,
    lastUsedAt: stamp(t.lastUsedAt),
    lastUsedFrom: t.lastUsedFrom,
    state: t.state,
  };
}

/** Permissions in the order of the table, for stable output. */
export const PERMISSION_ORDER = Object.keys(PERMISSIONS);
