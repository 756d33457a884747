/**
 * What the read API shows under `_meta["io.toolshed/governance"]` (GOVERNANCE_META_KEY)
 * for a version: its server's trust level and where it comes from, owners, support
 * contact, docs URL and re-certification due date. One renderer, so every part of
 * issue #21 adds its fields here (the review state of the version, a block) and the
 * key never holds two shapes.
 *
 * A moderator's block shows as `blocked: {at, by, reason}` (trust `blocked` shows as
 * the trust); people never read it, since a blocked server is hidden from them.
 *
 * Trust: a reviewer's level (server_governance) wins; without one, the level curated
 * for the server's source (federation curation, a default) shows, marked
 * `trustSource: "curation"`. Only the five levels are ever shown: a stale curated
 * text from before migration 016 is not a level.
 */
import { GOVERNANCE_META_KEY, TRUST_LEVELS, type ServerOwner, type TrustLevel } from '../schemas/governance.js';
import { formatTimestamp, type ServerGovernanceRow, type VersionRow } from '../store/index.js';

export interface GovernanceMeta {
  trust?: TrustLevel;
  trustSource?: 'reviewer' | 'curation';
  owners?: ServerOwner[];
  supportContact?: string;
  docsUrl?: string;
  recertifyDueAt?: string;
  /** A moderator's block (only those who may see a blocked server ever read it). */
  blocked?: { at: string; by: string; reason: string };
}

/** A version's governance `_meta` as JSON text, or undefined when nothing is known. */
export type GovernanceOf = (row: VersionRow) => string | undefined;

export const GOVERNANCE_KEY_JSON = JSON.stringify(GOVERNANCE_META_KEY);

const isLevel = (value: unknown): value is TrustLevel => typeof value === 'string' && (TRUST_LEVELS as readonly string[]).includes(value);

/** The trust curated for this version's server (its provenance), when it is a level. */
export function curatedTrustOf(row: Pick<VersionRow, 'provenance'>): TrustLevel | undefined {
  if (!row.provenance || !row.provenance.includes('"trust"')) return undefined;
  try {
    const trust = (JSON.parse(row.provenance) as { trust?: unknown }).trust;
    return isLevel(trust) ? trust : undefined;
  } catch {
    return undefined;
  }
}

/** The trust in force for a server: the reviewer's, else the curated default; null when neither. */
export function effectiveTrust(governance: Pick<ServerGovernanceRow, 'trust'> | undefined, curated: TrustLevel | undefined): { trust: TrustLevel; source: 'reviewer' | 'curation' } | null {
  if (governance?.trust) return { trust: governance.trust, source: 'reviewer' };
  if (curated) return { trust: curated, source: 'curation' };
  return null;
}

export function ownersOf(row: Pick<ServerGovernanceRow, 'owners'> | undefined): ServerOwner[] {
  if (!row) return [];
  try {
    const parsed = JSON.parse(row.owners) as unknown;
    return Array.isArray(parsed) ? (parsed as ServerOwner[]) : [];
  } catch {
    return [];
  }
}

/** Trust, owners and contacts: the server-wide part of the governance `_meta`. */
function serverPart(row: VersionRow, governance: ServerGovernanceRow | undefined): GovernanceMeta {
  const trust = effectiveTrust(governance, curatedTrustOf(row));
  const owners = ownersOf(governance);
  return {
    ...(trust ? { trust: trust.trust, trustSource: trust.source } : {}),
    ...(owners.length ? { owners } : {}),
    ...(governance?.support_contact ? { supportContact: governance.support_contact } : {}),
    ...(governance?.docs_url ? { docsUrl: governance.docs_url } : {}),
    ...(governance?.recertify_due_at != null ? { recertifyDueAt: formatTimestamp(Number(governance.recertify_due_at)) } : {}),
    ...(governance?.blocked_at != null ? { blocked: { at: formatTimestamp(Number(governance.blocked_at)), by: governance.blocked_by ?? '', reason: governance.block_reason ?? '' } } : {}),
  };
}

/**
 * The whole governance `_meta` of a version. Other parts add their fields by
 * spreading theirs after `serverPart` (the review state is per version).
 */
export function governanceMeta(row: VersionRow, governance: ServerGovernanceRow | undefined): GovernanceMeta {
  return { ...serverPart(row, governance) };
}

/** governanceMeta as JSON text, or undefined when it is empty (the key is then left out). */
export function renderGovernanceMeta(row: VersionRow, governance: ServerGovernanceRow | undefined): string | undefined {
  const meta = governanceMeta(row, governance);
  return Object.keys(meta).length ? JSON.stringify(meta) : undefined;
}
