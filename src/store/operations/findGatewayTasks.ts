import type { GatewayTasksTable, Tx } from '../schema.js';

/** The recorded owners of these tasks of a server (tasks never recorded are absent). */
export async function findGatewayTasks({ tx, server, taskIds }: { tx: Tx; server: string; taskIds: string[] }): Promise<GatewayTasksTable[]> {
  if (taskIds.length === 0) return [];
  return tx.selectFrom('gateway_tasks').selectAll().where('server', '=', server).where('task_id', 'in', taskIds).execute();
}
