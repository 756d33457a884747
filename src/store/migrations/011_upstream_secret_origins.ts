/**
 * A shared upstream secret records the origins an administrator approved it
 * for (`allowed_origins`, a JSON array of origins), so a publisher who later
 * points the server's remote elsewhere does not take the credential along.
 * A migration has neither the secret key nor the catalog's resolution of a
 * remote URL, so existing shared secrets start NULL, and every server start
 * settles them to the origins their server's remotes have then
 * (`UpstreamSecrets.settleLegacyApprovals`). Personal secrets stay NULL: they
 * are the person's own and bound to nothing.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE upstream_secrets ADD COLUMN allowed_origins TEXT').execute(db);
}
