/**
 * The inventory's vocabulary: what a server version was seen to offer (a
 * snapshot), how a probe of it ended, and what drift from a pin means. Types
 * only, so every part of the plane (probe, scan, diff, store, guard) and the
 * gateway's port agree on one shape. It sits in src/schemas, below the
 * store, because the store keeps and returns these shapes; src/inventory/snapshot.ts
 * re-exports it for the plane.
 */

/** The four lists a server can offer. `resourceTemplates` comes from `resources/templates/list`. */
export type CapabilityKind = 'tools' | 'prompts' | 'resources' | 'resourceTemplates';
export const CAPABILITY_KINDS: readonly CapabilityKind[] = ['tools', 'prompts', 'resources', 'resourceTemplates'];

/** One tool, prompt, resource or template, as the server defined it. */
export interface SnapshotItem {
  /** `name` for tools and prompts, `uri` for resources, `uriTemplate` for templates. */
  key: string;
  /** sha256 hex of the definition in canonical JSON (RFC 8785), see `hashDefinition`. */
  hash: string;
  /** The definition as the server sent it (every field; `_meta` included). */
  definition: Record<string, unknown>;
}

/** The protocol era a server was reached in. */
export type ProbeEra = 'modern' | 'session' | 'legacy-sse';

export interface Snapshot {
  protocolVersion: string;
  era: ProbeEra;
  serverInfo: Record<string, unknown> | null;
  capabilities: Record<string, unknown> | null;
  instructions: string | null;
  /** Every item of every list the server offers, all pages, sorted by key. A kind the server does not offer is []. */
  items: Record<CapabilityKind, SnapshotItem[]>;
  /** sha256 hex over `instructions` and every kind's (key, hash) pairs: equal hashes mean nothing a model reads changed. */
  hash: string;
}

/** Where and how a probe reaches a server: a remote, or (later) a server Toolshed hosts, behind the same URL shape. */
export interface ProbeTarget {
  url: string;
  transport: 'streamable-http' | 'sse';
  /** Headers to send (shared upstream credentials or the probe credential), never logged. */
  headers: Record<string, string>;
}

/** Why a probe failed, named so an operator knows where to look. */
export type ProbeFailureKind =
  | 'dns' // the name did not resolve
  | 'tls' // certificate or handshake
  | 'refused' // connection refused or reset, or an address the outbound guard refuses
  | 'timeout' // no complete answer within the probe's deadline
  | 'auth' // 401 or 403: credentials needed or refused
  | 'http' // another non-2xx status, or a redirect
  | 'protocol' // not JSON-RPC/MCP: bad content type, invalid JSON, an error result, an invalid list
  | 'too-large'; // a response, an item or the whole snapshot past the probe's limits

export interface ProbeFailure {
  kind: ProbeFailureKind;
  /** One line for people: what failed, without secrets. */
  message: string;
  /** The HTTP status, when one was received. */
  status?: number;
}

export type ProbeOutcome = { ok: true; snapshot: Snapshot; latencyMs: number } | { ok: false; failure: ProbeFailure; latencyMs: number; protocolVersion?: string };

/** What the gateway does with a server whose tools drifted from its pin. */
export type DriftAction = 'warn' | 'hide' | 'block';
export const DRIFT_ACTIONS: readonly DriftAction[] = ['warn', 'hide', 'block'];

/** How one item differs from the pin. */
export interface ItemChange {
  kind: CapabilityKind;
  key: string;
  change: 'added' | 'removed' | 'changed';
  /** For `changed`: one entry per differing field, readable by people. */
  fields?: FieldChange[];
  /** For `changed`: how many more differing fields there were past the cap on `fields`. */
  omittedFields?: number;
}

export interface FieldChange {
  /** JSON pointer into the definition: `/description`, `/inputSchema/properties/path/type`, `/annotations/destructiveHint`. */
  path: string;
  before?: unknown;
  after?: unknown;
  /** For long text fields: a unified line/word diff, for reading. */
  textDiff?: string;
}

export type FindingSeverity = 'low' | 'medium' | 'high';

/** Something in a snapshot that looks like tool poisoning. */
export interface ScanFinding {
  /** Stable rule id, e.g. `invisible-unicode`, `bidi-control`, `addresses-model`, `hidden-from-user`, `mentions-other-tool`, `oversized-description`, `shadowed-name`. */
  rule: string;
  severity: FindingSeverity;
  kind: CapabilityKind | 'instructions';
  /** The item's key ('' for instructions). */
  key: string;
  /** JSON pointer of the field, e.g. `/description`, `/inputSchema/properties/q/description`. */
  path: string;
  /** UTF-16 offsets [start, end) of the span within that field's text. */
  span: [number, number];
  /** The span's text with invisible characters shown as [U+XXXX]. */
  excerpt: string;
  message: string;
}
