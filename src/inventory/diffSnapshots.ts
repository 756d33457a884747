/**
 * How a snapshot differs from its pin, for people and for the drift event: item by item over
 * every capability kind (by key, then hash), and for a changed item the fields that differ
 * by JSON pointer with their values before and after, and a word diff for long text. Pure
 * and deterministic (sorted by kind, key and pointer), and bounded: a hostile server that
 * rewrites every field of a huge schema yields at most `MAX_FIELDS_PER_ITEM` entries, long
 * strings are cut in `before`/`after` (the snapshots keep the whole text), and each text
 * diff is capped.
 */
import canonicalize from 'canonicalize';
import { CAPABILITY_KINDS, type CapabilityKind, type FieldChange, type ItemChange, type Snapshot, type SnapshotItem } from './snapshot.js';
import { wordDiff } from './wordDiff.js';

export const MAX_FIELDS_PER_ITEM = 50;
/** A string longer than this (or any description, title or instructions) gets a word diff. */
export const TEXT_DIFF_THRESHOLD = 80;
export const MAX_TEXT_DIFF_CHARS = 4000;
/** Strings in `before`/`after` are cut past this many UTF-16 units, with a marker; longer lists and objects become their cut JSON text. */
export const MAX_VALUE_CHARS = 2000;
/** Nesting past this depth is compared as one value. */
const MAX_DEPTH = 32;

const TEXT_FIELDS = new Set(['description', 'title', 'instructions']);

function pointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return canonicalize(a) === canonicalize(b);
}

function bounded(value: unknown): unknown {
  if (typeof value === 'string' && value.length > MAX_VALUE_CHARS) return `${value.slice(0, MAX_VALUE_CHARS)}… [cut ${value.length - MAX_VALUE_CHARS} chars]`;
  if (typeof value === 'object' && value !== null) {
    // A list or object reported whole (a type change, a long enum) is bounded by its JSON.
    const json = canonicalize(value) ?? '';
    if (json.length > MAX_VALUE_CHARS) return `${json.slice(0, MAX_VALUE_CHARS)}… [cut ${json.length - MAX_VALUE_CHARS} chars of JSON]`;
  }
  return value;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The elements' `name`s when every element is an object with a distinct string name (prompt arguments, content lists). */
function namesOf(list: readonly unknown[]): string[] | null {
  const names: string[] = [];
  for (const element of list) {
    if (!isObject(element) || typeof element.name !== 'string') return null;
    names.push(element.name);
  }
  return new Set(names).size === names.length ? names : null;
}

class FieldCollector {
  readonly fields: FieldChange[] = [];
  omitted = 0;

  add(path: string, before: unknown, after: unknown): void {
    if (this.fields.length >= MAX_FIELDS_PER_ITEM) {
      this.omitted++;
      return;
    }
    const change: FieldChange = { path };
    if (before !== undefined) change.before = bounded(before);
    if (after !== undefined) change.after = bounded(after);
    const lastSegment = path.slice(path.lastIndexOf('/') + 1);
    const beforeText = typeof before === 'string' ? before : undefined;
    const afterText = typeof after === 'string' ? after : undefined;
    if ((beforeText !== undefined || afterText !== undefined) && (TEXT_FIELDS.has(lastSegment) || (beforeText?.length ?? 0) > TEXT_DIFF_THRESHOLD || (afterText?.length ?? 0) > TEXT_DIFF_THRESHOLD)) {
      change.textDiff = wordDiff(beforeText ?? '', afterText ?? '', MAX_TEXT_DIFF_CHARS);
    }
    this.fields.push(change);
  }

  // Containers are walked, not compared whole first, so each node is visited once: a huge
  // schema costs its size, not its size times its depth.
  compare(path: string, before: unknown, after: unknown, depth: number): void {
    if (before === after) return;
    // An object added or removed whole is reported leaf by leaf (`/annotations/destructiveHint`), like one that changed.
    const beforeObject = isObject(before) ? before : before === undefined && isObject(after) && Object.keys(after).length > 0 ? {} : null;
    const afterObject = isObject(after) ? after : after === undefined && isObject(before) && Object.keys(before).length > 0 ? {} : null;
    if (depth < MAX_DEPTH && beforeObject && afterObject) {
      const keys = [...new Set([...Object.keys(beforeObject), ...Object.keys(afterObject)])].sort(compareKeys);
      for (const key of keys) this.compare(`${path}/${pointerSegment(key)}`, beforeObject[key], afterObject[key], depth + 1);
      return;
    }
    if (depth < MAX_DEPTH && Array.isArray(before) && Array.isArray(after)) {
      const beforeNames = namesOf(before);
      const afterNames = namesOf(after);
      if (beforeNames && afterNames) {
        // Match by name so one inserted argument is one change, not a shift of every later one.
        const beforeIndex = new Map(beforeNames.map((name, i) => [name, i]));
        const afterIndex = new Map(afterNames.map((name, i) => [name, i]));
        const names = [...new Set([...beforeNames, ...afterNames])].sort(compareKeys);
        for (const name of names) {
          const i = afterIndex.get(name);
          const j = beforeIndex.get(name);
          this.compare(`${path}/${i ?? j}`, j === undefined ? undefined : before[j], i === undefined ? undefined : after[i], depth + 1);
        }
        return;
      }
      if (before.length === after.length && before.some((element) => typeof element === 'object' && element !== null)) {
        for (let i = 0; i < before.length; i++) this.compare(`${path}/${i}`, before[i], after[i], depth + 1);
        return;
      }
    }
    // Lists of scalars (`required`, `enum`) read best whole, as do values that changed type.
    if (!same(before, after)) this.add(path, before, after);
  }
}

function kindOrder(kind: CapabilityKind): number {
  return CAPABILITY_KINDS.indexOf(kind);
}

/** Items by key: a server may list several under one key, and each counts. */
function byKey(items: readonly SnapshotItem[]): Map<string, SnapshotItem[]> {
  const out = new Map<string, SnapshotItem[]>();
  for (const item of items) {
    const list = out.get(item.key);
    if (list) list.push(item);
    else out.set(item.key, [item]);
  }
  return out;
}

/** The same definitions under one key (a definition listed twice is no change). */
function sameHashes(a: readonly SnapshotItem[], b: readonly SnapshotItem[]): boolean {
  const left = new Set(a.map((i) => i.hash));
  const right = new Set(b.map((i) => i.hash));
  return left.size === right.size && [...left].every((h) => right.has(h));
}

/** Every item added, removed or changed from `pinned` to `current`, sorted by kind then key. */
export function diffSnapshots(pinned: Snapshot, current: Snapshot): ItemChange[] {
  const changes: ItemChange[] = [];
  for (const kind of [...CAPABILITY_KINDS].sort((a, b) => kindOrder(a) - kindOrder(b))) {
    const before = byKey(pinned.items[kind] ?? []);
    const after = byKey(current.items[kind] ?? []);
    const keys = [...new Set([...before.keys(), ...after.keys()])].sort(compareKeys);
    for (const key of keys) {
      const wereAll = before.get(key);
      const nowAll = after.get(key);
      if (!wereAll) changes.push({ kind, key, change: 'added' });
      else if (!nowAll) changes.push({ kind, key, change: 'removed' });
      else if (!sameHashes(wereAll, nowAll)) {
        // A hostile server may list a poisoned copy beside the pinned definition under the same name: compare the ones that differ.
        const now = nowAll.find((item) => !wereAll.some((w) => w.hash === item.hash)) ?? nowAll[0]!;
        const was = wereAll.find((item) => !nowAll.some((n) => n.hash === item.hash)) ?? wereAll[0]!;
        const collector = new FieldCollector();
        collector.compare('', was.definition, now.definition, 0);
        const change: ItemChange = { kind, key, change: 'changed', fields: collector.fields };
        if (collector.omitted > 0) change.omittedFields = collector.omitted;
        changes.push(change);
      }
    }
  }
  return changes;
}

/** The change to the server's `instructions` (path `/instructions`), or null when they are the same. */
export function instructionsChange(pinned: Snapshot, current: Snapshot): FieldChange | null {
  if (pinned.instructions === current.instructions) return null;
  const collector = new FieldCollector();
  collector.add('/instructions', pinned.instructions ?? undefined, current.instructions ?? undefined);
  return collector.fields[0] ?? null;
}

const KIND_LABEL: Record<CapabilityKind, string> = { tools: '', prompts: 'prompt ', resources: 'resource ', resourceTemplates: 'template ' };
/** Changed items named in a summary before it says "+N more". */
const SUMMARY_ITEMS = 5;

/**
 * One line for messages and webhooks: `2 added, 1 changed (search: description, inputSchema)`.
 * Items of kinds other than tools are named with their kind (`prompt summarize: arguments`).
 */
export function summarizeChanges(changes: readonly ItemChange[], instructions: FieldChange | null = null): string {
  const count = (change: ItemChange['change']) => changes.filter((c) => c.change === change).length;
  const parts: string[] = [];
  const added = count('added');
  const removed = count('removed');
  const changed = changes.filter((c) => c.change === 'changed');
  if (added > 0) parts.push(`${added} added`);
  if (removed > 0) parts.push(`${removed} removed`);
  if (changed.length > 0) {
    const named = changed.slice(0, SUMMARY_ITEMS).map((c) => {
      const fields = [...new Set((c.fields ?? []).map((f) => f.path.split('/')[1] ?? ''))].filter((f) => f !== '').sort(compareKeys);
      return `${KIND_LABEL[c.kind]}${c.key}: ${fields.join(', ')}`;
    });
    if (changed.length > SUMMARY_ITEMS) named.push(`+${changed.length - SUMMARY_ITEMS} more`);
    parts.push(`${changed.length} changed (${named.join('; ')})`);
  }
  if (instructions) parts.push('instructions changed');
  return parts.length > 0 ? parts.join(', ') : 'no changes';
}
