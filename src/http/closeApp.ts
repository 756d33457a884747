/**
 * Closes the HTTP app within a bound: it stops accepting at once, requests in
 * flight get up to `graceMs` to finish, and then every connection still open is
 * cut. Node's own close waits for ever on a connection that never sent a whole
 * request head (a client that connected and went silent, a half-sent head), so
 * without the bound one such client could keep a replica from shutting down.
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
