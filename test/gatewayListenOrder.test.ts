/**
 * The gateway keeps the order a client sets between opening a session's GET
 * listen stream and its next POST: a real SDK client opens the listen stream
 * (as it does right after initializing) and at once calls a tool whose real
 * SDK server asks the client a question (elicitation) on that stream, not on
 * the call's own. The gateway is made slow to prepare the GET (its caller
 * resolution takes a while for GETs, as a cold cache would), so without the
 * ordering the call reaches the upstream before the listen stream does and
 * the question is lost; with it, the upstream sees the GET first and the call
 * completes with the client's answer.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CredentialResolver } from '../src/access/caller.js';
import { startStatefulServer, type TestUpstream } from './support/mcpUpstreams.js';
import { remoteDoc } from './support/serverDocs.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { testToolshed, type TestToolshed } from './support/testToolshed.js';
import { asUser, testUserResolver } from './support/testUserResolver.js';

const SERVER = 'io.example/asks-on-listen';

/** The test user, whose GET requests take the gateway a while to resolve. */
const slowOnGet: CredentialResolver = async (request) => {
  if (request.method === 'GET') await sleep(300);
  return testUserResolver(request);
};

describe.each(DATABASES)('listen stream order through the gateway on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let toolshed: TestToolshed;
    let upstream: TestUpstream;
    let mcp: URL;

    beforeAll(async () => {
      upstream = await startStatefulServer({
        tools(server) {
          server.registerTool('ask', { description: 'Asks the client on the listen stream at once', inputSchema: {} }, async () => {
            // No related request: the SDK sends it on the session's GET listen stream, or drops it when there is none.
            const answer = await server.server.elicitInput({
              message: 'Which colour?',
              requestedSchema: { type: 'object', properties: { colour: { type: 'string' } }, required: ['colour'] },
            });
            return { content: [{ type: 'text', text: `${answer.action}: ${String(answer.content?.colour)}` }] };
          });
        },
      });
      toolshed = await testToolshed(
        kind,
        { outboundAllow: ['127.0.0.0/8'], outboundAllowHttp: true },
        { gateway: { policy: () => ({ allowed: true, reason: 'test: everything allowed' }) }, extraResolvers: [slowOnGet] },
      );
      await toolshed.catalog.importDocument(remoteDoc(SERVER, '1.0.0', upstream.url) as never);
      await toolshed.app.listen({ port: 0, host: '127.0.0.1' });
      mcp = new URL(`http://127.0.0.1:${(toolshed.app.server.address() as AddressInfo).port}/gateway/${encodeURIComponent(SERVER)}/mcp`);
    });

    afterAll(async () => {
      await toolshed?.destroy();
      await upstream?.close();
    });

    it('a tool call right after the listen stream opens gets the question the server sends on that stream', async () => {
      const client = new Client({ name: 'listen-order', version: '1.0.0' }, { capabilities: { elicitation: {} } });
      client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { colour: 'teal' } }));
      const transport = new StreamableHTTPClientTransport(mcp, { requestInit: { headers: asUser('alice') } });
      // connect() returns once `initialized` is accepted, and the SDK starts the GET listen stream then, without waiting for it.
      await client.connect(transport);
      const result = (await client.callTool({ name: 'ask', arguments: {} }, undefined, { timeout: 10_000 })) as { content: Array<{ text: string }> };
      expect(result.content[0]!.text).toBe('accept: teal');

      // The client holds the upstream's session id sealed to its connection: `<upstream id>.<seal>`.
      const sealed = transport.sessionId!;
      const session = sealed.slice(0, sealed.lastIndexOf('.'));
      const seen = upstream.requests.filter((r) => r.headers['mcp-session-id'] === session);
      const listen = seen.findIndex((r) => r.method === 'GET');
      const call = seen.findIndex((r) => r.method === 'POST' && (r.body as { method?: string } | undefined)?.method === 'tools/call');
      expect(listen).toBeGreaterThanOrEqual(0);
      expect(call).toBeGreaterThan(listen);
      await client.close();
    });
  });
});
