/**
 * Mirrored versions under review (issue #21, item 2): from now on a version a
 * federation sync brings in starts a review under its source's approval policy,
 * as a local publish does. Versions mirrored before this migration were live to
 * readers; they stay so: each mirrored catalog row without a review gets an
 * `approved` review (source: its federation source, decided by `migration 021`),
 * and `server_versions.review_state` stays `approved` (migration 014's default).
 * One registry audit log row (action `policy`, actor `migration 021`) records how
 * many versions of which sources were approved this way, rather than one row per
 * version: an upgrade must not announce thousands of approvals.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialectName.js';

export const MIGRATION_ACTOR = 'migration 021';
export const MIGRATION_RULE = 'mirrored before mirrored versions were reviewed (migration 021)';

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  const at = Date.now() * 1000;
  const counts = (
    await sql<{ origin: string; n: number | string }>`SELECT sv.origin AS origin, COUNT(*) AS n FROM server_versions sv
      WHERE sv.origin <> '' AND NOT EXISTS (SELECT 1 FROM version_reviews vr WHERE vr.name = sv.name AND vr.version = sv.version)
      GROUP BY sv.origin ORDER BY sv.origin`.execute(db)
  ).rows;
  if (counts.length === 0) return;
  await sql`INSERT INTO version_reviews (name, version, state, source, submitted_by, submitted_at, checks, decided_by, decided_at, reason, auto_rule, revision, updated_at)
    SELECT sv.name, sv.version, 'approved', sv.origin, ${MIGRATION_ACTOR}, sv.published_at, '[]', ${MIGRATION_ACTOR}, ${at}, NULL, ${MIGRATION_RULE}, 1, ${at}
    FROM server_versions sv
    WHERE sv.origin <> '' AND NOT EXISTS (SELECT 1 FROM version_reviews vr WHERE vr.name = sv.name AND vr.version = sv.version)`.execute(db);
  const approved = Object.fromEntries(counts.map((c) => [c.origin, Number(c.n)]));
  const value = JSON.stringify({
    mirroredApproved: approved,
    reason: 'versions mirrored before mirrored versions were reviewed stay visible: they are approved as they were; new mirrored versions follow their source’s approval policy',
  });
  await sql`INSERT INTO registry_events (at, action, name, version, actor_subject, actor_method, old_value, new_value)
    VALUES (${at}, 'policy', '', '', ${MIGRATION_ACTOR}, 'migration', NULL, ${value})`.execute(db);
}
