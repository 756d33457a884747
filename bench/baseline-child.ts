/**
 * The baseline: a bare Fastify server answering from memory with the very bytes
 * Toolshed served for the same URLs (and the same content-type, etag and
 * cache-control headers). Reads `{ [url]: { body, etag } }` from the JSON file
 * named in argv[2]; prints `{"address":…}` on stdout once listening.
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

// Held as UTF-8 buffers, as Toolshed's response cache holds them: the fairest baseline
// for "the same bytes from memory" does no per-request encoding either.
const pages = new Map(
  Object.entries(JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Record<string, { body: string; etag: string }>).map(
    ([url, page]) => [url, { body: Buffer.from(page.body), etag: page.etag }] as const,
  ),
);
const app = Fastify({ logger: false });
app.get('/*', async (request, reply) => {
  const page = pages.get(request.url);
  if (!page) return reply.code(404).send();
  return reply.header('etag', page.etag).header('cache-control', 'public, max-age=0').header('content-type', 'application/json').send(page.body);
});
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ address })}\n`);
process.on('SIGTERM', () => void app.close().finally(() => process.exit(0)));
