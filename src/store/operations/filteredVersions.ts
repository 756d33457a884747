/**
 * The rows a listing's filter selects (everything but ranked search, whose match
 * and order differ per dialect): shared by the page query and the totals, so a
 * total always counts what the pages show.
 */
import { sql } from 'kysely';
import type { StoreDialect } from '../dialects/storeDialect.js';

export interface ListFilter {
  /** Case-insensitive substring of the name (the official `search`). */
  nameContains?: string;
  /** Ranked full-text search (Toolshed's `q`): see `StoreDialect.searchMatches`. */
  text?: string;
  /** Exclusive lower bound on `updated_at`, in microseconds. */
  updatedAfter?: number;
  /** `latest` selects each server's latest version; anything else is an exact version. */
  version?: string;
  includeDeleted: boolean;
  statuses?: Array<'active' | 'deprecated' | 'deleted'>;
  registryTypes?: string[];
  remoteTransports?: string[];
  /** '' for locally published versions, else federation source names. */
  origins?: string[];
  /**
   * Trust levels, any of: a server's reviewer-set trust (server_governance) when it
   * has one, else the trust curated for it (provenance `trust`), a default.
   */
  trusts?: string[];
  /** Curated tags (provenance `tags`), any of. */
  tags?: string[];
  /** Only versions whose current snapshot offers a tool of exactly this name (case-sensitive, as MCP names are). */
  tool?: string;
  /**
   * Review visibility (issue #21): only approved versions, and those `subject`
   * submitted (a publisher sees their own pending ones). Undefined: every version.
   */
  approvedOr?: { subject?: string };
  /**
   * Leaves out blocked servers (issue #21): a moderator's block
   * (server_governance.blocked_at) or a reviewer's trust `blocked`, the servers the
   * gateway refuses (listBlockedServers). People and anonymous readers do not discover them.
   */
  hideBlocked?: boolean;
  /** Most recently updated first (then name, version), instead of by name. Not with `text`. */
  newestFirst?: boolean;
}

/**
 * `provenance` contains `needle` (case-sensitive, no wildcards). Provenance is the
 * compact JSON.stringify of a flat object whose only array is `tags`, so a JSON-quoted
 * value right after `"trust":`, or between `[`/`,` and `,`/`]`, is that field's value:
 * inside a string a quote is always escaped and cannot start such a match.
 */
function provenanceContains(store: StoreDialect, needle: string) {
  return store.name === 'sqlite' ? sql<boolean>`instr(server_versions.provenance, ${needle}) > 0` : sql<boolean>`strpos(server_versions.provenance, ${needle}) > 0`;
}

/**
 * The versions whose current snapshot has a tool named exactly `name`. The
 * tool_search text (which holds every tool name) narrows the snapshots cheaply;
 * only those are parsed to compare names exactly.
 */
function offersTool(store: StoreDialect, name: string) {
  if (store.name === 'sqlite') {
    return sql<boolean>`(server_versions.name, server_versions.version) IN (
      SELECT cs.server, cs.version FROM capability_states cs
      JOIN capability_snapshots s ON s.id = cs.snapshot_id
      WHERE instr(lower(cs.tool_search), lower(${name})) > 0
        AND EXISTS (SELECT 1 FROM json_each(s.body, '$.items.tools') t WHERE json_extract(t.value, '$.key') = ${name}))`;
  }
  return sql<boolean>`(server_versions.name, server_versions.version) IN (
    SELECT cs.server, cs.version FROM capability_states cs
    JOIN capability_snapshots s ON s.id = cs.snapshot_id
    WHERE strpos(lower(cs.tool_search), lower(${name})) > 0
      AND s.body::jsonb -> 'items' -> 'tools' @> jsonb_build_array(jsonb_build_object('key', ${name}::text)))`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function filteredVersions(store: StoreDialect, filter: ListFilter) {
  let q = store.db.selectFrom('server_versions');
  if (filter.nameContains) {
    q = q.where(sql<boolean>`lower(server_versions.name) LIKE ${`%${escapeLike(filter.nameContains.toLowerCase())}%`} ESCAPE '\\'`);
  }
  if (filter.updatedAfter !== undefined) q = q.where('server_versions.updated_at', '>', filter.updatedAfter);
  if (filter.version === 'latest') q = q.where('server_versions.is_latest', '=', 1);
  else if (filter.version !== undefined) q = q.where('server_versions.version', '=', filter.version);
  if (filter.statuses?.length) q = q.where('server_versions.status', 'in', filter.statuses);
  else if (!filter.includeDeleted) q = q.where('server_versions.status', '!=', 'deleted');
  if (filter.registryTypes?.length) {
    const types = filter.registryTypes;
    q = q.where((eb) => eb.or(types.map((t) => eb('server_versions.package_types', 'like', `% ${escapeLike(t)} %`))));
  }
  if (filter.remoteTransports?.length) {
    const transports = filter.remoteTransports;
    q = q.where((eb) => eb.or(transports.map((t) => eb('server_versions.remote_transports', 'like', `% ${escapeLike(t)} %`))));
  }
  if (filter.origins?.length) q = q.where('server_versions.origin', 'in', filter.origins);
  if (filter.trusts?.length) {
    const levels = filter.trusts;
    const needles = levels.map((t) => `"trust":${JSON.stringify(t)}`);
    q = q.where((eb) =>
      eb.or([
        eb(
          'server_versions.name',
          'in',
          eb
            .selectFrom('server_governance')
            .select('server_governance.name')
            .where('server_governance.trust', 'in', levels as never),
        ),
        eb.and([
          eb('server_versions.name', 'not in', eb.selectFrom('server_governance').select('server_governance.name').where('server_governance.trust', 'is not', null)),
          eb.or(needles.map((n) => provenanceContains(store, n))),
        ]),
      ]),
    );
  }
  if (filter.approvedOr) {
    const subject = filter.approvedOr.subject;
    q =
      subject === undefined
        ? q.where('server_versions.review_state', '=', 'approved')
        : q.where(
            sql<boolean>`(server_versions.review_state = 'approved' OR EXISTS (SELECT 1 FROM version_reviews vr WHERE vr.name = server_versions.name AND vr.version = server_versions.version AND vr.submitted_by = ${subject}))`,
          );
  }
  if (filter.hideBlocked) {
    q = q.where((eb) =>
      eb(
        'server_versions.name',
        'not in',
        eb
          .selectFrom('server_governance')
          .select('server_governance.name')
          .where((g) => g.or([g('server_governance.blocked_at', 'is not', null), g('server_governance.trust', '=', 'blocked')])),
      ),
    );
  }
  if (filter.tool !== undefined) q = q.where(offersTool(store, filter.tool));
  if (filter.tags?.length) {
    const needles = filter.tags.flatMap((t) => {
      const v = JSON.stringify(t);
      return [`"tags":[${v},`, `"tags":[${v}]`, `,${v},`, `,${v}]`];
    });
    q = q.where((eb) => eb.or(needles.map((n) => provenanceContains(store, n))));
  }
  return q;
}
