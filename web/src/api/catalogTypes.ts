/**
 * The shapes the web UI reads from the public registry API (server.json inside the
 * official list and detail responses) and Toolshed's `_meta` extensions. Only the
 * fields the UI uses are typed; everything else is carried untouched.
 */

export const OFFICIAL_META_KEY = 'io.modelcontextprotocol.registry/official';
export const PROVENANCE_META_KEY = 'io.toolshed/provenance';
/** Trust in force (a reviewer's level, else the curated default), owners and contacts of the server. */
export const GOVERNANCE_META_KEY = 'io.toolshed/governance';
/** In a list's `metadata` when asked with `include_total=true`: the items all pages hold. */
export const TOTAL_METADATA_KEY = 'io.toolshed/total';

export interface Input {
  name?: string;
  description?: string;
  isRequired?: boolean;
  isSecret?: boolean;
  format?: string;
  default?: string;
  value?: string;
  choices?: string[];
  placeholder?: string;
}

export interface Argument extends Input {
  type?: 'positional' | 'named' | string;
  valueHint?: string;
  isRepeated?: boolean;
}

export interface Transport {
  type: string;
  url?: string;
  headers?: Input[];
}

export interface Package {
  registryType: string;
  registryBaseUrl?: string;
  identifier: string;
  version?: string;
  runtimeHint?: string;
  transport?: Transport;
  runtimeArguments?: Argument[];
  packageArguments?: Argument[];
  environmentVariables?: Input[];
}

export interface Remote {
  type: string;
  url: string;
  headers?: Input[];
  variables?: Record<string, Input>;
}

export interface Icon {
  src: string;
  mimeType?: string;
  sizes?: string[];
  theme?: 'light' | 'dark';
}

export interface ServerJson {
  $schema?: string;
  name: string;
  title?: string;
  description: string;
  version: string;
  websiteUrl?: string;
  repository?: { url?: string; source?: string; subfolder?: string; id?: string };
  icons?: Icon[];
  packages?: Package[];
  remotes?: Remote[];
  _meta?: Record<string, unknown>;
}

export interface OfficialMeta {
  status: 'active' | 'deprecated' | 'deleted';
  statusChangedAt?: string;
  statusMessage?: string;
  publishedAt: string;
  updatedAt: string;
  isLatest: boolean;
}

export interface Provenance {
  origin: 'local' | 'mirror';
  source?: string;
  upstreamPublishedAt?: string;
  upstreamUpdatedAt?: string;
  trust?: string;
  tags?: string[];
  notes?: string;
  pinnedVersion?: string;
}

export interface GovernanceMeta {
  /** The version's review state: submitted, checking, in_review, approved or rejected. */
  reviewState?: string;
  trust?: string;
  trustSource?: 'reviewer' | 'curation';
  owners?: Array<{ kind: 'user'; id: string } | { kind: 'group'; name: string }>;
  supportContact?: string;
  docsUrl?: string;
  recertifyDueAt?: string;
}

export interface ServerResponse {
  server: ServerJson;
  _meta?: { [OFFICIAL_META_KEY]?: OfficialMeta; [PROVENANCE_META_KEY]?: Provenance; [GOVERNANCE_META_KEY]?: GovernanceMeta; [key: string]: unknown };
}

export interface ServerList {
  servers: ServerResponse[];
  metadata: { nextCursor?: string; count: number; [TOTAL_METADATA_KEY]?: number };
}
