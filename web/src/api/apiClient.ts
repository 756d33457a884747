/**
 * The web UI's only way to the server: same-origin fetches of the public registry API
 * (`/v0.1`), `/api/me`, `/api/session` and the admin API (`/api/admin`), with
 * problem+json refusals turned into an `ApiError` that carries a sentence a person
 * understands. A request carries the browser session's cookie (same origin) and, on
 * writes, its CSRF token in `X-CSRF-Token`; the bootstrap console sends the admin
 * token as a bearer instead.
 */
import type { ServerList, ServerResponse } from './catalogTypes.js';
import { networkProblem, readProblem, type ReadableProblem } from './problemMessage.js';

export class ApiError extends Error {
  readonly problem: ReadableProblem;
  constructor(problem: ReadableProblem) {
    super(problem.message);
    this.problem = problem;
  }
  get status(): number {
    return this.problem.status;
  }
  /** The error catalogue's code (e.g. ACCESS_RULES_CHANGED), when the server sent one. */
  get code(): string | undefined {
    return this.problem.code;
  }
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  token?: string | undefined;
  signal?: AbortSignal;
  /** An ETag the write is conditional on (`If-Match`). */
  ifMatch?: string | undefined;
}

let csrfToken: string | null = null;

/** The CSRF token of the signed-in browser session (from GET /api/session), sent on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The body and the headers of an answer (for an ETag). */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<{ body: T; headers: Headers }> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  else if (!SAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (options.ifMatch) headers['if-match'] = options.ifMatch;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') throw err;
    throw new ApiError(networkProblem(err));
  }
  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  if (!response.ok) throw new ApiError(readProblem(response.status, body));
  return { body: body as T, headers: response.headers };
}

export async function requestJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await request<T>(path, options)).body;
}

const enc = encodeURIComponent;

export function listServers(query: string, signal?: AbortSignal): Promise<ServerList> {
  return requestJson<ServerList>(`/v0.1/servers?${query}`, signal ? { signal } : {});
}

/** `token`: the console's bearer (a token sign-in), so a publisher sees their own pending version and a reviewer every one. */
export function getServerVersion(name: string, version: string, signal?: AbortSignal, token?: string): Promise<ServerResponse> {
  return requestJson<ServerResponse>(`/v0.1/servers/${enc(name)}/versions/${enc(version)}`, { token, ...(signal ? { signal } : {}) });
}

export function listServerVersions(name: string, signal?: AbortSignal, token?: string): Promise<ServerList> {
  return requestJson<ServerList>(`/v0.1/servers/${enc(name)}/versions?include_deleted=true`, { token, ...(signal ? { signal } : {}) });
}
