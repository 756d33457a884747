/**
 * The contract of the hosting plane (issue #22): package servers (npm, PyPI, MCPB,
 * OCI) run as sandboxed child processes, their stdio bridged to streamable HTTP, and
 * reached by the gateway exactly like a remote server. Two halves meet here:
 * preparation (fetch, verify, unpack, cache: `createPackagePreparer.ts`) and
 * instances (sandbox, bridge, lifecycle: `createHostedInstances.ts`). The gateway's
 * `connectionTarget.ts` and the inventory's probe ask `HostedInstances.acquire` for an
 * upstream when a version has no remote but a package Toolshed can host.
 */
import type { Package } from '../catalog/index.js';

/** Registry types Toolshed can host. `nuget` and `cargo` packages are listed but never run. */
export const HOSTABLE_REGISTRY_TYPES = ['npm', 'pypi', 'mcpb', 'oci'] as const;
export type HostableRegistryType = (typeof HOSTABLE_REGISTRY_TYPES)[number];

/** A package fetched, verified and unpacked into the cache, ready to run. Never runs package code to get there. */
export interface PreparedPackage {
  registryType: HostableRegistryType;
  identifier: string;
  version: string;
  /** The verified digest of what was fetched: npm's `dist.integrity` (`sha512-…`) or `sha256:<hex>` of an MCPB bundle. */
  integrity: string;
  /** Host path of the read-only folder with the package and its dependencies; the sandbox mounts it read-only at `/pkg`. */
  root: string;
  /** argv inside the sandbox (paths as the sandbox sees them, under `/pkg`), before `runtimeArguments`/`packageArguments`. */
  command: readonly string[];
  /** Working directory inside the sandbox. */
  cwd: string;
}

/**
 * Why a package cannot be prepared, each a named failure for the client, the audit and the console:
 * `missing` (no such package or version), `integrity` (digest mismatch), `unsupported` (registry type or
 * transport Toolshed does not host), `runtime-missing` (e.g. uv or a container runtime not installed here),
 * `fetch-failed` (registry unreachable or refused), `too-large` (past the size limit).
 */
export type PrepareProblem = 'missing' | 'integrity' | 'unsupported' | 'runtime-missing' | 'fetch-failed' | 'too-large';

export type PrepareResult = { ok: true; prepared: PreparedPackage } | { ok: false; problem: PrepareProblem; reason: string };

export interface PackagePreparer {
  /** Fetches (or reuses from the cache), verifies and unpacks one `packages[]` entry of a server.json. */
  prepare(pkg: Package): Promise<PrepareResult>;
}

/** `shared`: one instance for everyone (only for servers with no per-person secrets); `per-person`: one per person. */
export const INSTANCE_MODES = ['shared', 'per-person'] as const;
export type InstanceMode = (typeof INSTANCE_MODES)[number];

export interface InstanceRequest {
  server: string;
  version: string;
  /** The person the instance serves; `null` for a shared instance (and for the inventory's probe). */
  person: string | null;
  /** The `packages[]` entry to run. */
  package: Package;
  /**
   * Values of the package's inputs by name (shared upstream secrets, or the person's), as the gateway
   * resolves them for a remote. They reach the process through its environment only: never on a command
   * line other processes can read, never logged.
   */
  values: ReadonlyMap<string, string>;
}

/** Why no instance answers: each a named failure with a reason a person can act on. */
export type InstanceProblem = 'disabled' | 'prepare' | 'capacity' | 'start-failed' | 'start-timeout' | 'crashed' | 'sandbox-unavailable';

export type InstanceResult =
  | {
      ok: true;
      instanceId: string;
      /** Streamable HTTP endpoint of the instance's bridge, for the gateway's upstream. */
      url: string;
      /** Headers the bridge requires (its per-instance secret); the gateway sends them, clients never see them. */
      headers: Readonly<Record<string, string>>;
    }
  | { ok: false; problem: InstanceProblem; reason: string };

export interface InstanceInfo {
  instanceId: string;
  server: string;
  version: string;
  person: string | null;
  state: 'starting' | 'running' | 'stopping' | 'crashed';
  pid: number | undefined;
  startedAt: string;
  lastUsedAt: string;
  restarts: number;
  rssBytes: number | undefined;
}

export interface HostedInstances {
  /** A running instance for the request, started on first use (bounded by the start-up timeout and the caps). */
  acquire(request: InstanceRequest): Promise<InstanceResult>;
  list(): InstanceInfo[];
  /** The instance's recent stderr lines, redacted (values of its secrets never appear), bounded. */
  stderrOf(instanceId: string): readonly string[];
  stop(instanceId: string): Promise<void>;
  /** Stops every instance; no process is left behind. */
  close(): Promise<void>;
}
