/**
 * The inventory API calls the UI makes: a version's live capabilities, its snapshots and
 * health readings, a probe on demand, open drift events, pins and drift actions, and the
 * signed-in person's verdict per tool. Server names hold `/`, so every name is encoded.
 */
import { requestJson } from '../api/apiClient.js';

const enc = encodeURIComponent;
type Auth = string | undefined;
const opts = (token: Auth, signal?: AbortSignal) => ({ token, ...(signal ? { signal } : {}) });

/** Who may queue a probe (`POST /api/admin/servers/{name}/probe`). */
export const PROBE_PERMISSION = 'catalog.review';
/** Who may read drift alerts and pins. */
export const DRIFT_READ = 'audit.read';
/** Who may re-pin and set a server's drift action (the gateway's behaviour changes with them). */
export const DRIFT_MANAGE = 'access.manage';

export type CapabilityKind = 'tools' | 'prompts' | 'resources' | 'resourceTemplates';
export const CAPABILITY_KINDS: readonly CapabilityKind[] = ['tools', 'prompts', 'resources', 'resourceTemplates'];

export interface SnapshotItem {
  key: string;
  hash: string;
  definition: Record<string, unknown>;
}

export interface Snapshot {
  id?: string | number;
  protocolVersion: string;
  era: string;
  serverInfo: Record<string, unknown> | null;
  capabilities: Record<string, unknown> | null;
  instructions: string | null;
  items: Partial<Record<CapabilityKind, SnapshotItem[]>>;
  hash: string;
}

export type FindingSeverity = 'low' | 'medium' | 'high';

export interface ScanFinding {
  rule: string;
  severity: FindingSeverity;
  kind: CapabilityKind | 'instructions';
  key: string;
  path: string;
  span: [number, number];
  excerpt: string;
  message: string;
}

export interface ProbeFailure {
  kind: string;
  message: string;
  status?: number | null;
}

export type CapabilityStatus = 'pending' | 'ok' | 'failed' | 'personal' | 'unprobed';

/** A recorded snapshot: where it came from, when, and what the scan found in it. */
export interface SnapshotRecord {
  id: number;
  version: string;
  hash: string;
  source: 'probe' | 'observed';
  protocolVersion: string;
  era: string;
  toolCount: number;
  takenAt: string | null;
  lastSeenAt: string | null;
  snapshot: Snapshot;
  findings: ScanFinding[];
}

export interface Capabilities {
  server: string;
  version: string;
  /** `personal`: listing needs each person's credentials; `unprobed`: no remote to probe and nothing observed. */
  status: CapabilityStatus;
  hasRemote: boolean;
  current: SnapshotRecord | null;
  lastProbe: HealthReading | null;
  lastProbeAt: string | null;
  nextProbeAt: string | null;
  failure: ProbeFailure | null;
  /** Whether the server has open drift and what the gateway does about it (shown to everyone when it hides or blocks). */
  drift?: { pinned: boolean; open: boolean; action: 'warn' | 'hide' | 'block' } | null;
}

export interface HealthReading {
  at: string;
  up: boolean;
  latencyMs: number | null;
  protocolVersion: string | null;
  failure: (ProbeFailure & { status?: number | null }) | null;
}

export interface Health {
  server: string;
  version: string;
  /** Newest first. */
  readings: HealthReading[];
  /** Share of the readings that were up, 0..1; null without readings. */
  uptime: number | null;
}

export interface FieldChange {
  path: string;
  before?: unknown;
  after?: unknown;
  textDiff?: string;
}

export interface ItemChange {
  kind: CapabilityKind | 'instructions';
  key: string;
  change: 'added' | 'removed' | 'changed';
  fields?: FieldChange[];
  /** Differing fields past the diff's bound, not listed. */
  omittedFields?: number;
}

export interface DriftEvent {
  id: string | number;
  server: string;
  version: string;
  via: 'probe' | 'observed' | string;
  detectedAt: string;
  changes: ItemChange[];
  /** The highest scan severity among the added or changed items. */
  severity: FindingSeverity | 'none';
  snapshotId?: number;
  pinnedSnapshotId?: number;
  resolvedAt?: string | null;
  resolvedBy?: string | null;
}

export type DriftActionChoice = 'warn' | 'hide' | 'block' | 'default';

export interface Pin {
  server: string;
  pinnedSnapshotId: number | null;
  pinnedAt: string | null;
  pinnedBy: string | null;
  /** The server's own action, or null when it follows the default. */
  action: 'warn' | 'hide' | 'block' | null;
  effectiveAction: 'warn' | 'hide' | 'block';
  openDrift?: DriftEvent[];
}

export interface ToolVerdict {
  name: string;
  allowed: boolean;
  /** The access rule that decided; absent when the default did. */
  rule?: { id: string; description?: string } | null;
  reason: string;
}

const versionQuery = (version: string | undefined) => (version ? `?version=${enc(version)}` : '');

export function getCapabilities(server: string, version: string | undefined, token: Auth, signal?: AbortSignal) {
  return requestJson<Capabilities>(`/api/servers/${enc(server)}/capabilities${versionQuery(version)}`, opts(token, signal));
}

export function getHealth(server: string, version: string | undefined, token: Auth, signal?: AbortSignal, limit = 30) {
  const q = new URLSearchParams({ limit: String(limit) });
  if (version) q.set('version', version);
  return requestJson<Health>(`/api/servers/${enc(server)}/health?${q.toString()}`, opts(token, signal));
}

export function probeNow(server: string, version: string | undefined, token: Auth) {
  return requestJson<unknown>(`/api/admin/servers/${enc(server)}/probe`, { token, method: 'POST', body: version ? { version } : {} });
}

export function listOpenDrift(token: Auth, signal?: AbortSignal) {
  return requestJson<{ events: DriftEvent[] }>('/api/admin/drift?open=true', opts(token, signal));
}

/** Open drift events of one server (the server page's banner). */
export async function openDriftOf(server: string, token: Auth, signal?: AbortSignal): Promise<DriftEvent[]> {
  const { events } = await requestJson<{ events: DriftEvent[] }>(`/api/admin/drift?open=true&server=${enc(server)}`, opts(token, signal));
  return events.filter((e) => e.server === server);
}

export function getPin(server: string, token: Auth, signal?: AbortSignal) {
  return requestJson<Pin>(`/api/admin/servers/${enc(server)}/pin`, opts(token, signal));
}

/** Pins the given snapshot, or the server's current one. */
export function repin(server: string, token: Auth, snapshotId?: string | number) {
  return requestJson<Pin>(`/api/admin/servers/${enc(server)}/pin`, { token, method: 'POST', body: snapshotId !== undefined ? { snapshotId } : {} });
}

/** Sets the server's drift action; `default` clears it (the server follows TOOLSHED_DRIFT_ACTION). */
export function setDriftAction(server: string, action: DriftActionChoice, token: Auth) {
  return requestJson<Pin>(`/api/admin/servers/${enc(server)}/drift-action`, { token, method: 'PUT', body: { action: action === 'default' ? null : action } });
}

export interface ToolMarks {
  server?: string;
  /** The version whose snapshot the marks are for (the latest). */
  version?: string;
  snapshotHash?: string | null;
  tools: ToolVerdict[];
}

export function myTools(server: string, token: Auth, signal?: AbortSignal) {
  return requestJson<ToolMarks>(`/api/me/servers/${enc(server)}/tools`, opts(token, signal));
}

/** The tool names of a server's current snapshot, for suggestions; [] when unknown or refused. */
export async function knownToolNames(server: string, token: Auth, signal?: AbortSignal): Promise<string[]> {
  try {
    const caps = await getCapabilities(server, undefined, token, signal);
    return (caps.current?.snapshot.items.tools ?? []).map((t) => t.key);
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') throw err;
    return [];
  }
}
