import type { ReviewState } from '../../schemas/governance.js';
import { nameSearchFields } from '../nameSearchFields.js';
import type { Tx } from '../schema.js';

/** A version's document and the columns derived from it. */
export interface VersionContent {
  name: string;
  version: string;
  doc: string;
  title: string | null;
  description: string;
  packageTypes: string[];
  remoteTransports: string[];
  remoteUrls: string[];
}

export interface NewServerVersion extends VersionContent {
  status?: 'active' | 'deprecated' | 'deleted';
  statusMessage?: string | null;
  isLatest: boolean;
  publishedAt: number;
  updatedAt?: number;
  statusChangedAt?: number;
  origin?: string;
  provenance?: string | null;
  /** `approved` unless the version starts a review (issue #21). */
  reviewState?: ReviewState;
}

/** Space-padded so `LIKE '% npm %'` matches whole entries only. */
export function tagSet(values: string[]): string {
  const unique = [...new Set(values.filter((v) => v && !/\s/.test(v)))];
  return unique.length ? ` ${unique.join(' ')} ` : '';
}

/** The `server_versions` row for a new version: shared by the single and the batched insert. */
export function serverVersionValues(row: NewServerVersion) {
  const search = nameSearchFields(row.name);
  return {
    name: row.name,
    version: row.version,
    doc: row.doc,
    status: row.status ?? 'active',
    status_message: row.statusMessage ?? null,
    status_changed_at: row.statusChangedAt ?? row.publishedAt,
    published_at: row.publishedAt,
    updated_at: row.updatedAt ?? row.publishedAt,
    is_latest: row.isLatest ? 1 : 0,
    title: row.title,
    description: row.description,
    package_types: tagSet(row.packageTypes),
    remote_transports: tagSet(row.remoteTransports),
    ...(row.origin ? { origin: row.origin } : {}),
    provenance: row.provenance ?? null,
    review_state: row.reviewState ?? 'approved',
    search_name: search.words,
    search_parts: search.parts,
    search_owner: search.owner,
  };
}

export async function insertServerVersion({ tx, row }: { tx: Tx; row: NewServerVersion }): Promise<void> {
  await tx.insertInto('server_versions').values(serverVersionValues(row)).execute();
  // Mirrored versions do not claim their remote URLs: a local publish must not be
  // refused because an upstream registry lists the same URL.
  if (row.origin) return;
  const urls = [...new Set(row.remoteUrls)];
  if (urls.length) {
    await tx
      .insertInto('server_remote_urls')
      .values(urls.map((url) => ({ url, name: row.name, version: row.version })))
      .execute();
  }
}
