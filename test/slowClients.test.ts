/**
 * Slow and silent clients cannot hold connections for good. A client has
 * TOOLSHED_HEADERS_TIMEOUT_SECONDS to send a whole request head, also on a new
 * connection (Node times a head only from its first byte, so a client that
 * connected and stayed silent used to hold its connection for ever), and
 * TOOLSHED_REQUEST_TIMEOUT_SECONDS to send the whole request (it was unbounded).
 * Neither limit cuts a long answer. (HTTP behaviour only: one database suffices.)
 */
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { GatewayPolicy } from '../src/gateway/index.js';
import { startStatelessServer, type TestUpstream } from './support/mcpUpstreams.js';
import { ADMIN_TOKEN, testToolshed, type TestToolshed } from './support/testToolshed.js';

/** A raw client: what it received so far, and whether the server closed it. */
async function rawClient(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let received = '';
  let isClosed = false;
  socket.on('data', (chunk: Buffer) => void (received += chunk.toString('latin1')));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      isClosed = true;
      resolve();
    }),
  );
  return { socket, closed, received: () => received, isClosed: () => isClosed };
}

const waitFor = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
};

const allowAll: GatewayPolicy = () => ({ allowed: true, reason: 'test: allow' });

describe('time to send a request', () => {
  let t: TestToolshed;
  let upstream: TestUpstream;
  let port: number;
  beforeAll(async () => {
    upstream = await startStatelessServer({ json: true });
    t = await testToolshed(
      'sqlite',
      { headersTimeoutSeconds: 1, requestTimeoutSeconds: 2, shutdownGraceSeconds: 1, outboundAllow: ['127.0.0.0/8'], outboundAllowHttp: true },
      { gateway: { policy: allowAll } },
    );
    await t.catalog.importDocument({
      $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
      name: 'io.example/slow',
      description: 'A tool call the test holds open',
      version: '1.0.0',
      remotes: [{ type: 'streamable-http', url: upstream.url }],
    } as never);
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await t?.destroy();
    await upstream?.close();
  });

  it('closes a connection that sends nothing, or only half a head', async () => {
    const silent = await rawClient(port);
    const halfSent = await rawClient(port);
    halfSent.socket.write('GET /v0/health HTTP/1.1\r\nHost: toolshed.test\r\n');
    await Promise.all([silent.closed, halfSent.closed]);
    // Both are closed (the awaits above end only then). Whichever timer fires first: ours
    // closes silently, Node's headers timeout answers 408 first; a loaded machine can let
    // Node's win for the silent one too. Nothing else may be sent.
    expect(silent.received()).toMatch(/^(HTTP\/1\.1 408 [^]*)?$/);
    expect(halfSent.received()).toMatch(/^(HTTP\/1\.1 408 [^]*)?$/);
  });

  it('answers 408 to a request whose body does not arrive in time, and logs no relay failure for it', async () => {
    const errors = vi.spyOn(t.app.log, 'error');
    const client = await rawClient(port);
    client.socket.write(
      `POST /gateway/${encodeURIComponent('io.example/slow')}/mcp HTTP/1.1\r\nHost: toolshed.test\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"jsonrpc":`,
    );
    await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(upstream.requests).toHaveLength(0);
    // A client gone mid-body is not the gateway failing.
    await new Promise((r) => setTimeout(r, 50));
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  it('does not apply once the first request has arrived: a tool call silent for longer is answered', async () => {
    const call = JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'progress', arguments: { steps: 1 } } });
    const client = await rawClient(port);
    client.socket.write(
      `POST /gateway/${encodeURIComponent('io.example/slow')}/mcp HTTP/1.1\r\nHost: toolshed.test\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\n` +
        `Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\nMCP-Protocol-Version: 2025-06-18\r\nContent-Length: ${Buffer.byteLength(call)}\r\n\r\n${call}`,
    );
    await waitFor(() => upstream.ran.includes('progress'));
    // Nothing moves on the connection for longer than both limits.
    await new Promise((r) => setTimeout(r, 3_200));
    expect(client.isClosed()).toBe(false);
    upstream.gate.release(1);
    await waitFor(() => client.received().includes('done after 1 steps'));
    expect(client.received()).toMatch(/^HTTP\/1\.1 200 /);
    client.socket.destroy();
  });
});
