/**
 * Renders stored rows as the official response bodies. The stored server.json text
 * is spliced in unparsed: listing 100 servers costs string concatenation, not
 * 100 parse/serialise round trips.
 */
import { formatTimestamp, type VersionRow } from '../store/index.js';
import { CAPABILITIES_META_KEY } from './capabilitySummary.js';
import { GOVERNANCE_KEY_JSON, type GovernanceOf } from './governanceMeta.js';

export const OFFICIAL_META_KEY = 'io.modelcontextprotocol.registry/official';
/** Toolshed's own `_meta` key: where a version came from, and its curated trust, tags and notes. */
export const PROVENANCE_META_KEY = 'io.toolshed/provenance';
/**
 * Toolshed's key in a list's `metadata` (asked for with `include_total=true`): the
 * versions the filters select over all pages. Namespaced like `_meta` keys, so it
 * can never collide with a field the official `metadata` gains.
 */
export const TOTAL_METADATA_KEY = 'io.toolshed/total';

export interface OfficialMeta {
  status: 'active' | 'deprecated' | 'deleted';
  statusChangedAt: string;
  statusMessage?: string;
  publishedAt: string;
  updatedAt: string;
  isLatest: boolean;
}

/** Key order follows the official Go struct, for clients that hash bodies. */
export function officialMeta(row: VersionRow): OfficialMeta {
  return {
    status: row.status,
    statusChangedAt: formatTimestamp(row.status_changed_at),
    ...(row.status_message !== null ? { statusMessage: row.status_message } : {}),
    publishedAt: formatTimestamp(row.published_at),
    updatedAt: formatTimestamp(row.updated_at),
    isLatest: Number(row.is_latest) === 1,
  };
}

const OFFICIAL_KEY_JSON = JSON.stringify(OFFICIAL_META_KEY);
const PROVENANCE_KEY_JSON = JSON.stringify(PROVENANCE_META_KEY);

/** A version's `io.toolshed/capabilities` summary as JSON text, when a snapshot of it is known. */
export type CapabilitiesOf = (row: VersionRow) => string | undefined;

const CAPABILITIES_KEY_JSON = JSON.stringify(CAPABILITIES_META_KEY);
const noCapabilities: CapabilitiesOf = () => undefined;
const noGovernance: GovernanceOf = () => undefined;

export function renderServerResponse(row: VersionRow, capabilitiesOf: CapabilitiesOf = noCapabilities, governanceOf: GovernanceOf = noGovernance): string {
  const provenance = row.provenance ? `,${PROVENANCE_KEY_JSON}:${row.provenance}` : '';
  const summary = capabilitiesOf(row);
  const capabilities = summary !== undefined ? `,${CAPABILITIES_KEY_JSON}:${summary}` : '';
  // Toolshed's governance (issue #21) under its own key: the version's review state, then its server's
  // trust, owners and contacts. The official key stays as the official registry writes it.
  const meta = governanceOf(row);
  const serverPart = meta !== undefined && meta.length > 2 ? `,${meta.slice(1, -1)}` : '';
  const governance = `,${GOVERNANCE_KEY_JSON}:{"reviewState":${JSON.stringify(row.review_state)}${serverPart}}`;
  return `{"server":${row.doc},"_meta":{${OFFICIAL_KEY_JSON}:${JSON.stringify(officialMeta(row))}${provenance}${capabilities}${governance}}}`;
}

export function renderServerList(rows: VersionRow[], nextCursor?: string, total?: number, capabilitiesOf: CapabilitiesOf = noCapabilities, governanceOf: GovernanceOf = noGovernance): string {
  const metadata = {
    ...(nextCursor === undefined ? {} : { nextCursor }),
    count: rows.length,
    ...(total === undefined ? {} : { [TOTAL_METADATA_KEY]: total }),
  };
  return `{"servers":[${rows.map((r) => renderServerResponse(r, capabilitiesOf, governanceOf)).join(',')}],"metadata":${JSON.stringify(metadata)}}`;
}
