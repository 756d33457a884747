/**
 * A server's governance as the console reads and writes it: trust (with who set it and
 * when), owners, support contact and docs URL, read with its ETag and changed with
 * If-Match (a 412 means someone changed it since). Shapes from web/src/api/openapi.ts.
 */
import { request } from '../../api/apiClient.js';
import type { ResponseOf } from '../../api/apiTypes.js';

type Auth = string | undefined;

export const TRUST_LEVELS = ['verified', 'internal', 'community', 'experimental', 'blocked'] as const;
export type TrustLevel = (typeof TRUST_LEVELS)[number];

export type GovernanceView = ResponseOf<'/api/servers/{name}/governance', 'get'>;
export type GovernanceOwner = GovernanceView['owners'][number];
/** What the PATCH takes: fields left out keep their value, null clears. */
export interface GovernanceChange {
  trust?: TrustLevel | null;
  owners?: Array<{ kind: 'user'; email: string } | { kind: 'user'; id: string } | { kind: 'group'; name: string }>;
  supportContact?: string | null;
  docsUrl?: string | null;
  reason?: string;
}

const path = (name: string) => `/api/servers/${encodeURIComponent(name)}/governance`;

export async function getGovernance(name: string, token: Auth, signal?: AbortSignal): Promise<{ view: GovernanceView; etag: string }> {
  const { body, headers } = await request<GovernanceView>(path(name), { token, ...(signal ? { signal } : {}) });
  return { view: body, etag: headers.get('etag') ?? '' };
}

export async function changeGovernance(name: string, change: GovernanceChange, etag: string, token: Auth): Promise<{ view: GovernanceView; etag: string }> {
  const { body, headers } = await request<GovernanceView>(path(name), { token, method: 'PATCH', body: change, ifMatch: etag });
  return { view: body, etag: headers.get('etag') ?? '' };
}
