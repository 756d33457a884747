/**
 * The official registry's outermost middleware, in its order: NUL bytes anywhere in
 * the path or query are refused (400, plain application/json as upstream does), and
 * a trailing slash is a 308 to the cleaned path with the query kept. Collapsing
 * leading slashes keeps `//evil.example/` from becoming an off-site redirect.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { posix } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem } from './problem.js';

function nulBody(inPath: boolean): string {
  const where = inPath ? 'URL path contains null bytes' : 'query parameters contain null bytes';
  return JSON.stringify(problem('HTTP_NUL_IN_PATH', `Invalid request: ${where}`));
}

export function guardRequest(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  const url = request.raw.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  const nul = (s: string) => s.includes('\0') || /%00/i.test(s);
  if (nul(path) || nul(query)) {
    reply
      .code(400)
      .header('content-type', 'application/json')
      .send(nulBody(nul(path)));
    return;
  }
  if (path.length > 1 && path.endsWith('/')) {
    let cleaned = posix.normalize(path.replace(/\/+/g, '/'));
    if (cleaned.length > 1 && cleaned.endsWith('/')) cleaned = cleaned.slice(0, -1);
    // Browsers read `\` as `/`, so `/\evil.example/` would leave the site too.
    cleaned = cleaned.replace(/\\/g, '%5C');
    reply.redirect(cleaned + (q < 0 ? '' : `?${query}`), 308);
    return;
  }
  done();
}

/**
 * Fastify's `clientErrorHandler`: requests Node's HTTP parser refuses before any
 * route or hook runs. A raw NUL in the request target gets the same answer as
 * `%00` above; any other malformed request a problem+json saying what was wrong.
 */
export function refuseMalformedRequest(error: Error, socket: Socket): void {
  const err = error as Error & { code?: string; reason?: unknown; rawPacket?: unknown };
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const raw = Buffer.isBuffer(err.rawPacket) ? err.rawPacket : undefined;
  const requestLine = raw?.toString('latin1').split('\r\n', 1)[0] ?? '';
  const target = requestLine.slice(requestLine.indexOf(' ') + 1);
  let status = 400;
  let contentType = 'application/problem+json';
  let body: string;
  if (err.code === 'HPE_INVALID_URL' && target.includes('\0')) {
    const q = target.indexOf('?');
    contentType = 'application/json';
    body = nulBody((q < 0 ? target : target.slice(0, q)).includes('\0'));
  } else if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    status = 408;
    body = JSON.stringify(problem('HTTP_REQUEST_TIMEOUT', 'Invalid request: the request was not received in time'));
  } else if (err.code === 'HPE_HEADER_OVERFLOW') {
    status = 431;
    body = JSON.stringify(problem('HTTP_HEADERS_TOO_LARGE', 'Invalid request: the request headers are too large'));
  } else {
    const reason = typeof err.reason === 'string' ? err.reason : 'unparseable request line or headers';
    body = JSON.stringify(problem('HTTP_MALFORMED_REQUEST', `Invalid request: malformed HTTP request (${reason})`));
  }
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${contentType}\r\n` + `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}
