/**
 * The publisher's HTTP calls to a registry (the user's own client, so plain
 * `fetch`), and the registry's problem+json answers rendered for a terminal.
 */
import { usageError } from './publisherError.js';

export const DEFAULT_REGISTRY = 'http://127.0.0.1:8080';

const TIMEOUT_MS = 30_000;

export interface RegistryResponse {
  status: number;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  body: unknown;
  text: string;
  /** Response headers, lower-case names (an ETag for a conditional write). */
  headers?: Record<string, string>;
}

/** An http(s) registry URL without trailing slashes, as upstream stores it. */
export function normalizeRegistry(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw usageError(`invalid registry URL: ${url}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw usageError(`invalid registry URL (http or https only): ${url}`);
  }
  return url.replace(/\/+$/, '');
}

export interface CallOptions {
  body?: unknown;
  token?: string;
}

export async function callUrl(url: string, method: string, options: CallOptions & { headers?: Record<string, string> } = {}): Promise<RegistryResponse> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    text = await res.text();
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw usageError(`cannot reach ${new URL(url).origin}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text, headers: Object.fromEntries(res.headers.entries()) };
}

export function callRegistry(registry: string, method: string, path: string, options: CallOptions = {}): Promise<RegistryResponse> {
  return callUrl(`${registry}${path}`, method, options);
}

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `detail (HTTP 401 Unauthorized)` and, unless left out, one line per entry of `errors[]`. */
export function describeProblem(res: RegistryResponse, withErrors = true): string {
  if (!isObject(res.body) || typeof res.body.detail !== 'string') {
    const excerpt = res.text.trim().slice(0, 500);
    return `the registry answered HTTP ${res.status}${excerpt ? `: ${excerpt}` : ''}`;
  }
  const title = typeof res.body.title === 'string' ? ` ${res.body.title}` : '';
  const lines = [`${res.body.detail} (HTTP ${res.status}${title})`];
  const errors = withErrors && Array.isArray(res.body.errors) ? res.body.errors : [];
  for (const e of errors) {
    if (!isObject(e)) continue;
    const where = typeof e.location === 'string' && e.location ? `${e.location}: ` : '';
    lines.push(`  - ${where}${String(e.message ?? '')}`);
  }
  return lines.join('\n');
}
