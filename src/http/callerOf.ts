/**
 * The caller of a request, identified once per request through the access
 * plane, and the checks every route uses: 401 without credentials, 403 without
 * the permission.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Caller, type IdentifyCaller, PERMISSIONS, type Permission, SESSION_COOKIE_NAMES } from '../access/index.js';
import { AuthError, ForbiddenError } from '../errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    identifyCaller: IdentifyCaller;
  }
}

const callers = new WeakMap<FastifyRequest, Promise<Caller | null>>();

/** Makes `identify` the app's way of knowing callers. */
export function installIdentifyCaller(app: FastifyInstance, identify: IdentifyCaller): void {
  app.decorate('identifyCaller', identify);
}

/** The caller, or null for an anonymous request; a bad credential throws its AuthError. */
export function callerOf(request: FastifyRequest): Promise<Caller | null> {
  let caller = callers.get(request);
  if (!caller) {
    caller = request.server.identifyCaller({
      method: request.method,
      headers: request.headers,
      cookies: (request as { cookies?: Record<string, string | undefined> }).cookies ?? {},
      ip: request.ip,
    });
    callers.set(request, caller);
  }
  return caller;
}

/** The caller's id when the request was identified (nothing is resolved for the asking), for the request log. */
export async function identifiedCallerId(request: FastifyRequest): Promise<string | undefined> {
  const caller = callers.get(request);
  if (!caller) return undefined;
  try {
    return (await caller)?.id;
  } catch {
    return undefined;
  }
}

export async function requireCaller(request: FastifyRequest): Promise<Caller> {
  const caller = await callerOf(request);
  if (!caller) {
    // A session cookie that resolved to nobody is stale (expired, idle too long, or signed out elsewhere).
    const cookies = (request as { cookies?: Record<string, string | undefined> }).cookies ?? {};
    if (SESSION_COOKIE_NAMES.some((name) => cookies[name])) {
      throw new AuthError('AUTH_SESSION_EXPIRED', 'Your session has expired or was signed out: sign in again at /auth/login');
    }
    throw new AuthError('AUTH_REQUIRED', 'Authentication required: sign in, or send Authorization: Bearer <token>');
  }
  return caller;
}

export async function requirePermission(request: FastifyRequest, permission: Permission): Promise<Caller> {
  const caller = await requireCaller(request);
  if (!caller.permissions.has(permission)) {
    throw new ForbiddenError('AUTH_PERMISSION_REQUIRED', `This needs the permission "${permission}" (${PERMISSIONS[permission]}), which your roles do not give`);
  }
  return caller;
}
