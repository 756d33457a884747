/** The access admin API calls of the console: rules (with their ETag), explain, simulate, the change log, users, groups and tokens. */
import { request, requestJson } from '../api/apiClient.js';
import type { CreatedToken, Token } from '../connect/meApi.js';
import type { ResponseOf } from '../api/apiTypes.js';

const enc = encodeURIComponent;
type Auth = string | undefined;
const opts = (token: Auth, signal?: AbortSignal) => ({ token, ...(signal ? { signal } : {}) });

/** `anonymous`: callers not signed in, who may only discover (a private catalog's anonymous readers). */
export type Subject = { user: string } | { group: string } | { everyone: true } | { anonymous: true };
export type Resource = { server: string } | { server: string; tool: string } | { source: string };

export interface Rule {
  id: string;
  description?: string;
  effect: 'allow' | 'deny';
  subject: Subject;
  actions: Array<'discover' | 'connect' | 'call'>;
  resource: Resource;
}

export interface RuleRecord {
  id: string;
  position: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export interface RuleList {
  rules: Rule[];
  records: RuleRecord[];
  metadata: { count: number; etag: string; defaultEffect: 'allow' | 'deny' };
}

export interface Decision {
  allowed: boolean;
  rule: string | null;
  reason: string;
}

export interface Simulation {
  decisions: number;
  changed: number;
  truncated: boolean;
  principals: number;
  resources: number;
  changes: Array<{ principal: { id: string | null; label: string | null; groups: string[] }; action: string; server: string; tool?: string; before: Decision; after: Decision }>;
  rules: { before: number; after: number; added: string[]; removed: string[]; changed: string[] };
}

export interface Explanation {
  allowed: boolean;
  decidedBy: Rule | null;
  reason: string;
  principal: { id: string | null; label: string | null; groups: string[] };
  resource: { server: string; tool?: string; source: string };
  action: string;
  matched: Array<{ id: string; effect: 'allow' | 'deny'; rule: Rule }>;
  defaultEffect: 'allow' | 'deny';
}

export interface AccessChange {
  id: number;
  at: string;
  actor: string;
  action: string;
  targetKind: string;
  target: string;
  oldValue: unknown;
  newValue: unknown;
}

/** A person, with their effective and assigned roles and groups. */
export type User = ResponseOf<'/api/admin/users/{id}', 'get'>;

/** A defined group. */
export type Group = ResponseOf<'/api/admin/groups', 'get'>['groups'][number];

export const ROLES = ['admin', 'publisher', 'reviewer', 'auditor', 'user'] as const;

export async function listRules(token: Auth, signal?: AbortSignal): Promise<RuleList> {
  const { body, headers } = await request<RuleList>('/api/admin/access/rules', opts(token, signal));
  return { ...body, metadata: { ...body.metadata, etag: headers.get('etag') ?? body.metadata.etag } };
}

/** Creates (no `existingId`) or replaces a rule, conditional on the set's ETag; the new ETag. */
export async function saveRule(token: Auth, rule: Rule, etag: string, existingId?: string): Promise<string> {
  const path = existingId ? `/api/admin/access/rules/${enc(existingId)}` : '/api/admin/access/rules';
  const { headers } = await request(path, { token, method: existingId ? 'PUT' : 'POST', body: rule, ifMatch: etag });
  return headers.get('etag') ?? '';
}

export async function deleteRule(token: Auth, id: string, etag: string): Promise<void> {
  await request(`/api/admin/access/rules/${enc(id)}`, { token, method: 'DELETE', ifMatch: etag });
}

export function simulate(token: Auth, change: { upsert?: Rule[]; delete?: string[] }) {
  return requestJson<Simulation>('/api/admin/access/simulate', { token, method: 'POST', body: { ...change, limit: 200 } });
}

export function explain(token: Auth, query: string, signal?: AbortSignal) {
  return requestJson<Explanation>(`/api/admin/access/explain?${query}`, opts(token, signal));
}

export function listChanges(token: Auth, query: string, signal?: AbortSignal) {
  return requestJson<{ changes: AccessChange[]; metadata: { count: number; nextCursor?: string } }>(`/api/admin/access/changes?${query}`, opts(token, signal));
}

export function listUsers(token: Auth, signal?: AbortSignal) {
  return requestJson<{ users: User[]; metadata: { nextCursor?: string; localPeople?: boolean } }>('/api/admin/users?limit=500', opts(token, signal));
}

export function addLocalPerson(token: Auth, body: { email: string; name?: string; roles: string[] }) {
  return requestJson<User>('/api/admin/users', { token, method: 'POST', body });
}

export function createLocalPersonToken(token: Auth, userId: string, body: { name: string; scopes: string[]; expiresInDays: number }) {
  return requestJson<CreatedToken>(`/api/admin/users/${enc(userId)}/tokens`, { token, method: 'POST', body });
}

export function starterRules(token: Auth, signal?: AbortSignal) {
  return requestJson<{ rules: Rule[] }>('/api/admin/access/starter-rules', opts(token, signal));
}

export function applyStarterRules(token: Auth) {
  return requestJson<{ added: number; etag: string }>('/api/admin/access/starter-rules', { token, method: 'POST' });
}

export function updateUser(token: Auth, id: string, change: { roles?: string[]; disabled?: boolean }) {
  return requestJson<User>(`/api/admin/users/${enc(id)}`, { token, method: 'PATCH', body: change });
}

export function listGroups(token: Auth, signal?: AbortSignal) {
  return requestJson<{ groups: Group[]; claimGroups: string[] }>('/api/admin/groups', opts(token, signal));
}

export function createGroup(token: Auth, body: { name: string; description?: string }) {
  return requestJson<Group>('/api/admin/groups', { token, method: 'POST', body });
}

export function deleteGroup(token: Auth, name: string) {
  return requestJson<void>(`/api/admin/groups/${enc(name)}`, { token, method: 'DELETE' });
}

export function addMember(token: Auth, group: string, userId: string) {
  return requestJson<void>(`/api/admin/groups/${enc(group)}/members/${enc(userId)}`, { token, method: 'PUT' });
}

export function removeMember(token: Auth, group: string, userId: string) {
  return requestJson<void>(`/api/admin/groups/${enc(group)}/members/${enc(userId)}`, { token, method: 'DELETE' });
}

export function listTokens(token: Auth, signal?: AbortSignal) {
  return requestJson<{ tokens: Token[] }>('/api/admin/tokens', opts(token, signal));
}

export function createServiceToken(token: Auth, body: { name: string; scopes: string[]; expiresInDays: number; roles: string[]; groups: string[] }) {
  return requestJson<CreatedToken>('/api/admin/tokens', { token, method: 'POST', body });
}

export function revokeToken(token: Auth, id: string) {
  return requestJson<void>(`/api/admin/tokens/${enc(id)}`, { token, method: 'DELETE' });
}
