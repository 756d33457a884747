/**
 * The governance part of `apply`, kept apart because it talks to the governance
 * API (`GET`/`PATCH /api/servers/{name}/governance`, If-Match on the server's
 * governance revision): owners, support contact and docs URL, and the trust
 * level the team wants. Trust is set only when the token holds `catalog.approve`;
 * otherwise the wish is a comment on the submitted version's review ("owners ask
 * for trust X", see trustRequestOf) and the change's `reason`, and a reviewer decides.
 * A Toolshed without the governance API is reported, not failed.
 */
import { ownerOf, type OwnerInput, type ToolshedYaml } from '../../schemas/toolshedYaml.js';
import { call, expect2xx, type Connection } from '../accessCommands.js';
import { isObject } from '../publisher/registryClient.js';

/** An owner as the governance API shows it: a person by id (with their email when known), or a group. */
export type OwnerView = { kind: 'user'; id: string; email?: string } | { kind: 'group'; name: string };

export interface GovernanceState {
  trust: string | null;
  owners: OwnerView[];
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
const ownerText = (o: OwnerView | OwnerInput): string => {
  if (o.kind === 'group') return `group:${o.name}`;
  if ('email' in o && o.email !== undefined) return `user:${o.email}`;
  return 'id' in o ? `user:${o.id}` : 'user:?';
};
const ownersText = (list: ReadonlyArray<OwnerView | OwnerInput>) => (list.length ? list.map(ownerText).join(', ') : '(none)');
/** Whether a wanted owner is this current one: a group by name, a person by id or by their email. */
const sameOwner = (wanted: OwnerInput, current: OwnerView) =>
  wanted.kind === 'group'
    ? current.kind === 'group' && current.name === wanted.name
    : current.kind === 'user' && ('email' in wanted ? current.email?.toLowerCase() === wanted.email.toLowerCase() : current.id === wanted.id);
const sameOwners = (wanted: OwnerInput[], current: OwnerView[]) => wanted.length === current.length && wanted.every((w) => current.some((c) => sameOwner(w, c)));
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);

function ownersOf(value: unknown): OwnerView[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).flatMap((o): OwnerView[] => {
    if (o.kind === 'user' && typeof o.id === 'string') return [{ kind: 'user', id: o.id, ...(typeof o.email === 'string' ? { email: o.email } : {}) }];
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
  if (!sameOwners(owners, current.owners)) {
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

/**
 * The trust level the owners ask for, as a comment on the review of the version
 * just submitted, so reviewers see it in the queue beside the checks (only when the
 * token may not set trust itself and the level differs). Undefined: nothing to ask.
 */
export function trustRequestOf(current: GovernanceState | undefined, settings: ToolshedYaml, canApprove: boolean): string | undefined {
  if (canApprove || settings.trust === undefined || settings.trust === (current?.trust ?? null)) return undefined;
  return `Owners ask for trust "${settings.trust}" (toolshed.yaml; now ${current?.trust ?? 'none'}). A reviewer sets trust: PATCH /api/servers/{name}/governance or npx toolshed servers trust.`;
}

/** Posts the trust request on the version's review; resolves to a line for the output. */
export async function requestTrust(c: Connection, name: string, version: string, comment: string): Promise<string> {
  const res = await call(c, 'POST', `/api/reviews/${encodeURIComponent(name)}/${encodeURIComponent(version)}/comments`, { body: comment });
  if (res.status >= 200 && res.status < 300) return `${name}@${version}: trust request added to its review`;
  // No review to comment on (approved at once, or a Toolshed before reviews): the PATCH reason still carries the wish.
  return `${name}@${version}: trust request not added to a review (HTTP ${res.status}); the governance change's reason carries it`;
}

export async function applyGovernance(c: Connection, name: string, patch: Record<string, unknown>, etag: string | undefined): Promise<void> {
  expect2xx(`the governance change of ${name} was refused`, await call(c, 'PATCH', path(name), patch, etag ? { 'if-match': etag } : {}));
}
