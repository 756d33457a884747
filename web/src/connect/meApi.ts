/** The `/api/me` calls: my gateway connections, my upstream values for a server, my personal access tokens. */
import { requestJson } from '../api/apiClient.js';
import type { ResponseOf } from '../api/apiTypes.js';

const enc = encodeURIComponent;
const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

/** A gateway connection (never its capability secret). */
export type Connection = ResponseOf<'/api/me/connections', 'get'>['connections'][number];

/** A new connection, with its capability URLs when it has them (shown only now). */
export type CreatedConnection = ResponseOf<'/api/me/connections', 'post'>;

/** A personal or service token (never its secret). */
export type Token = ResponseOf<'/api/me/tokens', 'get'>['tokens'][number];

/** A new token, with its secret (shown only now). */
export type CreatedToken = ResponseOf<'/api/me/tokens', 'post'>;

/** An upstream secret's name, kind and scope (never its value). */
export type SecretInfo = ResponseOf<'/api/me/servers/{name}/secrets', 'get'>['secrets'][number];

/** Whether Toolshed hosts the server's package (its connections reach it through the gateway). */
export type ServerHosting = ResponseOf<'/api/me/servers/{name}/hosting', 'get'>;

export function getMyServerHosting(server: string, signal?: AbortSignal, token?: string): Promise<ServerHosting> {
  return requestJson<ServerHosting>(`/api/me/servers/${enc(server)}/hosting`, { ...withSignal(signal), ...(token ? { token } : {}) });
}

export const TOKEN_SCOPES = ['catalog:read', 'catalog:contribute', 'catalog:publish', 'catalog:review', 'gateway', 'admin'] as const;

export function listConnections(signal?: AbortSignal) {
  return requestJson<{ connections: Connection[] }>('/api/me/connections', withSignal(signal));
}

export function createConnection(body: { server: string; label: string; capabilityUrl: boolean }) {
  return requestJson<CreatedConnection>('/api/me/connections', { method: 'POST', body });
}

export function renameConnection(id: string, label: string) {
  return requestJson<Connection>(`/api/me/connections/${enc(id)}`, { method: 'PATCH', body: { label } });
}

export function revokeConnection(id: string) {
  return requestJson<void>(`/api/me/connections/${enc(id)}`, { method: 'DELETE' });
}

export function listMySecrets(server: string, signal?: AbortSignal) {
  return requestJson<{ secrets: SecretInfo[] }>(`/api/me/servers/${enc(server)}/secrets`, withSignal(signal));
}

export function putMySecret(server: string, name: string, kind: 'header' | 'variable', value: string) {
  return requestJson<SecretInfo>(`/api/me/servers/${enc(server)}/secrets/${enc(name)}`, { method: 'PUT', body: { kind, value } });
}

export function listMyTokens(signal?: AbortSignal) {
  return requestJson<{ tokens: Token[] }>('/api/me/tokens', withSignal(signal));
}

export function createMyToken(body: { name: string; scopes: string[]; expiresInDays?: number }) {
  return requestJson<CreatedToken>('/api/me/tokens', { method: 'POST', body });
}

export function revokeMyToken(id: string) {
  return requestJson<void>(`/api/me/tokens/${enc(id)}`, { method: 'DELETE' });
}

/** "2025-05-01T10:00:00.000Z" → "2025-05-01 10:00 UTC"; null → "never". */
export function when(iso: string | null | undefined): string {
  if (!iso) return 'never';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}
