import type { Tx } from '../schema.js';

export interface NewProbeResult {
  server: string;
  version: string;
  /** Microseconds. */
  at: number;
  up: boolean;
  latencyMs: number;
  protocolVersion: string | null;
  failureKind: string | null;
  failureMessage: string | null;
  httpStatus: number | null;
}

/** Records one probe's health reading. */
export async function insertProbeResult({ tx, result }: { tx: Tx; result: NewProbeResult }): Promise<void> {
  await tx
    .insertInto('probe_results')
    .values({
      server: result.server,
      version: result.version,
      at: result.at,
      up: result.up ? 1 : 0,
      latency_ms: Math.max(0, Math.round(result.latencyMs)),
      protocol_version: result.protocolVersion,
      failure_kind: result.failureKind,
      failure_message: result.failureMessage,
      http_status: result.httpStatus,
    })
    .execute();
}
