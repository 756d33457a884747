/**
 * The error catalogue (src/errorCodes.ts): every problem+json Toolshed answers,
 * from the official /v0.1 routes, its own API, the HTTP framework, the request
 * parser and the gateway's own refusals, carries a `code` from the catalogue whose
 * status is the answer's status; what caused an error goes to the log and not to
 * the client; every catalogued code is used somewhere in src/; and docs/errors.md
 * is what `npm run docs:errors` renders from the list.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS_DOC, renderErrorsDoc } from '../scripts/renderErrorsDoc.js';
import { ERROR_CODES, type ErrorCode } from '../src/errorCodes.js';
import { serverDoc } from './support/serverDocs.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

const enc = encodeURIComponent;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('error catalogue', () => {
  it('docs/errors.md is what the catalogue renders (run npm run docs:errors after changing src/errorCodes.ts)', () => {
    expect(readFileSync(ERRORS_DOC, 'utf8')).toBe(renderErrorsDoc());
  });

  it('every catalogued code is thrown or sent somewhere in src/', () => {
    const src = fileURLToPath(new URL('../src/', import.meta.url));
    const text = sourceFiles(src)
      .filter((f) => !f.endsWith('errorCodes.ts'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const unused = (Object.keys(ERROR_CODES) as ErrorCode[]).filter((code) => !text.includes(`'${code}'`));
    expect(unused).toEqual([]);
  });

  describe('problems on the wire', () => {
    let t: TestToolshed;
    const logs: Array<Record<string, any>> = [];

    beforeAll(async () => {
      t = await testToolshed('sqlite', { logLevel: 'info' }, { logStream: { write: (line: string) => void logs.push(JSON.parse(line)) } });
    });
    afterAll(async () => {
      await t?.destroy();
    });

    /** The answer's code, after checking it is catalogued with the answer's status and sent as problem+json. */
    function codeOf(res: { statusCode: number; headers: Record<string, unknown>; body: string }): string {
      expect(String(res.headers['content-type'])).toMatch(/^application\/(problem\+)?json/);
      const body = JSON.parse(res.body) as { status: number; code: ErrorCode };
      expect(body.status).toBe(res.statusCode);
      expect(ERROR_CODES[body.code]?.status).toBe(res.statusCode);
      return body.code;
    }

    it.each<[string, InjectOptions, string]>([
      ['an unknown server on the official route', { url: `/v0.1/servers/${enc('com.example/nope')}/versions/1.0.0` }, 'CATALOG_SERVER_NOT_FOUND'],
      ['an unknown endpoint', { url: '/v0.1/nothing-here' }, 'HTTP_ROUTE_NOT_FOUND'],
      ['a query out of range', { url: '/v0.1/servers?limit=0' }, 'HTTP_INVALID_QUERY'],
      ['a bad updated_since', { url: '/v0.1/servers?updated_since=yesterday' }, 'CATALOG_BAD_UPDATED_SINCE'],
      ['a publish whose body fails validation', { method: 'POST', url: '/v0.1/publish', headers: AUTH, payload: { name: 1 } }, 'HTTP_INVALID_REQUEST'],
      ['a publish without Bearer', { method: 'POST', url: '/v0.1/publish', headers: { authorization: 'Basic x' }, payload: serverDoc('com.example/x', '1.0.0') }, 'AUTH_BAD_HEADER'],
      ['malformed JSON', { method: 'POST', url: '/v0.1/publish', headers: { ...AUTH, 'content-type': 'application/json' }, payload: '{' }, 'HTTP_BAD_REQUEST'],
      ['a body that is not JSON', { method: 'POST', url: '/v0.1/publish', headers: { ...AUTH, 'content-type': 'text/plain' }, payload: 'x' }, 'HTTP_UNSUPPORTED_MEDIA_TYPE'],
      ['a body over 1 MiB', { method: 'POST', url: '/v0.1/publish', headers: { ...AUTH, 'content-type': 'application/json' }, payload: `"${'x'.repeat(1_100_000)}"` }, 'HTTP_BODY_TOO_LARGE'],
      ['a NUL in the path (the official application/json answer)', { url: '/v0.1/servers/%00' }, 'HTTP_NUL_IN_PATH'],
      ['an admin call without credentials', { url: '/api/admin/sources' }, 'AUTH_REQUIRED'],
      ['an unknown federation source', { url: '/api/admin/sources/nosuch', headers: AUTH }, 'FEDERATION_SOURCE_NOT_FOUND'],
      ['a GET of the sign-out', { url: '/auth/logout' }, 'AUTH_LOGOUT_NEEDS_POST'],
    ])('%s answers its catalogued code', async (_label, req, code) => {
      expect(codeOf(await t.app.inject(req))).toBe(code);
    });

    it('a refusal caused by another error keeps the cause in the log, not in the answer', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/admin/sources', headers: AUTH, payload: { name: 'private', baseUrl: 'https://10.1.2.3' } });
      expect(codeOf(res)).toBe('FEDERATION_BAD_BASE_URL');
      expect(res.body).not.toContain('OutboundError');
      const line = logs.find((l) => l.code === 'FEDERATION_BAD_BASE_URL');
      expect(line?.err?.stack).toMatch(/\ncaused by: Error: 10\.1\.2\.3 is a private[^\n]*\n\s+at Object\.checkUrl/);
    });

    it("the gateway's own refusals carry their code too", async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = t.app.server.address() as AddressInfo;
      const answer = await new Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/mcp/con_nosuch', headers: { origin: 'https://evil.example', 'content-type': 'application/json' } }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ statusCode: res.statusCode!, headers: res.headers, body }));
        });
        req.on('error', reject);
        req.end('{}');
      });
      expect(codeOf(answer)).toBe('GATEWAY_ORIGIN_REFUSED');
    });
  });
});
