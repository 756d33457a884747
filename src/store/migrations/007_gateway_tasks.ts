/**
 * Which person a task belongs to. An upstream behind the gateway sees one
 * client for everyone, so the gateway records who created each task (from the
 * CreateTaskResult it relays) and answers `tasks/*` for that person only.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialectName.js';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const text = dialect === 'postgres' ? 'TEXT COLLATE "C"' : 'TEXT';
  await sql
    .raw(
      `CREATE TABLE gateway_tasks (
    server ${text} NOT NULL,
    task_id ${text} NOT NULL,
    principal_id ${text} NOT NULL,
    tool ${text},
    created_at BIGINT NOT NULL,
    PRIMARY KEY (server, task_id)
  )`,
    )
    .execute(db);
  await sql.raw('CREATE INDEX gateway_tasks_created ON gateway_tasks (created_at)').execute(db);
}
