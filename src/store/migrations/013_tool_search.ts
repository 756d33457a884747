/**
 * Ranked search over what servers offer: `capability_states.tool_search` (the
 * current snapshot's tool names, titles and descriptions, written with the
 * snapshot) gets a full-text index of its own, so `q=create_issue` finds the
 * version offering that tool, ranked below every name, title or description match
 * (the dialects' `searchMatches` and `rankedSearch`).
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialectName.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const run = (ddl: string) => sql.raw(ddl).execute(db);
  if (dialect === 'postgres') {
    await run(`ALTER TABLE capability_states ADD COLUMN tool_search_vector tsvector GENERATED ALWAYS AS (to_tsvector('english', tool_search)) STORED`);
    await run(`CREATE INDEX capability_states_tool_search ON capability_states USING GIN (tool_search_vector)`);
    return;
  }
  await run(`CREATE VIRTUAL TABLE capability_tools_fts USING fts5(
    tool_search,
    content='capability_states', content_rowid='rowid',
    tokenize='porter unicode61', prefix='2 3'
  )`);
  await run(`CREATE TRIGGER capability_tools_fts_insert AFTER INSERT ON capability_states BEGIN
    INSERT INTO capability_tools_fts (rowid, tool_search) VALUES (new.rowid, new.tool_search);
  END`);
  await run(`CREATE TRIGGER capability_tools_fts_delete AFTER DELETE ON capability_states BEGIN
    INSERT INTO capability_tools_fts (capability_tools_fts, rowid, tool_search) VALUES ('delete', old.rowid, old.tool_search);
  END`);
  await run(`CREATE TRIGGER capability_tools_fts_update AFTER UPDATE OF tool_search ON capability_states BEGIN
    INSERT INTO capability_tools_fts (capability_tools_fts, rowid, tool_search) VALUES ('delete', old.rowid, old.tool_search);
    INSERT INTO capability_tools_fts (rowid, tool_search) VALUES (new.rowid, new.tool_search);
  END`);
  await run(`INSERT INTO capability_tools_fts (capability_tools_fts) VALUES ('rebuild')`);
}
