/**
 * How long a client may take to send a request, so slow or silent clients
 * cannot hold connections (file descriptors) for good:
 * - a whole request head within `headMs`: Node's `headersTimeout` from the
 *   head's first byte, and, before a connection's first request, a timer of our
 *   own, because Node starts timing a head only when its first byte arrives. A
 *   silent connection is destroyed without an answer (there is no request to
 *   answer); so is a first head that stops half-way, unless Node answers 408 first;
 * - the whole request, body included, within `requestMs` (Node's
 *   `requestTimeout`: 408). It bounds receiving the request only, never the
 *   answer, so long tool calls and event streams are not cut.
 * The first-request timer is cleared when that request arrives; between requests
 * Node's keep-alive timeout applies as before.
 *
 * At shutdown, a connection that has sent nothing gets a second
 * (`FIRST_REQUEST_AT_CLOSE_MS`) to start its request, not the whole grace. Node
 * counts a new connection as a request in flight, so a load balancer's
 * pre-opened connection, or a client that connected and said nothing, held a
 * replica's shutdown for the whole grace (nginx 1.22 waits the same way, until
 * `client_header_timeout`). Closing them at once would lose the first request
 * of a connection accepted just before the close, whose bytes are still on
 * their way; a second is ample for those. The server's `closeIdleConnections()`,
 * which both Node's `close()` and Fastify's call, arranges it. A connection
 * whose first head has begun to arrive keeps the grace.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** How often Node looks for requests past their limits (its default, 30 s, would let them run that much longer). */
export const CONNECTIONS_CHECK_MS = 1_000;

/** Once the server is closing, how long a connection that has sent nothing may take to start its first request. */
export const FIRST_REQUEST_AT_CLOSE_MS = 1_000;

export interface SlowClientLimits {
  headMs: number;
  requestMs: number;
}

export function limitSlowClients(server: Server, limits: SlowClientLimits): void {
  server.requestTimeout = limits.requestMs;
  // Node wants a head's limit within the whole request's.
  const headMs = Math.min(limits.headMs, limits.requestMs);
  server.headersTimeout = headMs;
  /** Connections whose first request has not arrived yet. */
  const waiting = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    waiting.add(socket);
    socket.once('close', () => waiting.delete(socket));
    // Node's own timeout handler destroys an idle socket that has no request to tell.
    socket.setTimeout(headMs);
  });
  server.on('request', (req) => {
    // Only a connection's first request clears the first-request timer.
    if (waiting.delete(req.socket)) req.socket.setTimeout(server.timeout);
  });
  const closeIdle = server.closeIdleConnections.bind(server);
  let cutSilent: NodeJS.Timeout | undefined;
  server.closeIdleConnections = () => {
    closeIdle();
    cutSilent ??= setTimeout(() => {
      for (const socket of waiting) if (socket.bytesRead === 0) socket.destroy();
    }, FIRST_REQUEST_AT_CLOSE_MS).unref();
  };
}
