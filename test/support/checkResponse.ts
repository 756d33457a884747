/**
 * What every answer to hostile input must look like: below 500; an error as
 * problem+json with title, status, detail and a catalogued code (the official NUL-byte answer
 * excepted); never a stack trace, SQL, a source path or the admin token unless
 * the request itself carried it. Shared by the fuzz tests.
 */
import { expect } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../src/errorCodes.js';
import { ADMIN_TOKEN } from './testToolshed.js';

/** Strings an error body must never show unless the request itself supplied them. */
export const LEAK_MARKERS = ['    at ', 'SELECT ', 'INSERT ', 'sqlite', 'SQLITE_', 'relation "', '/work/', 'node_modules'];
/** A source file path (`src/http/buildApp.ts:12`); schema paths such as `Icon/properties/src/format` are not leaks. */
const SOURCE_PATH = /\bsrc\/[\w./-]+\.[cm]?[jt]s\b/;

/** The official NUL-byte answer is the one error that is plain application/json. */
const NUL_BODY = /^\{"title":"Bad Request","status":400,"detail":"Invalid request: (URL path|query parameters) contains? null bytes","code":"HTTP_NUL_IN_PATH"\}$/;

export interface Sent {
  method: string;
  url: string;
  text?: string;
}

function supplied(sent: Sent, marker: string): boolean {
  const views = [sent.url, sent.text ?? ''];
  try {
    views.push(decodeURIComponent(sent.url));
  } catch {
    // undecodable URLs are checked as sent
  }
  try {
    views.push(JSON.stringify(JSON.parse(sent.text ?? '""')));
  } catch {
    // broken JSON is checked as sent
  }
  return views.some((v) => v.includes(marker));
}

export function checkResponse(sent: Sent, res: { statusCode: number; headers: Record<string, unknown>; body: string }, options: { anySuccessType?: boolean } = {}): void {
  const where = `${sent.method} ${sent.url.slice(0, 200)} -> ${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, where).toBeLessThan(500);
  expect(res.body, where).not.toContain(ADMIN_TOKEN);
  for (const marker of LEAK_MARKERS) {
    if (!supplied(sent, marker)) expect(res.body, where).not.toContain(marker);
  }
  if (!SOURCE_PATH.test(JSON.stringify(sent))) expect(res.body, where).not.toMatch(SOURCE_PATH);
  if (res.statusCode >= 300 && res.statusCode < 400) {
    // 308 from the trailing-slash rule; 302 when inject resolves `..` segments to the root
    expect([302, 308], where).toContain(res.statusCode);
    expect(String(res.headers.location), where).toMatch(/^\/(?![/\\])/);
    return;
  }
  const contentType = String(res.headers['content-type']);
  if (res.statusCode < 400) {
    // Some routes answer YAML, JSON Lines or an empty 204; the registry API always answers JSON.
    if (!options.anySuccessType) expect(contentType, where).toMatch(/^application\/json/);
    return;
  }
  const body = JSON.parse(res.body);
  if (contentType.startsWith('application/json')) {
    expect(res.body, where).toMatch(NUL_BODY);
    return;
  }
  expect(contentType, where).toMatch(/^application\/problem\+json/);
  expect(body.status, where).toBe(res.statusCode);
  expect(typeof body.title, where).toBe('string');
  expect(body.title.length, where).toBeGreaterThan(0);
  expect(typeof body.detail, where).toBe('string');
  expect(body.detail.length, where).toBeGreaterThan(0);
  // Its code is catalogued with this status (a framework refusal passed through may name another 4xx).
  const entry = ERROR_CODES[body.code as ErrorCode];
  expect(entry, where).toBeDefined();
  if (body.code !== 'HTTP_BAD_REQUEST') expect(entry.status, where).toBe(res.statusCode);
}
