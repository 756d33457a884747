/**
 * Package preparation results (issue #22, item 5): when a version with a hostable
 * package is submitted, each of its packages is fetched, verified and cached, and the
 * outcome kept here for reviewers, one row per server, version and package
 * (`registry_type` and `identifier`; a version lists a package once). `outcome` is `ok`
 * or the named failure (hosting's `PrepareProblem`); `integrity` and `size_bytes` are
 * set when it is `ok`, `reason` when it is not. A preparation run again replaces its row.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialectName.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const text = dialect === 'postgres' ? 'TEXT COLLATE "C"' : 'TEXT';
  await sql
    .raw(
      `CREATE TABLE package_preparations (
    server ${text} NOT NULL,
    version ${text} NOT NULL,
    registry_type ${text} NOT NULL,
    identifier ${text} NOT NULL,
    outcome ${text} NOT NULL CHECK (outcome IN ('ok', 'missing', 'integrity', 'unsupported', 'runtime-missing', 'fetch-failed', 'too-large')),
    integrity ${text},
    size_bytes BIGINT,
    reason TEXT,
    prepared_at BIGINT NOT NULL,
    PRIMARY KEY (server, version, registry_type, identifier)
  )`,
    )
    .execute(db);
}
