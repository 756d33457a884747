/**
 * Tasks through the gateway, with a real SDK server running tools as tasks
 * (2025-11-25): the gateway records who created each task from the
 * CreateTaskResult it relays, answers tasks/get|result|cancel for that person
 * only (anyone else, or a task it never saw created, gets "Unknown task" and the
 * upstream is never asked), keeps only the caller's tasks in tasks/list, and
 * applies a rule made since a task began to its tasks/result. The upstream keeps
 * every task in one store with no session: without the gateway, anyone could
 * read anyone's results.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personWithToken } from './support/people.js';
import { remoteDoc } from './support/serverDocs.js';
import { startTaskServer, type TaskUpstream } from './support/taskUpstream.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { testToolshed, type TestToolshed } from './support/testToolshed.js';

const HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-11-25' };

interface Rpc {
  id?: unknown;
  result?: Record<string, any>;
  error?: { code: number; message: string; data?: unknown };
}

describe.each(DATABASES)('gateway tasks on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    let json: TaskUpstream;
    let streaming: TaskUpstream;
    let base: string;
    let nextId = 1;
    const people: Record<string, { headers: Record<string, string>; id: string; urls: Record<string, string> }> = {};

    async function rpc(who: string, server: string, method: string, params: Record<string, unknown>): Promise<Rpc> {
      const res = await fetch(people[who]!.urls[server]!, { method: 'POST', headers: { ...HEADERS, ...people[who]!.headers }, body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }) });
      expect(res.status).toBe(200);
      const text = await res.text();
      // An event stream holds one answer here.
      const data = res.headers.get('content-type')?.startsWith('text/event-stream')
        ? text
            .split('\n')
            .find((l) => l.startsWith('data: '))!
            .slice(6)
        : text;
      return JSON.parse(data) as Rpc;
    }
    const create = async (who: string, server: string, tool = 'report') => {
      const answer = await rpc(who, server, 'tools/call', { name: tool, arguments: { title: `${who}'s` }, task: { ttl: 60_000 } });
      expect(answer.result?.task?.taskId, JSON.stringify(answer)).toMatch(/^[0-9a-f]{32}$/);
      return answer.result!.task.taskId as string;
    };

    beforeAll(async () => {
      [json, streaming] = await Promise.all([startTaskServer(), startTaskServer({ json: false })]);
      t = await testToolshed(kind, { outboundAllow: ['127.0.0.0/8'], outboundAllowHttp: true, accessDefaultEffect: 'allow' });
      await t.catalog.importDocument(remoteDoc('io.example/tasks', '1.0.0', json.url) as never);
      await t.catalog.importDocument(remoteDoc('io.example/tasks-sse', '1.0.0', streaming.url) as never);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      for (const who of ['alice', 'bob']) {
        const person = await personWithToken(t, who, ['gateway']);
        const caller = await t.directory.callerForUser(person.user.id, 'session');
        const urls: Record<string, string> = {};
        for (const server of ['io.example/tasks', 'io.example/tasks-sse']) {
          urls[server] = `${base}/mcp/${(await t.connections.create(caller!, { server, label: `${who} tasks` })).connection.id}`;
        }
        people[who] = { headers: person.headers, id: person.user.id, urls };
      }
    });

    afterAll(async () => {
      await t?.destroy();
      await Promise.all([json?.close(), streaming?.close()]);
    });

    it('records who created a task and answers its creator', async () => {
      const taskId = await create('alice', 'io.example/tasks');
      const row = await t.store.db.selectFrom('gateway_tasks').selectAll().where('task_id', '=', taskId).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ server: 'io.example/tasks', principal_id: people.alice!.id, tool: 'report' });
      expect((await rpc('alice', 'io.example/tasks', 'tasks/get', { taskId })).result).toMatchObject({ taskId, status: 'completed' });
      expect((await rpc('alice', 'io.example/tasks', 'tasks/result', { taskId })).result?.content).toEqual([{ type: 'text', text: "report: alice's" }]);
    });

    it('answers anyone else, and tasks it never saw created, as unknown without asking the upstream', async () => {
      const taskId = await create('alice', 'io.example/tasks');
      const asked = json.methods.length;
      for (const method of ['tasks/get', 'tasks/result', 'tasks/cancel']) {
        const answer = await rpc('bob', 'io.example/tasks', method, { taskId });
        expect(answer.error, method).toMatchObject({ code: -32602, message: `Unknown task: ${taskId}`, data: { reason: 'denied_by_policy' } });
      }
      const made_up = '0123456789abcdef0123456789abcdef';
      expect((await rpc('alice', 'io.example/tasks', 'tasks/get', { taskId: made_up })).error?.message).toBe(`Unknown task: ${made_up}`);
      expect((await rpc('alice', 'io.example/tasks', 'tasks/get', {})).error).toMatchObject({ code: -32602, message: 'params.taskId must be a string for tasks/get' });
      expect(json.methods.length).toBe(asked);
      // Each refusal is in the audit, with why.
      await t.gatewayAudit!.writer.flush();
      const denied = await t.store.db
        .selectFrom('gateway_calls')
        .select(['method', 'outcome', 'error_message'])
        .where('principal_id', '=', people.bob!.id)
        .where('method', 'like', 'tasks/%')
        .execute();
      expect(denied.map((d) => [d.method, d.outcome, d.error_message])).toEqual(
        expect.arrayContaining([
          ['tasks/get', 'denied', 'the task belongs to someone else'],
          ['tasks/result', 'denied', 'the task belongs to someone else'],
          ['tasks/cancel', 'denied', 'the task belongs to someone else'],
        ]),
      );
    });

    it('keeps only the caller’s tasks in tasks/list', async () => {
      const alices = await create('alice', 'io.example/tasks');
      const bobs = await create('bob', 'io.example/tasks');
      const listed = async (who: string) => ((await rpc(who, 'io.example/tasks', 'tasks/list', {})).result!.tasks as Array<{ taskId: string }>).map((task) => task.taskId);
      const forAlice = await listed('alice');
      const forBob = await listed('bob');
      expect(forAlice).toContain(alices);
      expect(forAlice).not.toContain(bobs);
      expect(forBob).toEqual([bobs]);
    });

    it('records tasks created over an event stream too', async () => {
      const taskId = await create('bob', 'io.example/tasks-sse', 'export');
      expect((await rpc('bob', 'io.example/tasks-sse', 'tasks/result', { taskId })).result?.content).toEqual([{ type: 'text', text: "export: bob's" }]);
      expect((await rpc('alice', 'io.example/tasks-sse', 'tasks/get', { taskId })).error?.message).toBe(`Unknown task: ${taskId}`);
    });

    it('applies a rule made since the task began to its result', async () => {
      const taskId = await create('alice', 'io.example/tasks', 'export');
      await t.accessPolicy.create(
        { id: 'no-exports', effect: 'deny', subject: { user: people.alice!.id }, actions: ['call'], resource: { server: 'io.example/tasks', tool: 'export' } },
        { actor: 'test' },
      );
      try {
        expect((await rpc('alice', 'io.example/tasks', 'tasks/result', { taskId })).error).toMatchObject({ code: -32602, message: 'Unknown tool: export' });
        // Its status is still hers to see.
        expect((await rpc('alice', 'io.example/tasks', 'tasks/get', { taskId })).result?.taskId).toBe(taskId);
      } finally {
        await t.accessPolicy.remove('no-exports', { actor: 'test' });
      }
    });
  });
});
