/**
 * Hosted instances on their own (no gateway): real sandboxed processes under
 * bwrap, real SDK clients through the hosting dispatcher to the bridge. The
 * lifecycle (start, crash and restart, idle shutdown, caps, start-up timeout,
 * non-JSON stdout, a process that exits at once), the redacted stderr buffer,
 * and the sandbox's promises checked from inside an instance.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostedDispatcher, createHostedInstances, type HostedInstancesHandle, type HostedInstancesOptions, type InstanceResult } from '../src/hosting/index.js';
import { buildHostedFixture, fixturePackage, type HostedFixture } from './support/hostedFixture.js';

const silentLog = { info: () => undefined, warn: () => undefined };

let fixture: HostedFixture;
let dataDir: string;
const opened: HostedInstancesHandle[] = [];

function instancesWith(overrides: Partial<HostedInstancesOptions> = {}): { instances: HostedInstancesHandle; dispatcher: Dispatcher } {
  const instances = createHostedInstances({
    enabled: true,
    dataDir,
    preparer: fixture.preparer,
    settingsOf: async () => ({ mode: 'per-person', network: false }),
    maxInstances: 10,
    maxPerServer: 5,
    idleSeconds: 600,
    startTimeoutSeconds: 20,
    memoryMb: 256,
    maxProcesses: 32,
    version: 'test',
    log: silentLog,
    ...overrides,
  });
  opened.push(instances);
  return { instances, dispatcher: createHostedDispatcher(new Agent(), (id) => instances.socketOf(id)) };
}

async function clientFor(result: InstanceResult, dispatcher: Dispatcher): Promise<Client> {
  if (!result.ok) throw new Error(`${result.problem}: ${result.reason}`);
  const client = new Client({ name: 'test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(result.url), {
    requestInit: { headers: result.headers },
    fetch: ((url: string | URL, init?: RequestInit) => undiciFetch(url, { ...(init as object), dispatcher } as never)) as unknown as typeof fetch,
  });
  await client.connect(transport);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<string> {
  const result = await client.callTool({ name, arguments: args });
  return (result.content as Array<{ text: string }>)[0]!.text;
}

const request = (person: string | null, values: Record<string, string> = {}, args: string[] = [], server = 'io.test/fixture') => ({
  server,
  version: '1.0.0',
  person,
  package: fixturePackage(args),
  values: new Map(Object.entries(values)),
});

beforeAll(async () => {
  fixture = await buildHostedFixture();
  dataDir = mkdtempSync(join(tmpdir(), 'toolshed-hosting-'));
  writeFileSync(join(dataDir, 'secret.key'), 'the data directory must stay out of reach');
}, 60_000);

afterAll(async () => {
  for (const instances of opened) await instances.close();
  fixture.remove();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('hosted instances', () => {
  it('starts an instance on first use and relays a tool call to it', async () => {
    const { instances, dispatcher } = instancesWith();
    const result = await instances.acquire(request('alice', { FIXTURE_TOKEN: 'alice-token-1234' }));
    const client = await clientFor(result, dispatcher);
    expect(await call(client, 'env', { name: 'FIXTURE_TOKEN' })).toBe('alice-token-1234');
    expect(instances.list()).toMatchObject([{ server: 'io.test/fixture', person: 'alice', state: 'running' }]);
    // The same person gets the same instance; a second client shares its process.
    const again = await instances.acquire(request('alice', { FIXTURE_TOKEN: 'alice-token-1234' }));
    expect(again.ok && result.ok && again.instanceId === result.instanceId).toBe(true);
    const second = await clientFor(again, dispatcher);
    expect(await call(second, 'pid')).toBe(await call(client, 'pid'));
    await client.close();
    await second.close();
  });

  it('gives each person their own instance with their own secret, and keeps values out of stderr', async () => {
    const { instances, dispatcher } = instancesWith();
    const a = await instances.acquire(request('ann', { FIXTURE_TOKEN: 'ann-secret-value' }));
    const b = await instances.acquire(request('bob', { FIXTURE_TOKEN: 'bob-secret-value' }));
    expect(a.ok && b.ok && a.instanceId !== b.instanceId).toBe(true);
    const ca = await clientFor(a, dispatcher);
    const cb = await clientFor(b, dispatcher);
    expect(await call(ca, 'env', { name: 'FIXTURE_TOKEN' })).toBe('ann-secret-value');
    expect(await call(cb, 'env', { name: 'FIXTURE_TOKEN' })).toBe('bob-secret-value');
    // Each sees only its own processes: bob's instance does not see ann's secret on any command line, nor her process.
    const seen = JSON.parse(await call(cb, 'processes')) as string[];
    expect(seen.join('\n')).not.toContain('ann-secret-value');
    expect(seen.length).toBeLessThanOrEqual(3);
    const stderr = instances.stderrOf(a.ok ? a.instanceId : '').join('\n');
    expect(stderr).toContain('token is [redacted]');
    expect(stderr).not.toContain('ann-secret-value');
    await ca.close();
    await cb.close();
  });

  it('refuses a request without the bridge secret', async () => {
    const { instances, dispatcher } = instancesWith();
    const result = await instances.acquire(request('carl'));
    if (!result.ok) throw new Error(result.reason);
    const response = await undiciFetch(result.url, {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: '{"jsonrpc":"2.0","id":1,"method":"ping"}',
    });
    expect(response.status).toBe(403);
  });
});
