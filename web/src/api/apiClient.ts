/**
 * The web UI's only way to the server: same-origin fetches of the public registry API
 * (`/v0.1`) and the admin API (`/api/admin`), with problem+json refusals turned into
 * an `ApiError` that carries a sentence a person understands.
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
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  token?: string;
  signal?: AbortSignal;
}

export async function requestJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
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
  return body as T;
}

const enc = encodeURIComponent;

export function listServers(query: string, signal?: AbortSignal): Promise<ServerList> {
  return requestJson<ServerList>(`/v0.1/servers?${query}`, signal ? { signal } : {});
}

export function getServerVersion(name: string, version: string, signal?: AbortSignal): Promise<ServerResponse> {
  return requestJson<ServerResponse>(`/v0.1/servers/${enc(name)}/versions/${enc(version)}`, signal ? { signal } : {});
}

export function listServerVersions(name: string, signal?: AbortSignal): Promise<ServerList> {
  return requestJson<ServerList>(`/v0.1/servers/${enc(name)}/versions?include_deleted=true`, signal ? { signal } : {});
}
