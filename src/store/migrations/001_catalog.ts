/**
 * The catalog tables. Names and versions sort in byte order (the official
 * registry's `ORDER BY server_name, version`), which on PostgreSQL needs the "C"
 * collation; SQLite's default BINARY collation already is byte order.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialectName.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const text = dialect === 'postgres' ? 'TEXT COLLATE "C"' : 'TEXT';
  await sql
    .raw(
      `CREATE TABLE server_versions (
        name ${text} NOT NULL,
        version ${text} NOT NULL,
        doc TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'active'
          CHECK (status IN ('active', 'deprecated', 'deleted')),
        status_message TEXT CHECK (status_message IS NULL OR length(status_message) <= 500),
        status_changed_at BIGINT NOT NULL,
        published_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        is_latest INTEGER NOT NULL CHECK (is_latest IN (0, 1)),
        title TEXT,
        description TEXT NOT NULL,
        package_types TEXT NOT NULL DEFAULT '',
        remote_transports TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (name, version),
        CHECK (length(trim(version)) > 0),
        CHECK (status_changed_at >= published_at)
      )`,
    )
    .execute(db);
  await sql.raw(`CREATE UNIQUE INDEX server_versions_one_latest ON server_versions (name) WHERE is_latest = 1`).execute(db);
  await sql.raw(`CREATE INDEX server_versions_updated_at ON server_versions (updated_at)`).execute(db);
  await sql.raw(`CREATE INDEX server_versions_version ON server_versions (version, name)`).execute(db);
  await sql
    .raw(
      `CREATE TABLE server_remote_urls (
        url TEXT NOT NULL,
        name ${text} NOT NULL,
        version ${text} NOT NULL,
        PRIMARY KEY (url, name, version),
        FOREIGN KEY (name, version) REFERENCES server_versions (name, version) ON DELETE CASCADE
      )`,
    )
    .execute(db);

  if (dialect === 'postgres') {
    // Weighted so a hit in the name outranks one in the title, then the description.
    // Punctuation in names (io.github.acme/weather-mcp) becomes spaces so each part is a word.
    await sql
      .raw(
        `ALTER TABLE server_versions ADD COLUMN search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', regexp_replace(name, '[^a-zA-Z0-9]+', ' ', 'g')), 'A') ||
          setweight(to_tsvector('english', coalesce(title, '')), 'B') ||
          setweight(to_tsvector('english', description), 'C')
        ) STORED`,
      )
      .execute(db);
    await sql.raw(`CREATE INDEX server_versions_search ON server_versions USING GIN (search)`).execute(db);
  } else {
    await sql
      .raw(
        `CREATE VIRTUAL TABLE server_versions_fts USING fts5(
          name, title, description,
          content='server_versions', content_rowid='rowid',
          tokenize='porter unicode61'
        )`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER server_versions_fts_insert AFTER INSERT ON server_versions BEGIN
          INSERT INTO server_versions_fts (rowid, name, title, description)
          VALUES (new.rowid, new.name, coalesce(new.title, ''), new.description);
        END`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER server_versions_fts_delete AFTER DELETE ON server_versions BEGIN
          INSERT INTO server_versions_fts (server_versions_fts, rowid, name, title, description)
          VALUES ('delete', old.rowid, old.name, coalesce(old.title, ''), old.description);
        END`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER server_versions_fts_update AFTER UPDATE OF title, description ON server_versions BEGIN
          INSERT INTO server_versions_fts (server_versions_fts, rowid, name, title, description)
          VALUES ('delete', old.rowid, old.name, coalesce(old.title, ''), old.description);
          INSERT INTO server_versions_fts (rowid, name, title, description)
          VALUES (new.rowid, new.name, coalesce(new.title, ''), new.description);
        END`,
      )
      .execute(db);
  }
}
