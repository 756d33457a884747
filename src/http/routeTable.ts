/**
 * Every route the app registers, hidden ones included, with the access its config
 * declares: the route-table test walks it so that no route can be added without
 * saying who may call it. Installed before any route is registered.
 */
import type { FastifyInstance, HTTPMethods } from 'fastify';

export interface RouteEntry {
  method: string;
  url: string;
  permission?: string;
  signedIn?: boolean;
  anonymous?: boolean;
  /** The route declares a body schema (the registry's own body routes check theirs by hand). */
  body?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}

export function installRouteTable(app: FastifyInstance): void {
  const table: RouteEntry[] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route) => {
    const methods = ([] as HTTPMethods[]).concat(route.method as HTTPMethods | HTTPMethods[]);
    const config = (route.config ?? {}) as { permission?: string; signedIn?: boolean; anonymous?: boolean };
    for (const method of methods) {
      table.push({
        method,
        url: route.url,
        ...(config.permission !== undefined ? { permission: config.permission } : {}),
        ...(config.signedIn !== undefined ? { signedIn: config.signedIn } : {}),
        ...(config.anonymous !== undefined ? { anonymous: config.anonymous } : {}),
        ...(route.schema?.body !== undefined ? { body: true } : {}),
      });
    }
  });
}
