/**
 * Hosted instances on their own (no gateway): real sandboxed processes under
 * bwrap, real SDK clients through the hosting dispatcher to the bridge. The
 * lifecycle (start, crash and restart, idle shutdown, caps, start-up timeout,
 * non-JSON stdout, a process that exits at once), the redacted stderr buffer,
 * and the sandbox's promises checked from inside an instance.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostedDispatcher, createHostedInstances, type HostedInstancesHandle, type HostedInstancesOptions, type InstanceResult } from '../src/hosting/index.js';
import { buildHostedFixture, fixturePackage, type HostedFixture } from './support/hostedFixture.js';
import { NO_SANDBOX } from './support/sandboxHere.js';

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

const text = (result: unknown) => ((result as { content: Array<{ text: string }> }).content ?? [])[0]?.text;

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
  if (NO_SANDBOX) return;
  fixture = await buildHostedFixture();
  dataDir = mkdtempSync(join(tmpdir(), 'toolshed-hosting-'));
  writeFileSync(join(dataDir, 'secret.key'), 'the data directory must stay out of reach');
}, 60_000);

afterAll(async () => {
  if (NO_SANDBOX) return;
  for (const instances of opened) await instances.close();
  fixture.remove();
  rmSync(dataDir, { recursive: true, force: true });
});

// Reported as skipped where bubblewrap cannot sandbox (Toolshed refuses to host there).
describe.skipIf(NO_SANDBOX !== undefined)('hosted instances', () => {
  it('starts an instance on first use and relays a tool call to it', async () => {
    const { instances, dispatcher } = instancesWith();
    const result = await instances.acquire(request('alice', { FIXTURE_TOKEN: 'alice-token-1234' }));
    const client = await clientFor(result, dispatcher);
    expect(await call(client, 'env', { name: 'FIXTURE_TOKEN' })).toBe('alice-token-1234');
    expect(instances.list()).toMatchObject([{ server: 'io.test/fixture', person: 'alice', state: 'running' }]);
    // Its memory is read from its own memory cgroup.
    expect(instances.list()[0]!.rssBytes).toBeGreaterThan(1024 * 1024);
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
    // No command line on the host holds a value (bwrap gets them in its environment, not as --setenv).
    expect(hostCommandLines().filter((line) => line.includes('ann-secret-value') || line.includes('bob-secret-value'))).toEqual([]);
    // Nor does the environment of a host-side process of the sandbox (the cgroup shell, bwrap): the values reach bwrap over a pipe.
    const hostSide = hostProcesses().filter((p) => p.cmdline.startsWith('/usr/bin/bwrap\0') || p.cmdline.startsWith('/bin/sh\0-c\0'));
    expect(hostSide.length).toBeGreaterThan(0);
    for (const p of hostSide) expect(p.environ).not.toMatch(/FIXTURE_TOKEN|secret-value/);
    const stderr = instances.stderrOf(a.ok ? a.instanceId : '').join('\n');
    expect(stderr).toContain('token is [redacted]');
    expect(stderr).not.toContain('ann-secret-value');
    // Ann sets her secret again: her next connection reaches a process with the new value.
    const renewed = await instances.acquire(request('ann', { FIXTURE_TOKEN: 'ann-new-secret' }));
    expect(text(await (await clientFor(renewed, dispatcher)).callTool({ name: 'env', arguments: { name: 'FIXTURE_TOKEN' } }))).toBe('ann-new-secret');
    expect(instances.list().filter((i) => i.person === 'ann')).toHaveLength(1);
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

  it('keeps its promises from inside the sandbox: no data directory, own processes, memory and process limits, no network', async () => {
    const listener = createServer((socket) => socket.end()).listen(0, '127.0.0.1');
    await new Promise((resolve) => listener.once('listening', resolve));
    const port = (listener.address() as { port: number }).port;
    const { instances, dispatcher } = instancesWith({ memoryMb: 128, maxProcesses: 16 });
    const result = await instances.acquire(request('dora', { FIXTURE_TOKEN: 'dora-token' }));
    const client = await clientFor(result, dispatcher);
    // Toolshed's data directory (and its key) is not in the sandbox's view.
    expect(await call(client, 'read_file', { path: join(dataDir, 'secret.key') })).toBe('error:ENOENT');
    expect(await call(client, 'read_file', { path: '/etc/shadow' })).toBe('error:ENOENT');
    // The package and the system are read-only; home and tmp are writable.
    expect(await call(client, 'write_file', { path: '/pkg/x' })).toMatch(/^error:(EROFS|EACCES|EPERM)$/);
    expect(await call(client, 'write_file', { path: '/usr/x' })).toMatch(/^error:(EROFS|EACCES|EPERM)$/);
    expect(await call(client, 'write_file', { path: '/home/mcp/x' })).toBe('written');
    expect(await call(client, 'write_file', { path: '/tmp/x' })).toBe('written');
    // Its own PID namespace: only the sandbox's own processes are visible, and the server is not pid 1's parent's sibling of anything of the host.
    const processes = JSON.parse(await call(client, 'processes')) as string[];
    expect(processes.every((p) => p.includes('bwrap') || p.includes('/pkg/server.mjs'))).toBe(true);
    // No network: not even the host's loopback.
    expect(await call(client, 'connect', { host: '127.0.0.1', port })).toMatch(/^error:/);
    // The process-count limit: far fewer than asked start.
    const forks = JSON.parse(await call(client, 'fork_many', { count: 40 })) as { started: number; failed: number };
    expect(forks.started).toBeLessThan(16);
    expect(forks.failed).toBeGreaterThan(0);
    // The memory limit: the kernel ends the process (the call fails) instead of letting it grow.
    await expect(call(client, 'allocate', { mb: 400 })).rejects.toThrow();
    const info = instances.list()[0]!;
    expect(info.state).toBe('crashed');
    expect(instances.stderrOf(info.instanceId).join('\n')).toContain('passed its memory limit of 128 MiB');
    listener.close();
  });

  it('lets an instance reach the network when its server allows it', async () => {
    const listener = createServer((socket) => socket.end()).listen(0, '127.0.0.1');
    await new Promise((resolve) => listener.once('listening', resolve));
    const port = (listener.address() as { port: number }).port;
    const { instances, dispatcher } = instancesWith({ settingsOf: async () => ({ mode: 'shared', network: true }) });
    const client = await clientFor(await instances.acquire(request(null)), dispatcher);
    expect(await call(client, 'connect', { host: '127.0.0.1', port })).toBe('connected');
    listener.close();
  });

  it('starts a crashed instance again after its backoff, with a fresh session', async () => {
    const { instances, dispatcher } = instancesWith();
    const first = await instances.acquire(request('erin'));
    const client = await clientFor(first, dispatcher);
    const pidBefore = instances.list()[0]!.pid;
    await call(client, 'crash');
    await expect.poll(() => instances.list()[0]!.state).toBe('crashed');
    // Within the backoff the instance refuses, naming the crash.
    const refused = await instances.acquire(request('erin'));
    expect(refused).toMatchObject({ ok: false, problem: 'crashed' });
    expect(!refused.ok && refused.reason).toMatch(/exited with code 3\); it is started again in \d+ s/);
    await expect.poll(async () => (await instances.acquire(request('erin'))).ok, { timeout: 10_000, interval: 200 }).toBe(true);
    const info = instances.list()[0]!;
    expect(info).toMatchObject({ state: 'running', restarts: 1 });
    expect(info.pid).not.toBe(pidBefore);
    const again = await clientFor(await instances.acquire(request('erin')), dispatcher);
    expect(await call(again, 'env', { name: 'HOME' })).toBe('/home/mcp');
  });

  it('stops an idle instance and leaves no process, but not while a call waits for its answer', async () => {
    const { instances, dispatcher } = instancesWith({ idleSeconds: 1 });
    const result = await instances.acquire(request('fred'));
    const client = await clientFor(result, dispatcher);
    const pidBefore = await call(client, 'pid');
    // A call running three times the idle time keeps its instance.
    expect(await call(client, 'sleep', { ms: 3000 })).toBe('slept');
    expect(await call(client, 'pid')).toBe(pidBefore);
    const pid = instances.list()[0]!.pid!;
    const id = instances.list()[0]!.instanceId;
    await expect.poll(() => instances.list().length, { timeout: 10_000, interval: 200 }).toBe(0);
    // The process ends once the kill lands (the list lets go of the instance first).
    await expect.poll(() => alive(pid), { timeout: 10_000, interval: 100 }).toBe(false);
    // Its memory and pids groups are gone too.
    await expect.poll(() => readdirSync('/sys/fs/cgroup/pids').filter((e) => e.startsWith(`toolshed-${id}`)), { timeout: 10_000, interval: 200 }).toEqual([]);
  });

  it('refuses past its caps, overall and per server', async () => {
    const { instances } = instancesWith({ maxInstances: 2, maxPerServer: 1 });
    expect((await instances.acquire(request('g1'))).ok).toBe(true);
    const perServer = await instances.acquire(request('g2'));
    expect(perServer).toMatchObject({ ok: false, problem: 'capacity' });
    expect(!perServer.ok && perServer.reason).toContain('TOOLSHED_HOSTING_MAX_PER_SERVER');
    expect((await instances.acquire(request('g1', {}, [], 'io.test/other'))).ok).toBe(true);
    const overall = await instances.acquire(request('g3', {}, [], 'io.test/third'));
    expect(overall).toMatchObject({ ok: false, problem: 'capacity' });
    expect(!overall.ok && overall.reason).toContain('TOOLSHED_HOSTING_MAX_INSTANCES');
  });

  it('names a server that never answers initialize, writes non-JSON, floods stdout, exits at once, or cannot be prepared', async () => {
    const { instances } = instancesWith({ startTimeoutSeconds: 2 });
    expect(await instances.acquire(request('h', {}, ['silent']))).toMatchObject({ ok: false, problem: 'start-timeout' });
    const nonJson = await instances.acquire(request('h', {}, ['non-json'], 'io.test/nonjson'));
    expect(nonJson).toMatchObject({ ok: false, problem: 'start-failed' });
    expect(!nonJson.ok && nonJson.reason).toContain('not a JSON-RPC message');
    const exits = await instances.acquire(request('h', {}, ['exit'], 'io.test/exits'));
    expect(exits).toMatchObject({ ok: false, problem: 'start-failed' });
    expect(!exits.ok && exits.reason).toContain('exited with code 4');
    const flood = await instances.acquire(request('h', {}, ['flood'], 'io.test/flood'));
    expect(flood).toMatchObject({ ok: false, problem: 'start-failed' });
    expect(!flood.ok && flood.reason).toContain('stdout line past the size limit');
    const missing = await instances.acquire({ ...request('h'), package: { ...fixturePackage(), identifier: 'missing-package' } });
    expect(missing).toMatchObject({ ok: false, problem: 'prepare' });
    // None of them left an instance or a process behind.
    expect(instances.list()).toEqual([]);
  });

  it('refuses when hosting is off, and fails closed when bwrap is missing', async () => {
    const off = instancesWith({ enabled: false }).instances;
    expect(await off.acquire(request('i'))).toMatchObject({ ok: false, problem: 'disabled' });
    const nobwrap = instancesWith({ bwrap: '/nonexistent/bwrap' }).instances;
    const refused = await nobwrap.acquire(request('i'));
    expect(refused).toMatchObject({ ok: false, problem: 'sandbox-unavailable' });
    expect(!refused.ok && refused.reason).toContain('bubblewrap is not installed');
  });
});

function hostCommandLines(): string[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .map((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        return '';
      }
    });
}

/** Every process's command line and initial environment (NUL-separated), as the host sees them. */
function hostProcesses(): Array<{ cmdline: string; environ: string }> {
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return '';
    }
  };
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .map((pid) => ({ cmdline: read(`/proc/${pid}/cmdline`), environ: read(`/proc/${pid}/environ`) }));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
