/**
 * Closes the HTTP app within a bound: it stops accepting at once, requests in
 * flight get up to `graceMs` to finish, and then every connection still open is
 * cut. Node's own close waits for every connection that is not idle, and a
 * connection that never sent a whole request head (a client that connected and
 * went silent, a half-sent head, a body trickling in) does not count as idle:
 * without the bound one such client holds a replica's shutdown until the request
 * limits (limitSlowClients.ts) cut it, minutes later.
 */
import type { FastifyInstance } from 'fastify';

export async function closeApp(app: FastifyInstance, graceMs: number): Promise<void> {
  const cut = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(cut);
  }
}
