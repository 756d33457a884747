/**
 * PLACEHOLDER until the `probe` branch lands (its file replaces this one on
 * merge): the signature the rest of the plane is written against.
 */
import type { Outbound } from '../outbound/index.js';
import type { ProbeOutcome, ProbeTarget } from './snapshot.js';

export interface ProbeOptions {
  outbound: Outbound;
  timeoutMs: number;
  maxResponseBytes?: number;
  maxItems?: number;
  maxPages?: number;
  maxSnapshotBytes?: number;
  clientInfo?: { name: string; version: string };
}

export function probeServer(target: ProbeTarget, options: ProbeOptions): Promise<ProbeOutcome> {
  void target;
  void options;
  return Promise.reject(new Error('probeServer is not built yet'));
}
