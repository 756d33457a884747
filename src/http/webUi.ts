/**
 * Serves the built web UI (web/dist, made by `npm run build:web`, which `npm ci`
 * runs) at `/`: hashed assets under `/assets/` with a one-year immutable cache,
 * `index.html` with `no-cache` and a strict Content-Security-Policy, and the same
 * page for any other browser navigation that is not an API path (the UI's client
 * routes, e.g. `/servers/io.github.acme/weather`). API clients keep the JSON 404:
 * the fallback answers only GET/HEAD requests that accept `text/html`.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build:web` writes the UI. */
export const WEB_UI_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** The built UI's directory, or undefined when it has not been built. */
export function builtWebUi(dir: string = WEB_UI_DIR): string | undefined {
  return existsSync(join(dir, 'index.html')) ? dir : undefined;
}

/** Paths that belong to the API, the docs or operations: never answered with the UI. */
const RESERVED = ['/v0', '/v0.1', '/api', '/auth', '/docs', '/openapi.json', '/health', '/metrics', '/assets'];

export const WEB_UI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  // Server icons are https URLs on the publishers' hosts.
  "img-src 'self' https: data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function isReserved(path: string): boolean {
  return RESERVED.some((p) => path === p || path.startsWith(`${p}/`));
}

export interface WebUi {
  /** Answers with the UI's page when the request is a browser navigation to a UI path; false otherwise. */
  sendPageFor(request: FastifyRequest, reply: FastifyReply): Promise<boolean>;
}

export async function installWebUi(app: FastifyInstance, root: string): Promise<WebUi> {
  const indexFile = join(root, 'index.html');

  async function sendIndex(reply: FastifyReply): Promise<void> {
    // Read per request: a rebuild (new hashed asset names) is served without a restart.
    const html = await readFile(indexFile, 'utf8');
    await reply
      .code(200)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', WEB_UI_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .send(html);
  }

  await app.register(async (scope) => {
    await scope.register(fastifyStatic, {
      root: join(root, 'assets'),
      prefix: '/assets/',
      decorateReply: false,
      index: false,
      wildcard: true,
      immutable: true,
      maxAge: '365d',
      cacheControl: true,
    });
  });
  app.get('/', { schema: { hide: true }, config: { anonymous: true } }, async (_request, reply) => sendIndex(reply));

  return {
    async sendPageFor(request, reply) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return false;
      const path = (request.raw.url ?? '/').split('?')[0]!;
      if (isReserved(path)) return false;
      if (!String(request.headers.accept ?? '').includes('text/html')) return false;
      await sendIndex(reply);
      return true;
    },
  };
}
