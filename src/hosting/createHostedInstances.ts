/**
 * Hosted instances: each a sandboxed stdio process (sandboxCommand.ts,
 * cgroupLimits.ts) behind its own bridge (createStdioBridge.ts). One instance
 * per (server, version, person), `person` null for a shared one. Started on
 * first use within the start-up timeout, stopped when idle, capped overall and
 * per server, and started again after a crash once its backoff (1 s doubling
 * to 60 s) has passed. The bridge outlives a crash, so the gateway's upstream
 * stays valid; its sessions end and clients initialize again.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import { createCgroupLimits, type CgroupLimits } from './cgroupLimits.js';
import { createStdioBridge, BRIDGE_SECRET_HEADER, type StdioBridge } from './createStdioBridge.js';
import { createHostingMetrics } from './hostingMetrics.js';
import type { HostedInstances, InstanceInfo, InstanceMode, InstanceProblem, InstanceRequest, InstanceResult, PackagePreparer } from './hostingTypes.js';
import { packageLaunch } from './packageLaunch.js';
import { createRedactedLines, redactValues, type RedactedLines } from './redactedLines.js';
import { sandboxArgs, SANDBOX_HOME } from './sandboxCommand.js';
import { sandboxProblem } from './sandboxAvailability.js';
import { describeExit, ENV_FD, spawnSandboxed, type SandboxedProcess } from './sandboxedProcess.js';

/** Where hosted bridges are reached: no real host; only the hosting dispatcher connects there (to the instance's Unix socket). */
export const HOSTED_DOMAIN = 'hosted.toolshed.invalid';
const MAX_LINE_BYTES = 8 * 1024 * 1024;
const MAX_BACKOFF_MS = 60_000;

export interface HostingSettings {
  mode: InstanceMode;
  /** Whether the instance may reach the network (its own network namespace otherwise). */
  network: boolean;
}

export interface HostedInstancesOptions {
  enabled: boolean;
  dataDir: string;
  preparer: PackagePreparer;
  settingsOf(server: string): Promise<HostingSettings>;
  maxInstances: number;
  maxPerServer: number;
  idleSeconds: number;
  startTimeoutSeconds: number;
  memoryMb: number;
  maxProcesses: number;
  bwrap?: string;
  version: string;
  registry?: Registry;
  log: { info(details: Record<string, unknown>, message: string): void; warn(details: Record<string, unknown>, message: string): void };
}

interface Instance {
  id: string;
  key: string;
  /** Digest of the values it runs with: other values (a secret set again) start a new process. */
  valuesDigest: string;
  server: string;
  version: string;
  person: string | null;
  state: InstanceInfo['state'];
  startedAt: number;
  lastUsedAt: number;
  restarts: number;
  crashedAt: number;
  crashReason: string;
  bridge: StdioBridge;
  stderr: RedactedLines;
  process: SandboxedProcess | undefined;
  cgroup: CgroupLimits | undefined;
  /** The removal of the last process's cgroups, under way once it exited. */
  removing: Promise<void> | undefined;
  starting: Promise<{ ok: true } | { ok: false; problem: InstanceProblem; reason: string }> | undefined;
  /** `secrets`: the values to take out of anything the server says that Toolshed repeats (reasons, stderr). */
  launch: { argv: string[]; env: Record<string, string>; secrets: readonly string[]; root: string; cwd: string; network: boolean };
}

export interface HostedInstancesHandle extends HostedInstances {
  /** The Unix socket of an instance's bridge, for the hosting dispatcher; undefined for no such instance. */
  socketOf(instanceId: string): string | undefined;
}

/** A digest of the values by name, never kept in clear beside the instance. */
function digestOf(values: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256');
  for (const [name, value] of [...values].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) hash.update(`${name.length}:${name}${value.length}:${value}`);
  return hash.digest('hex');
}

export function createHostedInstances(options: HostedInstancesOptions): HostedInstancesHandle {
  const instances = new Map<string, Instance>();
  const byId = new Map<string, Instance>();
  /** The stderr of the last instances that stopped (a failed start included), newest last: still readable for a while. */
  const retired = new Map<string, RedactedLines>();
  const metrics = createHostingMetrics(options.registry, () => [...instances.values()].filter((i) => i.state === 'running').length);
  const bwrap = options.bwrap ?? '/usr/bin/bwrap';
  let sandboxChecked: string | undefined | null = null;
  let socketDir: string | undefined;

  const socketDirectory = () => {
    if (socketDir) return socketDir;
    const wanted = join(options.dataDir, 'hosting');
    // A Unix socket path has at most 107 bytes: a deep data directory gets a private one under the system's tmp.
    socketDir = wanted.length + 20 < 100 ? wanted : mkdtempSync(join(tmpdir(), 'toolshed-hosting-'));
    mkdirSync(socketDir, { recursive: true, mode: 0o700 });
    return socketDir;
  };

  function startProcess(instance: Instance): Promise<{ ok: true } | { ok: false; problem: InstanceProblem; reason: string }> {
    const { launch } = instance;
    let cgroup: CgroupLimits;
    try {
      cgroup = createCgroupLimits(`${instance.id}-${instance.restarts}`, { memoryBytes: options.memoryMb * 1024 * 1024, maxProcesses: options.maxProcesses });
    } catch (err) {
      return Promise.resolve({ ok: false, problem: 'sandbox-unavailable', reason: `The instance's memory and process limits cannot be set: ${(err as Error).message}` });
    }
    const began = performance.now();
    const proc = spawnSandboxed({
      argv: cgroup.wrap([bwrap, ...sandboxArgs({ root: launch.root, cwd: launch.cwd, argv: launch.argv, network: launch.network, argsFd: ENV_FD })]),
      env: launch.env,
      maxLineBytes: MAX_LINE_BYTES,
      onMessage: (message) => instance.bridge.fromServer(message),
      onStderr: (chunk) => instance.stderr.push(chunk),
    });
    instance.process = proc;
    instance.cgroup = cgroup;
    instance.state = 'starting';
    let started = false;
    void proc.exited.then((cause) => {
      if (cause.kind === 'non-json') instance.stderr.note(`stdout line that is not JSON-RPC: ${cause.line}`);
      const reason = cgroup.oomKilled() ? `the server passed its memory limit of ${options.memoryMb} MiB and the kernel ended it` : describeExit(cause);
      instance.stderr.note(reason);
      instance.removing = cgroup.remove();
      if (instance.process !== proc) return;
      instance.process = undefined;
      instance.bridge.reset(`The hosted server stopped: ${redactValues(reason, launch.secrets)}`);
      if (instance.state === 'stopping') return;
      instance.state = 'crashed';
      instance.crashedAt = Date.now();
      instance.crashReason = reason;
      if (started) {
        metrics.crashed(instance.server);
        options.log.warn({ instance: instance.id, server: instance.server, reason }, 'a hosted instance crashed');
      }
    });
    const exitedEarly = proc.exited.then((cause) => ({ ok: false as const, problem: 'start-failed' as const, reason: `The hosted server ended while starting: ${describeExit(cause)}` }));
    const initialized = instance.bridge.initialize(options.startTimeoutSeconds * 1000, options.version).then(
      () => ({ ok: true as const }),
      (err: Error) =>
        err.message === 'start-timeout'
          ? { ok: false as const, problem: 'start-timeout' as const, reason: `The hosted server did not answer initialize within ${options.startTimeoutSeconds} s` }
          : { ok: false as const, problem: 'start-failed' as const, reason: `The hosted server failed to initialize: ${err.message}` },
    );
    return Promise.race([initialized, exitedEarly]).then((result) => {
      if (result.ok && instance.process === proc) {
        started = true;
        instance.state = 'running';
        instance.startedAt = Date.now();
        metrics.started(instance.server, (performance.now() - began) / 1000);
        return result;
      }
      if (!result.ok) {
        instance.stderr.note(result.reason);
        proc.kill();
      }
      // The reason may quote the server (its initialize error, a stdout line): never a secret of its own.
      return result.ok ? { ok: false as const, problem: 'crashed' as const, reason: 'The hosted server ended while starting' } : { ...result, reason: redactValues(result.reason, launch.secrets) };
    });
  }

  /** The instance running, started again when it crashed and its backoff has passed. */
  async function ready(instance: Instance): Promise<{ ok: true } | { ok: false; problem: InstanceProblem; reason: string }> {
    if (instance.state === 'running') return { ok: true };
    if (instance.starting) return instance.starting;
    if (instance.state === 'stopping') return { ok: false, problem: 'crashed', reason: 'The hosted server is stopping; connect again' };
    const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(instance.restarts, 16));
    const wait = instance.crashedAt + backoff - Date.now();
    if (wait > 0) return { ok: false, problem: 'crashed', reason: `The hosted server crashed (${instance.crashReason}); it is started again in ${Math.ceil(wait / 1000)} s` };
    instance.restarts += 1;
    instance.starting = startProcess(instance).finally(() => (instance.starting = undefined));
    return instance.starting;
  }

  async function stopInstance(instance: Instance): Promise<void> {
    if (instance.state === 'stopping' && !instances.has(instance.key)) return;
    instance.state = 'stopping';
    instances.delete(instance.key);
    byId.delete(instance.id);
    retired.set(instance.id, instance.stderr);
    if (retired.size > 50) retired.delete(retired.keys().next().value!);
    const proc = instance.process;
    proc?.kill();
    if (proc) await proc.exited;
    await instance.removing;
    await instance.bridge.close();
  }

  const idleTimer = setInterval(
    () => {
      const cutoff = Date.now() - options.idleSeconds * 1000;
      for (const instance of instances.values()) {
        // A call still waiting for its answer keeps its instance, however long it runs.
        if (instance.lastUsedAt < cutoff && !instance.starting && instance.bridge.inFlight() === 0) {
          options.log.info({ instance: instance.id, server: instance.server }, 'a hosted instance was idle and is stopped');
          void stopInstance(instance);
        }
      }
    },
    Math.max(250, Math.min(5000, (options.idleSeconds * 1000) / 4)),
  );
  idleTimer.unref();

  const urlOf = (instance: Instance): InstanceResult => ({
    ok: true,
    instanceId: instance.id,
    url: `http://${instance.id}.${HOSTED_DOMAIN}/mcp`,
    headers: { [BRIDGE_SECRET_HEADER]: instance.bridge.secret },
  });

  async function create(request: InstanceRequest, key: string): Promise<InstanceResult> {
    if (request.package.transport?.type !== 'stdio')
      return { ok: false, problem: 'start-failed', reason: `Toolshed hosts stdio packages only; this package speaks ${String(request.package.transport?.type)}` };
    const settings = await options.settingsOf(request.server);
    const prepared = await options.preparer.prepare(request.package);
    if (!prepared.ok) return { ok: false, problem: 'prepare', reason: `The package cannot be prepared (${prepared.problem}): ${prepared.reason}` };
    const launch = packageLaunch(request.package, prepared.prepared.command, request.values);
    if (!launch.ok) return { ok: false, problem: 'start-failed', reason: `The hosted server cannot be started: ${launch.reason}` };
    // Checked again after the awaits: the caps hold however many acquire at once.
    const refused = capacityRefusal(request.server);
    if (refused) return refused;
    const raced = instances.get(key);
    if (raced)
      return raced.valuesDigest === digestOf(request.values)
        ? acquireExisting(raced)
        : { ok: false, problem: 'start-failed', reason: 'The instance was started again with other values meanwhile; try again' };
    const id = `hi${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`.toLowerCase();
    const env = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: SANDBOX_HOME, TMPDIR: '/tmp', LANG: 'C.UTF-8', ...launch.env };
    const instance: Instance = {
      id,
      key,
      valuesDigest: digestOf(request.values),
      server: request.server,
      version: request.version,
      person: request.person,
      state: 'starting',
      startedAt: Date.now(),
      lastUsedAt: Date.now(),
      restarts: 0,
      crashedAt: 0,
      crashReason: '',
      stderr: createRedactedLines(launch.secrets),
      process: undefined,
      cgroup: undefined,
      removing: undefined,
      starting: undefined,
      launch: { argv: launch.argv, env, secrets: launch.secrets, root: prepared.prepared.root, cwd: prepared.prepared.cwd, network: settings.network },
      bridge: undefined as unknown as StdioBridge,
    };
    instance.bridge = createStdioBridge(join(socketDirectory(), `${id}.sock`), {
      ready: async () => {
        const r = await ready(instance);
        return r.ok ? r : { ok: false, reason: r.reason };
      },
      send: (message) => instance.process?.send(message),
      touch: () => (instance.lastUsedAt = Date.now()),
    });
    instances.set(key, instance);
    byId.set(id, instance);
    await instance.bridge.listen();
    instance.starting = startProcess(instance).finally(() => (instance.starting = undefined));
    const result = await instance.starting;
    if (!result.ok) {
      await stopInstance(instance);
      return result;
    }
    options.log.info({ instance: id, server: request.server, person: request.person ?? undefined }, 'a hosted instance started');
    return urlOf(instance);
  }

  function capacityRefusal(server: string): InstanceResult | undefined {
    if (instances.size >= options.maxInstances)
      return {
        ok: false,
        problem: 'capacity',
        reason: `Toolshed already runs its limit of ${options.maxInstances} hosted instances; try again later or ask an administrator to raise TOOLSHED_HOSTING_MAX_INSTANCES`,
      };
    const ofServer = [...instances.values()].filter((i) => i.server === server).length;
    if (ofServer >= options.maxPerServer)
      return {
        ok: false,
        problem: 'capacity',
        reason: `${server} already has its limit of ${options.maxPerServer} hosted instances; try again later or ask an administrator to raise TOOLSHED_HOSTING_MAX_PER_SERVER`,
      };
    return undefined;
  }

  async function acquireExisting(instance: Instance): Promise<InstanceResult> {
    instance.lastUsedAt = Date.now();
    const r = await ready(instance);
    return r.ok ? urlOf(instance) : r;
  }

  return {
    async acquire(request) {
      if (!options.enabled) return { ok: false, problem: 'disabled', reason: 'Toolshed does not host package servers here (TOOLSHED_HOSTING is off)' };
      if (sandboxChecked === null) sandboxChecked = sandboxProblem(bwrap);
      if (sandboxChecked !== undefined) return { ok: false, problem: 'sandbox-unavailable', reason: `Hosted servers run only sandboxed, and ${sandboxChecked}` };
      const key = `${request.server}\n${request.version}\n${request.person ?? ''}`;
      const existing = instances.get(key);
      if (existing && existing.valuesDigest === digestOf(request.values)) return acquireExisting(existing);
      // Its values changed (a secret set again or removed): the old process goes, one with the new values starts.
      if (existing) await stopInstance(existing);
      const refused = capacityRefusal(request.server);
      if (refused) return refused;
      return create(request, key);
    },
    list() {
      return [...instances.values()].map((i) => ({
        instanceId: i.id,
        server: i.server,
        version: i.version,
        person: i.person,
        state: i.state,
        pid: i.process?.pid,
        startedAt: new Date(i.startedAt).toISOString(),
        lastUsedAt: new Date(i.lastUsedAt).toISOString(),
        restarts: i.restarts,
        rssBytes: i.process ? i.cgroup?.memoryBytes() : undefined,
      }));
    },
    stderrOf(instanceId) {
      return (byId.get(instanceId)?.stderr ?? retired.get(instanceId))?.lines() ?? [];
    },
    socketOf(instanceId) {
      return byId.get(instanceId)?.bridge.socketPath;
    },
    async stop(instanceId) {
      const instance = byId.get(instanceId);
      if (instance) await stopInstance(instance);
    },
    async close() {
      clearInterval(idleTimer);
      await Promise.all([...instances.values()].map((i) => stopInstance(i)));
    },
  };
}
