/**
 * CSRF protection for requests a browser session authenticates. A state-changing
 * request (anything but GET, HEAD, OPTIONS) must carry the session's CSRF token
 * in `X-CSRF-Token` (or, for a plain HTML form, the `csrfToken` field), which
 * another site cannot read; and when the browser names an `Origin`, it must be
 * Toolshed's own. Bearer-token requests carry no ambient credentials and are not
 * checked.
 */
import { timingSafeEqual } from 'node:crypto';
import { ForbiddenError } from '../../errors.js';

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Throws a 403 `AUTH_CSRF` saying what is missing. `formToken` is the token from a form body, when there is one. */
export function checkCsrf(request: { method: string; headers: Record<string, string | string[] | undefined> }, expected: string, publicOrigin: string, formToken?: string): void {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return;
  const origin = first(request.headers.origin);
  if (origin !== undefined && origin !== publicOrigin) {
    throw new ForbiddenError('AUTH_CSRF', `Cross-site request refused: Origin ${origin.slice(0, 200)} is not ${publicOrigin}`);
  }
  const sent = first(request.headers[CSRF_HEADER]) ?? formToken;
  if (!sent) {
    throw new ForbiddenError('AUTH_CSRF', 'Missing CSRF token: send the X-CSRF-Token header with the csrfToken from GET /api/session');
  }
  if (!sameSecret(sent, expected)) {
    throw new ForbiddenError('AUTH_CSRF', 'Invalid CSRF token: send the X-CSRF-Token header with the csrfToken from GET /api/session for this session');
  }
}
