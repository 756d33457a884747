/**
 * What the relay reports about each message that matters, and to whom: one
 * `GatewayCallRecord` per client request once its outcome is known (answered,
 * failed, denied, rate-limited, timed out, or the client went away), plus
 * event streams opening and closing. Sinks must return at once: the relay
 * never waits on them (the audit writer queues, the metrics count).
 */
export const CALL_OUTCOMES = ['ok', 'error', 'denied', 'rate_limited', 'timeout', 'disconnected'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export interface GatewayCallRecord {
  /** When the gateway received the request, microseconds since the epoch. */
  at: number;
  principal: { id: string; label: string; via: string };
  connection?: { id: string; label: string };
  /** From `initialize` (`clientInfo`), when this record is the initialize. */
  client?: { name: string; version?: string };
  server: string;
  /**
   * The JSON-RPC method, or for exchanges that are not one request: `connect`
   * (refused before any message was read), `stream/listen` (a streamable HTTP
   * GET stream), `stream/sse` (a legacy SSE stream), `session/delete`, `session/refused` (a
   * session id, or legacy SSE message URL, this connection was not given: 404, outcome denied).
   */
  method: string;
  /** The tool, prompt or resource (URI) named by tools/call, prompts/get, resources/read|subscribe|unsubscribe. */
  target?: string;
  outcome: CallOutcome;
  /** The JSON-RPC error code (the upstream's or the gateway's), when there was one. */
  errorCode?: number;
  /** Why: the error message, the policy reason of a denial, or the limit that was hit (at most 500 characters). */
  errorMessage?: string;
  durationMicros: number;
  requestBytes: number;
  responseBytes: number;
  /** The JSON-RPC id as text (`7`, `"abc"` keeps its quotes so 7 and "7" differ). */
  jsonrpcId?: string;
  /** SHA-256 (hex, first 32 characters) of the MCP session id, when there is one. */
  sessionHash?: string;
  /** The hosted instance that served the call, when the server is hosted by Toolshed. */
  instance?: string | undefined;
  /** Only when payload capture is on: redacted, bounded JSON text. */
  requestPayload?: string;
  responsePayload?: string;
}

export interface AuditSink {
  record(call: GatewayCallRecord): void;
  /** Seconds new calls must wait because records cannot be taken now (0: they can); absent when a sink never refuses. */
  busy?(): number;
  /** An event stream towards the client opened; the returned function is called once when it closes. */
  streamOpened?(server: string, kind: 'post' | 'listen' | 'sse'): () => void;
}

/** Several sinks as one (the audit writer and the metrics). */
export function teeSinks(...sinks: Array<AuditSink | undefined>): AuditSink | undefined {
  const all = sinks.filter((s): s is AuditSink => s !== undefined);
  if (all.length === 0) return undefined;
  if (all.length === 1) return all[0];
  const streaming = all.filter((s) => s.streamOpened);
  const busy = all.filter((s) => s.busy);
  return {
    record(call) {
      for (const s of all) s.record(call);
    },
    ...(busy.length === 1 ? { busy: () => busy[0]!.busy!() } : busy.length ? { busy: () => Math.max(...busy.map((s) => s.busy!())) } : {}),
    ...(streaming.length
      ? {
          streamOpened(server: string, kind: 'post' | 'listen' | 'sse') {
            const closes = streaming.map((s) => s.streamOpened!(server, kind));
            return () => {
              for (const close of closes) close();
            };
          },
        }
      : {}),
  };
}
