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
 * At shutdown a connection that has not sent a byte counts as idle, as nginx
 * treats it: Node counts a new connection as a request in flight, so a load
 * balancer's pre-opened connection (or a client that connected and said
 * nothing) held a replica's shutdown for the whole grace. The server's
 * `closeIdleConnections()`, which both Node's `close()` and Fastify's call,
 * now also closes those. A connection whose first head is on its way keeps the
 * grace. As with any idle keep-alive connection, a request that is still in
 * the kernel's buffer when the server closes is lost with its connection;
 * HTTP clients retry a request on a connection that was closed before
 * answering anything.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** How often Node looks for requests past their limits (its default, 30 s, would let them run that much longer). */
export const CONNECTIONS_CHECK_MS = 1_000;

const awaitingFirstRequest = Symbol('toolshed.awaitingFirstRequest');
type WatchedSocket = Socket & { [awaitingFirstRequest]?: boolean };

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
  const waiting = new Set<WatchedSocket>();
  server.on('connection', (socket: WatchedSocket) => {
    socket[awaitingFirstRequest] = true;
    waiting.add(socket);
    socket.once('close', () => waiting.delete(socket));
    // Node's own timeout handler destroys an idle socket that has no request to tell.
    socket.setTimeout(headMs);
  });
  server.on('request', (req) => {
    const socket = req.socket as WatchedSocket;
    if (!socket[awaitingFirstRequest]) return;
    socket[awaitingFirstRequest] = false;
    waiting.delete(socket);
    socket.setTimeout(server.timeout);
  });
  const closeIdle = server.closeIdleConnections.bind(server);
  server.closeIdleConnections = () => {
    closeIdle();
    for (const socket of waiting) if (socket.bytesRead === 0) socket.destroy();
  };
}
