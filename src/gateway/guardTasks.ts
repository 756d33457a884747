/**
 * Tasks on the wire. Before forwarding: `tasks/get`, `tasks/result` and
 * `tasks/cancel` for a task the caller did not create through the gateway are
 * answered here as an unknown task (so nothing is revealed about other people's
 * tasks), and `tasks/result` also needs the `call` decision on the task's tool
 * now (a rule made since the task began still applies). On the way back: the
 * CreateTaskResult of a task-augmented `tools/call` is recorded as the caller's
 * before the client sees it, and `tasks/list` results keep only the caller's
 * tasks. Over the legacy HTTP+SSE transport, where answers travel on a stream
 * the gateway cannot tie to requests, tasks are refused.
 */
import type { RelayCall, RelaySettings } from './relayContext.js';
import { withhold, type Inspection } from './inspectMessages.js';
import { errorResponse, idKey, INVALID_PARAMS, INVALID_REQUEST, isObject, isRequest, isResponse, type JsonRpcRequest } from './jsonRpc.js';

const BY_ID = new Set(['tasks/get', 'tasks/result', 'tasks/cancel']);

export interface TaskTracking {
  /** Task-augmented tools/call requests by id (idKey): the tool each runs. */
  creating: Map<string, string | undefined>;
  /** tasks/list requests by id (idKey). */
  listing: Set<string>;
}

const isTaskCreation = (m: JsonRpcRequest) => m.method === 'tools/call' && isObject(m.params) && isObject(m.params.task);

/**
 * Takes out of `inspection.forward` the task requests the caller may not make,
 * and returns what to watch for in the answers (undefined when no request
 * concerns tasks: the common case costs one pass over the messages).
 */
export function guardTasks(s: RelaySettings, call: RelayCall, inspection: Inspection, transport: 'streamable-http' | 'sse'): Promise<TaskTracking | undefined> | undefined {
  // The hot path: nothing allocated, nothing awaited, when no request concerns tasks.
  if (!inspection.forward.some(concernsTasks)) return undefined;
  return guardTaskRequests(s, call, inspection, transport);
}

const concernsTasks = (m: unknown): m is JsonRpcRequest => isRequest(m) && (m.method.startsWith('tasks/') || isTaskCreation(m));

async function guardTaskRequests(s: RelaySettings, call: RelayCall, inspection: Inspection, transport: 'streamable-http' | 'sse'): Promise<TaskTracking | undefined> {
  const concerned = inspection.forward.filter(concernsTasks);
  const server = call.upstream.server;
  if (transport === 'sse' || !s.tasks) {
    for (const m of concerned) {
      const message = 'Tasks are not available through this gateway connection: use a streamable HTTP connection';
      withhold(inspection, m, errorResponse(m.id, INVALID_REQUEST, message), message, 'error');
    }
    return undefined;
  }
  const asked = concerned.filter((m) => BY_ID.has(m.method));
  const ids = asked.map((m) => (isObject(m.params) ? m.params.taskId : undefined)).filter((id): id is string => typeof id === 'string');
  const owners = ids.length ? await s.tasks.find(server, ids) : new Map();
  const tracking: TaskTracking = { creating: new Map(), listing: new Set() };
  for (const m of concerned) {
    if (m.method === 'tasks/list') {
      tracking.listing.add(idKey(m.id));
      continue;
    }
    if (isTaskCreation(m)) {
      tracking.creating.set(idKey(m.id), typeof m.params!.name === 'string' ? m.params!.name : undefined);
      continue;
    }
    if (!BY_ID.has(m.method)) continue;
    const taskId = isObject(m.params) ? m.params.taskId : undefined;
    if (typeof taskId !== 'string') {
      const message = `params.taskId must be a string for ${m.method}`;
      withhold(inspection, m, errorResponse(m.id, INVALID_PARAMS, message), message, 'error');
      continue;
    }
    const owner = owners.get(taskId);
    if (!owner || owner.principal !== call.caller.id) {
      const why = owner ? 'the task belongs to someone else' : 'the task was not created through this gateway';
      withhold(inspection, m, errorResponse(m.id, INVALID_PARAMS, `Unknown task: ${taskId}`, { reason: 'denied_by_policy' }), why, 'denied');
      continue;
    }
    if (m.method === 'tasks/result' && owner.tool !== null) {
      const decision = s.policy(call.caller, 'call', { server, tool: owner.tool });
      if (!decision.allowed) {
        withhold(inspection, m, errorResponse(m.id, INVALID_PARAMS, `Unknown tool: ${owner.tool}`, { reason: 'denied_by_policy' }), decision.reason, 'denied');
      }
    }
  }
  return tracking;
}

/**
 * One answer on its way back: records the task a CreateTaskResult names as the
 * caller's (before it is relayed), and keeps only the caller's tasks in a
 * `tasks/list` result. Returns the message to relay (the same object when unchanged).
 */
export async function settleTaskAnswer(s: RelaySettings, call: RelayCall, tracking: TaskTracking, message: unknown): Promise<unknown> {
  if (!s.tasks || !isResponse(message) || !isObject(message.result)) return message;
  const key = idKey(message.id);
  const server = call.upstream.server;
  if (tracking.creating.has(key)) {
    const task = message.result.task;
    if (isObject(task) && typeof task.taskId === 'string') await s.tasks.record(server, task.taskId, call.caller.id, tracking.creating.get(key));
    return message;
  }
  if (tracking.listing.has(key) && Array.isArray(message.result.tasks)) {
    const tasks = message.result.tasks as unknown[];
    const ids = tasks.map((t) => (isObject(t) && typeof t.taskId === 'string' ? t.taskId : undefined)).filter((id): id is string => id !== undefined);
    const owners = await s.tasks.find(server, ids);
    const mine = tasks.filter((t) => isObject(t) && typeof t.taskId === 'string' && owners.get(t.taskId)?.principal === call.caller.id);
    return mine.length === tasks.length ? message : { ...message, result: { ...message.result, tasks: mine } };
  }
  return message;
}
