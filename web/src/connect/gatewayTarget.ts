/**
 * From a catalog server and a gateway connection to what the connect view needs:
 * the values the person must supply for the server's remotes (required headers, and
 * URL variables declared theirs, with no fixed value or default, stored as their own
 * upstream secrets) or, for a server Toolshed hosts, for the environment of the package
 * it runs (required or secret variables without a fixed value or default), and the `ConnectionTarget` the client snippets are generated from (the
 * connection URL with a bearer token placeholder, or the capability URL alone).
 * Pure; unit-tested beside this file.
 */
import type { ServerJson } from '../api/catalogTypes.js';
import type { ConnectionTarget } from './clientSnippets.js';
import { hostedPackageOf } from './hostedPackageOf.js';

export interface UpstreamValue {
  name: string;
  kind: 'header' | 'variable';
  secret: boolean;
  description?: string;
  /** An environment variable of the package Toolshed hosts (stored as a `variable`). */
  environment?: true;
}

const fixed = (v: string | undefined) => v !== undefined && v !== '' && !v.includes('{');

/** Required values of the server's HTTP remotes, or of its hosted package's environment, that nothing fills in unless the person does. */
export function upstreamValuesOf(server: ServerJson, hosted = false): UpstreamValue[] {
  const out = new Map<string, UpstreamValue>();
  if (hosted) {
    for (const env of hostedPackageOf(server)?.environmentVariables ?? []) {
      if (!env?.name || !(env.isRequired === true || env.isSecret === true) || fixed(env.value) || fixed(env.default)) continue;
      if (!out.has(env.name)) out.set(env.name, { name: env.name, kind: 'variable', secret: env.isSecret === true, environment: true, ...(env.description ? { description: env.description } : {}) });
    }
  }
  for (const remote of server.remotes ?? []) {
    if (remote.type !== 'streamable-http' && remote.type !== 'sse') continue;
    for (const h of remote.headers ?? []) {
      if (!h?.name || !h.isRequired || fixed(h.value) || fixed(h.default)) continue;
      if (!out.has(h.name)) out.set(h.name, { name: h.name, kind: 'header', secret: h.isSecret === true, ...(h.description ? { description: h.description } : {}) });
    }
    for (const [name, v] of Object.entries(remote.variables ?? {})) {
      // The gateway takes a person's value only for a variable declared theirs (secret, or a choice); an administrator sets the others.
      if (!v?.isRequired || fixed(v.default) || fixed(v.value) || !(v.isSecret === true || (v.choices?.length ?? 0) > 0)) continue;
      if (!out.has(name)) out.set(name, { name, kind: 'variable', secret: v.isSecret === true, ...(v.description ? { description: v.description } : {}) });
    }
  }
  return [...out.values()];
}

export interface ConnectionUrls {
  url: string;
  sseUrl?: string | undefined;
}

/** The header a token-based connection sends: `Authorization: Bearer <personal access token>`. */
export const GATEWAY_AUTH_HEADER = {
  name: 'Authorization',
  secret: true,
  required: true,
  description: '"Bearer " followed by a personal access token with the gateway scope',
};

/** The target of the snippets: the capability URL alone (it authenticates by itself), or the connection URL with the token header. */
export function gatewayTarget(serverName: string, connection: ConnectionUrls, capability?: ConnectionUrls): ConnectionTarget {
  if (capability) return { serverName, url: capability.url, transport: 'streamable-http', headers: [] };
  return { serverName, url: connection.url, transport: 'streamable-http', headers: [GATEWAY_AUTH_HEADER] };
}
