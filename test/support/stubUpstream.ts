/**
 * A registry upstream under the test's control, on 127.0.0.1: `handle` answers
 * each request (the official list wire format, garbage, or nothing until the test
 * releases it), and every request URL is recorded.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface StubUpstream {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

export async function stubUpstream(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<StubUpstream> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** One list page in the official shape, every entry active and published now. */
export function listPage(docs: Array<Record<string, unknown>>): string {
  const at = new Date().toISOString();
  return JSON.stringify({
    servers: docs.map((server) => ({
      server,
      _meta: { 'io.modelcontextprotocol.registry/official': { status: 'active', publishedAt: at, updatedAt: at, isLatest: true } },
    })),
    metadata: { count: docs.length },
  });
}
