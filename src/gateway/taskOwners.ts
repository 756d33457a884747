/**
 * Who created each task (2025-11-25 tasks: a `tools/call` with `task` answers a
 * CreateTaskResult, and `tasks/get|result|cancel|list` follow). Every caller is
 * one client to an upstream behind the gateway, so the upstream cannot keep one
 * person's tasks from another's; the gateway records the owner of each task it
 * relays the creation of, in the store so every replica answers alike.
 */
import { findGatewayTasks, insertGatewayTask, nowMicros, type Db } from '../store/index.js';

export interface TaskOwner {
  principal: string;
  /** The tool the task runs, when the gateway saw the call. */
  tool: string | null;
}

export interface TaskOwners {
  record(server: string, taskId: string, principal: string, tool: string | undefined): Promise<void>;
  /** The owners of these tasks of `server`; a task the gateway never saw created is absent. */
  find(server: string, taskIds: string[]): Promise<Map<string, TaskOwner>>;
}

export function createTaskOwners(db: Db): TaskOwners {
  return {
    async record(server, taskId, principal, tool) {
      await insertGatewayTask({ tx: db, row: { server, task_id: taskId, principal_id: principal, tool: tool ?? null, created_at: nowMicros() } });
    },
    async find(server, taskIds) {
      const rows = await findGatewayTasks({ tx: db, server, taskIds: [...new Set(taskIds)] });
      return new Map(rows.map((r) => [r.task_id, { principal: r.principal_id, tool: r.tool }]));
    },
  };
}
