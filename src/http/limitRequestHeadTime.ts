/**
 * A client has `ms` to send a whole request head: Node's `headersTimeout` from a
 * request's first byte, and, before a connection's first request, a timer of
 * our own, because Node starts timing a head only when its first byte arrives.
 * Without it a client that connects and stays silent holds its connection (a
 * file descriptor) for ever. Once the first request arrives the timer is
 * cleared, so long tool calls and event streams are never cut by it; between
 * requests, Node's keep-alive timeout applies as before. A silent connection
 * is destroyed without an answer, as there is no request to answer; so is a
 * connection whose first head stops half-way, unless Node's own timer (checked
 * every 30 s) answers it 408 first.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

const awaitingFirstRequest = Symbol('toolshed.awaitingFirstRequest');
type WatchedSocket = Socket & { [awaitingFirstRequest]?: boolean };

export function limitRequestHeadTime(server: Server, ms: number): void {
  if (ms <= 0) return;
  server.headersTimeout = ms;
  server.on('connection', (socket: WatchedSocket) => {
    socket[awaitingFirstRequest] = true;
    // Node's own timeout handler destroys an idle socket that has no request to tell.
    socket.setTimeout(ms);
  });
  server.on('request', (req) => {
    const socket = req.socket as WatchedSocket;
    if (!socket[awaitingFirstRequest]) return;
    socket[awaitingFirstRequest] = false;
    socket.setTimeout(server.timeout);
  });
}
