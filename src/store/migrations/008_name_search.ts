/**
 * Ranked search people can use: a name is indexed as its last segment's words,
 * their parts (so "sql" finds mysql) and its owner without the `io.github.`
 * prefix every name shares, each weighted apart (see `nameSearchFields`), instead
 * of the whole name as words. The three texts are columns of `server_versions`,
 * filled here for existing rows, and the full-text index is rebuilt over them:
 * last segment > title > parts > description > owner.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialectName.js';
import { nameSearchFields } from '../nameSearchFields.js';

const FTS_COLUMNS = 'search_name, search_parts, title, description, search_owner';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  if (dialect === 'sqlite') {
    for (const trigger of ['insert', 'delete', 'update']) await sql.raw(`DROP TRIGGER server_versions_fts_${trigger}`).execute(db);
    await sql.raw(`DROP TABLE server_versions_fts`).execute(db);
  }
  for (const column of ['search_name', 'search_parts', 'search_owner']) {
    await sql.raw(`ALTER TABLE server_versions ADD COLUMN ${column} TEXT NOT NULL DEFAULT ''`).execute(db);
  }
  const { rows } = await sql<{ name: string }>`SELECT DISTINCT name FROM server_versions`.execute(db);
  for (const { name } of rows) {
    const f = nameSearchFields(name);
    await sql`UPDATE server_versions SET search_name = ${f.words}, search_parts = ${f.parts}, search_owner = ${f.owner} WHERE name = ${name}`.execute(db);
  }

  if (dialect === 'postgres') {
    await sql.raw(`DROP INDEX server_versions_search`).execute(db);
    await sql.raw(`ALTER TABLE server_versions DROP COLUMN search`).execute(db);
    // Four weights only: the title shares A with the name; parts have B to themselves,
    // as a query matches them whole where it matches the others by prefix (postgres.ts).
    await sql
      .raw(
        `ALTER TABLE server_versions ADD COLUMN search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', search_name), 'A') ||
          setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
          setweight(to_tsvector('english', search_parts), 'B') ||
          setweight(to_tsvector('english', description), 'C') ||
          setweight(to_tsvector('english', search_owner), 'D')
        ) STORED`,
      )
      .execute(db);
    await sql.raw(`CREATE INDEX server_versions_search ON server_versions USING GIN (search)`).execute(db);
    return;
  }
  // Prefix indexes of 2 and 3 letters: search as you type asks for short prefixes most.
  await sql
    .raw(
      `CREATE VIRTUAL TABLE server_versions_fts USING fts5(
        ${FTS_COLUMNS},
        content='server_versions', content_rowid='rowid',
        tokenize='porter unicode61', prefix='2 3'
      )`,
    )
    .execute(db);
  const values = (row: 'new' | 'old') => `${row}.rowid, ${row}.search_name, ${row}.search_parts, coalesce(${row}.title, ''), ${row}.description, ${row}.search_owner`;
  await sql
    .raw(
      `CREATE TRIGGER server_versions_fts_insert AFTER INSERT ON server_versions BEGIN
        INSERT INTO server_versions_fts (rowid, ${FTS_COLUMNS}) VALUES (${values('new')});
      END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER server_versions_fts_delete AFTER DELETE ON server_versions BEGIN
        INSERT INTO server_versions_fts (server_versions_fts, rowid, ${FTS_COLUMNS}) VALUES ('delete', ${values('old')});
      END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER server_versions_fts_update AFTER UPDATE OF title, description, search_name, search_parts, search_owner ON server_versions BEGIN
        INSERT INTO server_versions_fts (server_versions_fts, rowid, ${FTS_COLUMNS}) VALUES ('delete', ${values('old')});
        INSERT INTO server_versions_fts (rowid, ${FTS_COLUMNS}) VALUES (${values('new')});
      END`,
    )
    .execute(db);
  await sql.raw(`INSERT INTO server_versions_fts (server_versions_fts) VALUES ('rebuild')`).execute(db);
}
