/**
 * Route-level access: a route names the permission it needs in its config
 * (`config: { permission: 'access.manage' }`), or that any signed-in caller may
 * use it (`config: { signedIn: true }`). One onRequest hook enforces both before
 * validation, so nobody learns anything about an endpoint without the right
 * credentials, and the route-table test can check that no `/api` route forgot.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Caller, Permission } from '../access/index.js';
import { callerOf, requireCaller, requirePermission } from './callerOf.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a caller needs for this route. */
    permission?: Permission;
    /** Any signed-in caller may use this route (it acts on the caller's own things). */
    signedIn?: boolean;
    /** Deliberately open to anonymous callers (sign-in, health, the public catalog). */
    anonymous?: boolean;
    /**
     * With `permission`: a caller without credentials passes anyway while this says so
     * (a private catalog whose access rules let anonymous callers discover servers);
     * the route then answers for an anonymous caller. A bad credential is still a 401.
     */
    anonymousWhen?: () => boolean;
  }
}

export function installRoutePermissions(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    if (config?.permission) {
      if (config.anonymousWhen?.() && (await callerOf(request)) === null) return;
      await requirePermission(request, config.permission);
    } else if (config?.signedIn) await requireCaller(request);
  });
}

/** The caller of a route guarded by `permission` or `signedIn` (already checked by the hook). */
export async function guardedCaller(request: FastifyRequest): Promise<Caller> {
  return requireCaller(request);
}
