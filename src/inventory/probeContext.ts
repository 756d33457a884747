/** What every step of one probe shares: the guarded client, the deadline's signal, the target's headers and the limits. */
import type { Outbound } from '../outbound/index.js';

export interface ProbeLimits {
  maxResponseBytes: number;
  maxItems: number;
  maxPages: number;
  maxSnapshotBytes: number;
}

export interface ProbeContext {
  outbound: Outbound;
  /** Fires at the deadline or on the first failure; every request of the probe carries it, so it cancels their sockets. */
  signal: AbortSignal;
  /** The target's headers (credentials): sent, never logged or quoted. */
  headers: Record<string, string>;
  clientInfo: { name: string; version: string };
  limits: ProbeLimits;
  nextId(): number;
}
