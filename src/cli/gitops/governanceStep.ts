/**
 * The governance part of `apply`, kept apart because it talks to the governance
 * API (`GET`/`PATCH /api/servers/{name}/governance`, If-Match on the server's
 * governance revision): owners, support contact and docs URL, and the trust
 * level the team wants. Trust is set only when the token holds `catalog.approve`;
 * otherwise the wish travels as the change's `reason`, and a reviewer decides.
 * A Toolshed without the governance API is reported, not failed.
 */
import { ownerOf, type ToolshedYaml } from '../../schemas/toolshedYaml.js';
import type { ServerOwner } from '../../schemas/governance.js';
import { call, expect2xx, type Connection } from '../accessCommands.js';
import { isObject } from '../publisher/registryClient.js';

export interface GovernanceState {
  trust: string | null;
  owners: ServerOwner[];
  supportContact: string | null;
  docsUrl: string | null;
}

export type GovernanceRead = { available: false; detail: string } | { available: true; current: GovernanceState; etag: string | undefined };

export interface GovernancePlan {
  /** The PATCH body, or undefined when nothing is to be written. */
  patch: Record<string, unknown> | undefined;
  /** One line per change, for the diff. */
  changes: string[];
  /** Said but not a change (trust wanted without the right to set it). */
  notes: string[];
}

const EMPTY: GovernanceState = { trust: null, owners: [], supportContact: null, docsUrl: null };
const path = (name: string) => `/api/servers/${encodeURIComponent(name)}/governance`;
const ownerText = (o: ServerOwner) => (o.kind === 'user' ? `user:${o.id}` : `group:${o.name}`);
const ownersText = (list: ServerOwner[]) => (list.length ? list.map(ownerText).join(', ') : '(none)');
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);

function ownersOf(value: unknown): ServerOwner[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).flatMap((o): ServerOwner[] => {
    if (o.kind === 'user' && typeof o.id === 'string') return [{ kind: 'user', id: o.id }];
    if (o.kind === 'group' && typeof o.name === 'string') return [{ kind: 'group', name: o.name }];
    return [];
  });
}

export async function readGovernance(c: Connection, name: string): Promise<GovernanceRead> {
  const res = await call(c, 'GET', path(name));
  if (res.status === 404) {
    const code = isObject(res.body) ? res.body.code : undefined;
    if (code === 'HTTP_ROUTE_NOT_FOUND') return { available: false, detail: `${c.url} has no governance API (GET /api/servers/{name}/governance)` };
    return { available: true, current: EMPTY, etag: undefined };
  }
  const body = expect2xx(`cannot read the governance of ${name}`, res);
  const revision = body.revision;
  const header = res.headers?.etag;
  return {
    available: true,
    current: { trust: str(body.trust), owners: ownersOf(body.owners), supportContact: str(body.supportContact), docsUrl: str(body.docsUrl) },
    etag: header ?? (typeof revision === 'number' || typeof revision === 'string' ? `"${String(revision)}"` : undefined),
  };
}

export function planGovernance(current: GovernanceState, settings: ToolshedYaml, canApprove: boolean): GovernancePlan {
  const patch: Record<string, unknown> = {};
  const changes: string[] = [];
  const notes: string[] = [];
  const owners = settings.owners.map(ownerOf);
  const key = (list: ServerOwner[]) => JSON.stringify(list.map(ownerText).sort());
  if (key(owners) !== key(current.owners)) {
    patch.owners = owners;
    changes.push(`owners: ${ownersText(current.owners)} → ${ownersText(owners)}`);
  }
  for (const field of ['supportContact', 'docsUrl'] as const) {
    const wanted = settings[field];
    if (wanted !== undefined && wanted !== current[field]) {
      patch[field] = wanted;
      changes.push(`${field}: ${current[field] ?? '(none)'} → ${wanted}`);
    }
  }
  if (settings.trust !== undefined && settings.trust !== current.trust) {
    if (canApprove) {
      patch.trust = settings.trust;
      changes.push(`trust: ${current.trust ?? '(none)'} → ${settings.trust}`);
    } else {
      notes.push(`trust wanted: ${settings.trust} (now ${current.trust ?? 'none'}); a reviewer sets trust (the token lacks catalog.approve)`);
    }
  }
  if (!Object.keys(patch).length) return { patch: undefined, changes, notes };
  const wish = settings.trust !== undefined && !canApprove && settings.trust !== current.trust ? `; trust wanted: ${settings.trust}` : '';
  patch.reason = `toolshed apply (GitOps)${wish}`;
  return { patch, changes, notes };
}

export async function applyGovernance(c: Connection, name: string, patch: Record<string, unknown>, etag: string | undefined): Promise<void> {
  expect2xx(`the governance change of ${name} was refused`, await call(c, 'PATCH', path(name), patch, etag ? { 'if-match': etag } : {}));
}
