/**
 * A real MCP server from the SDK that runs a tool as a task (the 2025-11-25
 * experimental tasks: `tools/call` with `task` answers a CreateTaskResult, then
 * `tasks/get`, `tasks/result`, `tasks/list`, `tasks/cancel`). Stateless, with one
 * task store shared by every request and no session to bind tasks to: behind a
 * gateway, every caller is the same client to it, so keeping one person's task
 * from another is the gateway's job. Answers plain JSON, or event streams with
 * `{json: false}`.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { InMemoryTaskMessageQueue, InMemoryTaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/index.js';
import { z } from 'zod';

export interface TaskUpstream {
  url: string;
  /** Methods the upstream was asked, in order. */
  methods: string[];
  close(): Promise<void>;
}

export async function startTaskServer(options: { json?: boolean } = {}): Promise<TaskUpstream> {
  const taskStore = new InMemoryTaskStore();
  const methods: string[] = [];
  const serverFor = () => {
    const server = new McpServer(
      { name: 'task-upstream', version: '1.0.0' },
      { capabilities: { tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } } }, taskStore, taskMessageQueue: new InMemoryTaskMessageQueue() },
    );
    for (const name of ['report', 'export']) {
      server.experimental.tasks.registerToolTask(
        name,
        { description: `Writes a ${name} as a task`, inputSchema: { title: z.string() } },
        {
          async createTask({ title }, { taskStore: store, taskRequestedTtl }) {
            const task = await store.createTask({ ttl: taskRequestedTtl ?? 60_000 });
            await store.storeTaskResult(task.taskId, 'completed', { content: [{ type: 'text', text: `${name}: ${title}` }] });
            return { task };
          },
          async getTask(_args, { taskId, taskStore: store }) {
            return (await store.getTask(taskId))!;
          },
          async getTaskResult(_args, { taskId, taskStore: store }) {
            return (await store.getTaskResult(taskId)) as never;
          },
        },
      );
    }
    return server;
  };
  const http: HttpServer = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { method?: string }) : undefined;
      if (body?.method) methods.push(body.method);
      const server = serverFor();
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: options.json ?? true });
      res.on('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(req, res, body);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`,
    methods,
    async close() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
