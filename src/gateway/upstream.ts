/**
 * A resolved upstream: where the gateway relays one server's MCP traffic. The
 * connection layer (next: per-user connections) resolves it from the catalog's
 * `remotes` and the connection's stored credentials; the relay only uses it.
 */
export type UpstreamTransport = 'streamable-http' | 'sse';

export interface Upstream {
  /** The catalog name of the server, as access rules name it. */
  server: string;
  /** The version relayed to (the latest), when known: list results are observed for it. Absent when a person chose the URL's origin (their lists are not the catalogued server's). */
  version?: string;
  /** The remote's URL: the MCP endpoint (streamable HTTP) or the SSE endpoint (legacy HTTP+SSE). */
  url: string;
  transport: UpstreamTransport;
  /**
   * The connection sends the person's own upstream values: what it lists is what
   * that person's credentials see, so it never changes the shared snapshot once one
   * is known, nor the server's drift for everyone (see docs/inventory.md).
   */
  personal?: boolean;
  /** The hosted instance relayed to (src/hosting), recorded in the audit; absent for a remote. */
  instance?: string;
  /** Sent to the upstream on every request (its credentials); the client's own are never forwarded. */
  headers: Record<string, string>;
}
