/**
 * The bridge's routing of what a server sends on its own, over its real Unix socket:
 * sessions of a shared instance may be different people's, so a progress
 * notification reaches only the call that asked for it, and a server request or
 * other notification only the one session it can belong to.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { BRIDGE_SECRET_HEADER, createStdioBridge, type StdioBridge } from './createStdioBridge.js';

type Json = Record<string, unknown>;

const opened: Array<{ bridge: StdioBridge; dir: string; agent: Agent }> = [];

afterEach(async () => {
  for (const o of opened.splice(0)) {
    await o.agent.destroy();
    await o.bridge.close();
    rmSync(o.dir, { recursive: true, force: true });
  }
});

/** A bridge whose "process" is this test: what the bridge sends to it is recorded, and the test answers. */
async function bridgeWithServer() {
  const dir = mkdtempSync(join(tmpdir(), 'toolshed-bridge-'));
  const toServer: Json[] = [];
  const bridge = createStdioBridge(join(dir, 'b.sock'), { ready: async () => ({ ok: true }), send: (m) => void toServer.push(m), touch: () => undefined });
  await bridge.listen();
  const agent = new Agent({ connect: { socketPath: bridge.socketPath } });
  opened.push({ bridge, dir, agent });
  // The bridge initializes the process itself: answer it.
  const init = bridge.initialize(5000, '1.0.0');
  await expect.poll(() => toServer.length).toBe(1);
  bridge.fromServer({ jsonrpc: '2.0', id: toServer[0]!.id, result: { protocolVersion: '2025-06-18', capabilities: {}, serverInfo: { name: 's', version: '1' } } });
  await init;
  const headers = { [BRIDGE_SECRET_HEADER]: bridge.secret, 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  const post = (body: Json, session?: string) =>
    request('http://bridge/mcp', { dispatcher: agent, method: 'POST', headers: { ...headers, ...(session ? { 'mcp-session-id': session } : {}) }, body: JSON.stringify(body) });
  /** A session with its GET stream: the events it receives, as parsed messages. */
  const session = async () => {
    const res = await post({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'c', version: '1' } } });
    const id = String(res.headers['mcp-session-id']);
    await res.body.text();
    const events: Json[] = [];
    const stream = await request('http://bridge/mcp', { dispatcher: agent, method: 'GET', headers: { ...headers, 'mcp-session-id': id } });
    let text = '';
    stream.body.on('error', () => undefined);
    stream.body.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      for (let i = text.indexOf('\n\n'); i !== -1; i = text.indexOf('\n\n')) {
        const data = /^data: (.*)$/m.exec(text.slice(0, i));
        if (data) events.push(JSON.parse(data[1]!) as Json);
        text = text.slice(i + 2);
      }
    });
    return { id, events, call: (body: Json) => post(body, id) };
  };
  return { bridge, toServer, session };
}

describe('the stdio bridge', () => {
  it("sends a call's progress only to the session that asked, with its own token", async () => {
    const { bridge, toServer, session } = await bridgeWithServer();
    const ann = await session();
    const bob = await session();
    const answered = ann.call({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'slow', _meta: { progressToken: 7 } } });
    await expect.poll(() => toServer.some((m) => m.method === 'tools/call')).toBe(true);
    const forwarded = toServer.find((m) => m.method === 'tools/call')!;
    const token = ((forwarded.params as Json)._meta as Json).progressToken;
    expect(token).not.toBe(7);
    bridge.fromServer({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: token, progress: 1 } });
    // A token the bridge never gave out goes nowhere.
    bridge.fromServer({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 7, progress: 2 } });
    await expect.poll(() => ann.events.length).toBe(1);
    expect(ann.events[0]).toMatchObject({ method: 'notifications/progress', params: { progressToken: 7, progress: 1 } });
    bridge.fromServer({ jsonrpc: '2.0', id: forwarded.id, result: { content: [] } });
    expect(JSON.parse(await (await answered).body.text())).toMatchObject({ id: 7, result: { content: [] } });
    expect(bob.events).toEqual([]);
  });

  it('routes a server request to the one session with a call in flight, refuses it when two have, and answers ping itself', async () => {
    const { bridge, toServer, session } = await bridgeWithServer();
    const ann = await session();
    const bob = await session();
    void ann.call({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'ask' } }).catch(() => undefined);
    await expect.poll(() => toServer.filter((m) => m.method === 'tools/call').length).toBe(1);
    bridge.fromServer({ jsonrpc: '2.0', id: 90, method: 'elicitation/create', params: { message: "Ann's question" } });
    bridge.fromServer({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: "Ann's log" } });
    await expect.poll(() => ann.events.length).toBe(2);
    expect(ann.events.map((e) => e.method)).toEqual(['elicitation/create', 'notifications/message']);
    // Bob speaking does not draw Ann's prompts to him.
    await (await bob.call({ jsonrpc: '2.0', method: 'notifications/initialized' })).body.text();
    void bob.call({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'ask' } }).catch(() => undefined);
    await expect.poll(() => toServer.filter((m) => m.method === 'tools/call').length).toBe(2);
    bridge.fromServer({ jsonrpc: '2.0', id: 91, method: 'sampling/createMessage', params: { messages: [] } });
    bridge.fromServer({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'whose?' } });
    await expect.poll(() => toServer.some((m) => m.id === 91)).toBe(true);
    expect(toServer.find((m) => m.id === 91)).toMatchObject({ error: { code: -32601 } });
    bridge.fromServer({ jsonrpc: '2.0', id: 92, method: 'ping' });
    expect(toServer.find((m) => m.id === 92)).toEqual({ jsonrpc: '2.0', id: 92, result: {} });
    // A list change is the server's own state: everyone hears it.
    bridge.fromServer({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
    await expect.poll(() => bob.events.length).toBe(1);
    expect(bob.events[0]).toMatchObject({ method: 'notifications/tools/list_changed' });
    await expect.poll(() => ann.events.length).toBe(3);
    expect(ann.events.map((e) => e.method)).toEqual(['elicitation/create', 'notifications/message', 'notifications/tools/list_changed']);
  });
});
