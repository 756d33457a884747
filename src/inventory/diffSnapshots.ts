/**
 * PLACEHOLDER until the `scan` branch lands its diffSnapshots.ts (same
 * signature): added, removed and changed items by hash, with the top-level
 * fields that differ. The real one replaces this file.
 */
import { CAPABILITY_KINDS, type FieldChange, type ItemChange, type Snapshot } from './snapshot.js';

export function diffSnapshots(pinned: Snapshot, current: Snapshot): ItemChange[] {
  const changes: ItemChange[] = [];
  for (const kind of CAPABILITY_KINDS) {
    const before = new Map(pinned.items[kind].map((i) => [i.key, i]));
    const after = new Map(current.items[kind].map((i) => [i.key, i]));
    for (const [key, item] of after) {
      const old = before.get(key);
      if (!old) changes.push({ kind, key, change: 'added' });
      else if (old.hash !== item.hash) {
        const fields: FieldChange[] = [];
        for (const field of new Set([...Object.keys(old.definition), ...Object.keys(item.definition)])) {
          if (JSON.stringify(old.definition[field]) !== JSON.stringify(item.definition[field])) fields.push({ path: `/${field}`, before: old.definition[field], after: item.definition[field] });
        }
        changes.push({ kind, key, change: 'changed', fields });
      }
    }
    for (const key of before.keys()) if (!after.has(key)) changes.push({ kind, key, change: 'removed' });
  }
  return changes;
}
