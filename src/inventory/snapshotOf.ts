/**
 * Builds a `Snapshot` from the lists a server returned: one `SnapshotItem` per
 * definition (hashed over its RFC 8785 canonical JSON, so key order and number
 * spelling never count as a change), items sorted by key, and the whole
 * snapshot's hash over what a model reads (instructions and every item's hash).
 * The probe, the gateway's observations and the tests all build snapshots here.
 */
import canonicalize from 'canonicalize';
import { sha256Hex } from '../sha256Hex.js';
import { CAPABILITY_KINDS, type CapabilityKind, type ProbeEra, type Snapshot, type SnapshotItem } from './snapshot.js';

const KEY_FIELD: Record<CapabilityKind, string> = { tools: 'name', prompts: 'name', resources: 'uri', resourceTemplates: 'uriTemplate' };

/** sha256 hex of a definition's canonical JSON. */
export function hashDefinition(definition: Record<string, unknown>): string {
  return sha256Hex(canonicalize(definition) ?? 'null');
}

/** The key of a definition of that kind (`name`, `uri` or `uriTemplate`), or null when it has none. */
export function itemKey(kind: CapabilityKind, definition: Record<string, unknown>): string | null {
  const key = definition[KEY_FIELD[kind]];
  return typeof key === 'string' ? key : null;
}

/** Items of one kind, keyed and hashed, sorted by key. Definitions without a string key are left out. */
export function itemsOf(kind: CapabilityKind, definitions: readonly Record<string, unknown>[]): SnapshotItem[] {
  const items: SnapshotItem[] = [];
  for (const definition of definitions) {
    const key = itemKey(kind, definition);
    if (key !== null) items.push({ key, hash: hashDefinition(definition), definition });
  }
  return items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The hash of what a model reads: instructions and each kind's (key, hash) pairs. */
export function snapshotHash(instructions: string | null, items: Record<CapabilityKind, SnapshotItem[]>): string {
  const lists = CAPABILITY_KINDS.map((kind) => items[kind].map((item) => [item.key, item.hash]));
  return sha256Hex(JSON.stringify([instructions, lists]));
}

export interface SnapshotParts {
  protocolVersion: string;
  era: ProbeEra;
  serverInfo?: Record<string, unknown> | null;
  capabilities?: Record<string, unknown> | null;
  instructions?: string | null;
  /** The definitions of each kind, as received (all pages). A kind left out is []. */
  lists: Partial<Record<CapabilityKind, readonly Record<string, unknown>[]>>;
}

export function snapshotOf(parts: SnapshotParts): Snapshot {
  const items = Object.fromEntries(CAPABILITY_KINDS.map((kind) => [kind, itemsOf(kind, parts.lists[kind] ?? [])])) as Record<CapabilityKind, SnapshotItem[]>;
  const instructions = parts.instructions ?? null;
  return {
    protocolVersion: parts.protocolVersion,
    era: parts.era,
    serverInfo: parts.serverInfo ?? null,
    capabilities: parts.capabilities ?? null,
    instructions,
    items,
    hash: snapshotHash(instructions, items),
  };
}
