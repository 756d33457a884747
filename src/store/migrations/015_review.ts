/**
 * Review (issue #21): the approval policy of each source and reviewers' comments.
 *
 * - `review_policies`: one row per source (`local`, or a federation source name): the
 *   policy as JSON (`{ defaultAction, rules, allowSelfApproval }`), who replaced it last,
 *   and `revision`, its entity tag. No row: the `TOOLSHED_REVIEW_DEFAULT` setting decides.
 * - `review_comments`: what reviewers and publishers wrote about one version's review.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialectName.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const text = dialect === 'postgres' ? 'TEXT COLLATE "C"' : 'TEXT';
  const id = dialect === 'postgres' ? 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
  const run = (ddl: string) => sql.raw(ddl).execute(db);

  await run(`CREATE TABLE review_policies (
    source ${text} NOT NULL PRIMARY KEY,
    policy TEXT NOT NULL,
    revision INTEGER NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL
  )`);

  await run(`CREATE TABLE review_comments (
    id ${id},
    name ${text} NOT NULL,
    version ${text} NOT NULL,
    at BIGINT NOT NULL,
    author TEXT NOT NULL,
    body TEXT NOT NULL
  )`);
  await run(`CREATE INDEX review_comments_version ON review_comments (name, version, id)`);
}
