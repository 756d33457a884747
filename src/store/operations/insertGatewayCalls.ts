import { CompiledQuery, type Insertable } from 'kysely';
import type { GatewayCallsTable, Tx } from '../schema.js';

/** Every column a gateway audit row sets, in the order of the compiled insert. */
const COLUMNS = [
  'at',
  'principal_id',
  'principal_label',
  'principal_via',
  'connection_id',
  'connection_label',
  'client_name',
  'client_version',
  'server',
  'method',
  'target',
  'outcome',
  'error_code',
  'error_message',
  'duration_us',
  'request_bytes',
  'response_bytes',
  'jsonrpc_id',
  'session_hash',
  'instance',
  'request_payload',
  'response_payload',
] as const satisfies readonly (keyof GatewayCallsTable)[];

/** Rows per statement (both dialects' parameter limits allow 200 × 22). */
const ROWS_PER_STATEMENT = 200;

/**
 * The insert's SQL text for `count` rows in this dialect, compiled by Kysely once
 * and reused: the audit writes thousands of rows a second under load, and
 * compiling a 4,200-parameter statement costs more than running it.
 */
const compiled = new Map<string, string>();
function insertText(tx: Tx, count: number): string {
  const key = `${tx.getExecutor().adapter.constructor.name}:${count}`;
  let text = compiled.get(key);
  if (text === undefined) {
    const blank = Object.fromEntries(COLUMNS.map((c) => [c, null])) as unknown as Insertable<GatewayCallsTable>;
    text = tx
      .insertInto('gateway_calls')
      .values(Array.from({ length: count }, () => blank))
      .compile().sql;
    compiled.set(key, text);
  }
  return text;
}

/** A batch of gateway audit rows, as multi-row inserts of at most 200 rows. */
export async function insertGatewayCalls({ tx, rows }: { tx: Tx; rows: Insertable<GatewayCallsTable>[] }): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const slice = rows.slice(i, i + ROWS_PER_STATEMENT);
    const parameters: unknown[] = [];
    for (const row of slice) for (const column of COLUMNS) parameters.push(row[column] ?? null);
    await tx.executeQuery(CompiledQuery.raw(insertText(tx, slice.length), parameters));
  }
}
