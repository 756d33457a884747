/**
 * One notion of trust (issue #21): a curation's trust level was free text; from now
 * on it is one of the governance trust levels (src/schemas/governance.ts), the same
 * words `server_governance.trust` uses. A stored value that names a level in another
 * case becomes that level; any other value becomes null, and each such change is
 * written to the registry audit log (action `trust`, actor `migration 016`) with the
 * old text, so nothing is lost silently. Catalog rows keep their materialised
 * provenance until the next sync or curation; readers only ever count known levels.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialectName.js';

const LEVELS = ['verified', 'internal', 'community', 'experimental', 'blocked'];

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  const rows = (await sql<{ source: string; name: string; trust: string }>`SELECT source, name, trust FROM curations WHERE trust IS NOT NULL`.execute(db)).rows;
  const at = Date.now() * 1000;
  for (const row of rows) {
    if (LEVELS.includes(row.trust)) continue;
    const folded = row.trust.trim().toLowerCase();
    const next = LEVELS.includes(folded) ? folded : null;
    await sql`UPDATE curations SET trust = ${next} WHERE source = ${row.source} AND name = ${row.name}`.execute(db);
    const old = JSON.stringify({ source: row.source === '' ? 'local' : row.source, curationTrust: row.trust });
    const now = JSON.stringify({
      source: row.source === '' ? 'local' : row.source,
      curationTrust: next,
      reason: next ? 'trust levels are fixed words now: the same level in lower case' : 'not a trust level (verified, internal, community, experimental, blocked): cleared',
    });
    await sql`INSERT INTO registry_events (at, action, name, version, actor_subject, actor_method, old_value, new_value)
      VALUES (${at}, 'trust', ${row.name}, '', 'migration 016', 'migration', ${old}, ${now})`.execute(db);
  }
  await sql.raw(`CREATE INDEX server_governance_trust ON server_governance (trust)`).execute(db);
}
