/**
 * The official registry's outer middleware and catch-all, as a client sees them:
 * NUL bytes in the path or query (encoded and raw, over a real socket) get the
 * official 400 body, a trailing slash is a 308 that keeps the query and never
 * leaves the host, CORS preflight allows PATCH for a day, unknown routes and
 * wrong methods get the official 404 with its hint (which, unlike upstream's,
 * suggests only routes that exist), and requests Node's parser
 * refuses still get a problem body. None of this touches the database, so SQLite
 * alone is enough.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const NUL_IN_PATH = '{"title":"Bad Request","status":400,"detail":"Invalid request: URL path contains null bytes","code":"HTTP_NUL_IN_PATH"}';
const NUL_IN_QUERY = '{"title":"Bad Request","status":400,"detail":"Invalid request: query parameters contain null bytes","code":"HTTP_NUL_IN_PATH"}';
const NOT_FOUND = 'Endpoint not found. See /docs for the API documentation.';
const hintFor = (path: string) => `Endpoint not found. Did you mean '/v0.1${path}' or '/v0${path}'? See /docs for the API documentation.`;

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends bytes exactly as given (latin1) and reads the answer until the server closes. */
function rawRequest(port: number, request: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
    socket.on('connect', () => socket.write(Buffer.from(request, 'latin1')));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (err) => {
      if (!chunks.length) reject(err);
    });
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      if (split < 0) return reject(new Error(`no HTTP response: ${JSON.stringify(text)}`));
      const [statusLine, ...lines] = text.slice(0, split).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine!.split(' ')[1]), headers, body: text.slice(split + 4) });
    });
  });
}

const get = (target: string, extra = '') => `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}Connection: close\r\n\r\n`;

describe('request middleware', () => {
  let t: TestToolshed;
  let port: number;
  beforeAll(async () => {
    t = await testToolshed('sqlite');
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await t?.destroy();
  });

  describe('NUL bytes', () => {
    it('refuses %00 in the path with the official 400 application/json body, on any route and method', async () => {
      for (const [method, url] of [
        ['GET', '/v0.1/servers/a%00b/versions'],
        ['GET', '/nowhere%00'],
        ['POST', '/v0.1/publish%00'],
        ['PATCH', '/v0/servers/x/status%00'],
        ['GET', '/v0.1/servers/%00/versions?limit=%00'],
      ] as const) {
        const res = await t.app.inject({ method, url, headers: AUTH });
        expect(res.statusCode, url).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.body).toBe(NUL_IN_PATH);
      }
    });

    it('refuses %00 in the query with the query wording', async () => {
      for (const url of ['/v0.1/servers?search=%00', '/v0.1/servers?cursor=a%00b&limit=5', '/v0/ping?%00']) {
        const res = await t.app.inject({ url });
        expect(res.statusCode, url).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.body).toBe(NUL_IN_QUERY);
      }
    });

    it('refuses a raw NUL in the path or the query sent over a real socket', async () => {
      const inPath = await rawRequest(port, get('/v0.1/serv\0ers'));
      expect(inPath.status).toBe(400);
      expect(inPath.headers['content-type']).toBe('application/json');
      expect(inPath.body).toBe(NUL_IN_PATH);
      const inQuery = await rawRequest(port, get('/v0.1/servers?search=a\0b'));
      expect(inQuery.status).toBe(400);
      expect(inQuery.headers['content-type']).toBe('application/json');
      expect(inQuery.body).toBe(NUL_IN_QUERY);
      const encoded = await rawRequest(port, get('/v0.1/servers?search=a%00b'));
      expect(encoded.status).toBe(400);
      expect(encoded.body).toBe(NUL_IN_QUERY);
    });

    it('lets %2500 through: a literal "%00" search term and an unknown route stay ordinary', async () => {
      const query = await t.app.inject({ url: '/v0.1/servers?search=%2500' });
      expect(query.statusCode).toBe(200);
      expect(query.json().servers).toEqual([]);
      const route = await t.app.inject({ url: '/v0.1/nothing%2500' });
      expect(route.statusCode).toBe(404);
      expect(route.json().detail).toBe(NOT_FOUND);
    });
  });

  describe('trailing slash', () => {
    it('redirects with 308 to the clean path and keeps the query', async () => {
      for (const [url, location] of [
        ['/v0.1/servers/?limit=5&cursor=a%3Ab', '/v0.1/servers?limit=5&cursor=a%3Ab'],
        ['/v0.1/servers/', '/v0.1/servers'],
        ['/v0.1/servers///', '/v0.1/servers'],
        ['/v0.1//servers/', '/v0.1/servers'],
        ['/v0.1/servers/com.example%2Fx/versions/../versions/', '/v0.1/servers/com.example%2Fx/versions'],
      ]) {
        const res = await t.app.inject({ url: url! });
        expect(res.statusCode, url).toBe(308);
        expect(res.headers.location).toBe(location);
      }
      const post = await t.app.inject({ method: 'POST', url: '/v0.1/publish/', headers: AUTH, payload: {} });
      expect(post.statusCode).toBe(308);
      expect(post.headers.location).toBe('/v0.1/publish');
    });

    it('never redirects off the host, even for //evil.example/ or backslash tricks over a real socket', async () => {
      for (const [target, location] of [
        ['//evil.example/', '/evil.example'],
        ['///evil.example//path/', '/evil.example/path'],
        ['//evil.example/?next=//evil.example/', '/evil.example?next=//evil.example/'],
        ['/\\evil.example/', '/%5Cevil.example'],
        ['/\\/evil.example/', '/%5C/evil.example'],
        ['/%2F%2Fevil.example/', '/%2F%2Fevil.example'],
      ]) {
        const res = await rawRequest(port, get(target!));
        expect(res.status, target).toBe(308);
        expect(res.headers.location).toBe(location);
        expect(res.headers.location).not.toMatch(/^(\/\/|\/\\|[a-z]+:)/i);
      }
    });

    it('leaves the root alone', async () => {
      const res = await t.app.inject({ url: '/' });
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('/docs');
    });
  });

  describe('CORS', () => {
    it('answers a PATCH preflight for any origin, with the methods and a one-day max-age', async () => {
      const res = await t.app.inject({
        method: 'OPTIONS',
        url: '/v0.1/servers/com.example%2Fx/versions/1.0.0/status',
        headers: { origin: 'https://app.example', 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization, content-type' },
      });
      expect(res.statusCode).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      const methods = String(res.headers['access-control-allow-methods']).split(/,\s*/);
      expect(methods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']));
      expect(res.headers['access-control-max-age']).toBe('86400');
      expect(String(res.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    });

    it('marks ordinary and error responses readable from any origin', async () => {
      const list = await t.app.inject({ url: '/v0.1/servers', headers: { origin: 'https://app.example' } });
      expect(list.headers['access-control-allow-origin']).toBe('*');
      expect(String(list.headers['access-control-expose-headers'])).toContain('Content-Type');
      const missing = await t.app.inject({ url: '/v0.1/nowhere', headers: { origin: 'https://app.example' } });
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['access-control-allow-origin']).toBe('*');
    });
  });

  describe('unknown routes and wrong methods', () => {
    it('answers wrong methods on known paths with the official 404, not 405', async () => {
      for (const [method, url] of [
        ['DELETE', '/v0.1/servers'],
        ['POST', '/v0.1/servers'],
        ['PUT', '/v0/publish'],
        ['GET', '/v0.1/publish'],
        ['DELETE', '/v0.1/servers/com.example%2Fx/status'],
        ['POST', '/v0.1/servers/com.example%2Fx/versions'],
      ] as const) {
        const res = await t.app.inject({ method, url, headers: AUTH });
        expect(res.statusCode, `${method} ${url}`).toBe(404);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.json()).toEqual({ title: 'Not Found', status: 404, detail: NOT_FOUND, code: 'HTTP_ROUTE_NOT_FOUND' });
      }
    });

    it('answers unknown versioned paths, including the removed GET /v0/servers/{name}, with the plain catch-all', async () => {
      for (const url of ['/v0/servers/com.example%2Fx', '/v0.1/nothing', '/v0.1/servers/a/b/c/d', '/v0.1/x/com.example/ext']) {
        const res = await t.app.inject({ url });
        expect(res.statusCode, url).toBe(404);
        expect(res.json()).toEqual({ title: 'Not Found', status: 404, detail: NOT_FOUND, code: 'HTTP_ROUTE_NOT_FOUND' });
      }
    });

    it('hints at the versioned path for unversioned ones, without the query', async () => {
      for (const [url, path] of [
        ['/servers', '/servers'],
        ['/health', '/health'],
        ['/servers/com.example%2Fx/versions', '/servers/com.example%2Fx/versions'],
      ]) {
        const res = await t.app.inject({ method: 'GET', url: url! });
        expect(res.statusCode, url).toBe(404);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.json()).toEqual({ title: 'Not Found', status: 404, detail: hintFor(path!), code: 'HTTP_ROUTE_NOT_FOUND' });
      }
    });

    it('suggests only routes that exist, naming the method when the path is another method’s', async () => {
      for (const url of ['/register', '/v2/servers', '/servers/x/nothing']) {
        const res = await t.app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(404);
        expect(res.json().detail, url).toBe(NOT_FOUND);
      }
      const publish = await t.app.inject({ method: 'GET', url: '/publish?x=1' });
      expect(publish.json().detail).toBe("Endpoint not found. Did you mean 'POST /v0.1/publish' or 'POST /v0/publish'? See /docs for the API documentation.");
      for (const suggested of ['/v0.1/health', '/v0/health', '/v0.1/servers']) {
        expect((await t.app.inject({ method: 'GET', url: suggested })).statusCode, suggested).toBe(200);
      }
    });
  });

  describe('requests the HTTP parser refuses', () => {
    it('answers a broken request line or header with a 400 problem', async () => {
      for (const request of [
        'GET /v0.1/servers HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Injected: a\rb\r\nConnection: close\r\n\r\n',
        'GET /v0.1/ser vers HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
        'GET /v0.1/servers HTTP/1.1\r\nBad Header Name: x\r\nConnection: close\r\n\r\n',
        'POST /v0.1/validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{}',
      ]) {
        const res = await rawRequest(port, request);
        expect(res.status, JSON.stringify(request)).toBe(400);
        expect(res.headers['content-type']).toBe('application/problem+json');
        const body = JSON.parse(res.body);
        expect(body).toMatchObject({ title: 'Bad Request', status: 400 });
        expect(body.detail).toMatch(/^Invalid request: malformed HTTP request \(.+\)$/);
      }
    });

    it('answers oversized headers with a 431 problem', async () => {
      const res = await rawRequest(port, get('/v0.1/servers', `X-Big: ${'a'.repeat(20_000)}\r\n`));
      expect(res.status).toBe(431);
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(JSON.parse(res.body)).toEqual({
        title: 'Request Header Fields Too Large',
        status: 431,
        detail: 'Invalid request: the request headers are too large',
        code: 'HTTP_HEADERS_TOO_LARGE',
      });
    });

    it('answers broken percent-encoding sent over a real socket with a 400 problem', async () => {
      const res = await rawRequest(port, get('/v0.1/servers/%E0%A4%A/versions'));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(res.body).detail).toBe('Invalid request: URL path contains invalid percent-encoding (use %XX escapes of UTF-8 bytes)');
    });
  });
});
