/**
 * The official registry's outermost middleware, in its order: NUL bytes anywhere in
 * the path or query are refused (400, plain application/json as upstream does), and
 * a trailing slash is a 308 to the cleaned path with the query kept. Collapsing
 * leading slashes keeps `//evil.example/` from becoming an off-site redirect.
 */
import { posix } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';

export function guardRequest(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  const url = request.raw.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  const nul = (s: string) => s.includes('\0') || /%00/i.test(s);
  if (nul(path) || nul(query)) {
    const where = nul(path) ? 'URL path contains null bytes' : 'query parameters contain null bytes';
    reply
      .code(400)
      .header('content-type', 'application/json')
      .send(JSON.stringify({ title: 'Bad Request', status: 400, detail: `Invalid request: ${where}` }));
    return;
  }
  if (path.length > 1 && path.endsWith('/')) {
    let cleaned = posix.normalize(path.replace(/\/+/g, '/'));
    if (cleaned.length > 1 && cleaned.endsWith('/')) cleaned = cleaned.slice(0, -1);
    reply.redirect(cleaned + (q < 0 ? '' : `?${query}`), 308);
    return;
  }
  done();
}
