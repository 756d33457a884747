/**
 * PLACEHOLDER until the `scan` branch lands (its file replaces this one on
 * merge): the signature the rest of the plane is written against.
 */
import type { ScanFinding, Snapshot } from './snapshot.js';

export interface ScanContext {
  /** Tool names other servers a person can reach offer, for shadowing. */
  otherServersTools?: ReadonlyMap<string, readonly string[]>;
}

export function scanSnapshot(snapshot: Snapshot, context?: ScanContext): ScanFinding[] {
  void snapshot;
  void context;
  return [];
}
