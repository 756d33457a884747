import type { GatewayTasksTable, Tx } from '../schema.js';

/** Records who created a task; a second record of the same task keeps the first owner. */
export async function insertGatewayTask({ tx, row }: { tx: Tx; row: GatewayTasksTable }): Promise<void> {
  await tx
    .insertInto('gateway_tasks')
    .values(row)
    .onConflict((oc) => oc.columns(['server', 'task_id']).doNothing())
    .execute();
}
