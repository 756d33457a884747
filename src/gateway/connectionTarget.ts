/**
 * Where a gateway connection leads: its server in the catalog, with the
 * connection's credentials filled into the server's remote (connectionUpstream.ts),
 * and the signed identity headers of a call (identityHeaders.ts). The HTTP front
 * authenticates the caller and maps a refusal here to its answer; this decides
 * what the caller reaches.
 */
import type { CatalogServer, FindCatalogServer } from './catalogServer.js';
import { connectionUpstream, remoteOf } from './connectionUpstream.js';
import type { SecretValue } from './secretValue.js';
import { identityHeaders } from './identityHeaders.js';
import type { Upstream, UpstreamTransport } from './upstream.js';
import type { UpstreamSecrets } from './upstreamSecrets.js';

export type ConnectionTarget =
  | { ok: true; server: CatalogServer; upstream: Upstream }
  /** `gone`: the server left the catalog; `secrets`: its stored credentials cannot be opened; `unusable`: no remote can be built. */
  /** `hosted`: the server's package is hosted, and its instance cannot serve now (the reason names why). */
  | { ok: false; problem: 'gone' | 'secrets' | 'unusable' | 'hosted'; reason: string };

export interface ConnectionTargetOptions {
  findServer: FindCatalogServer;
  secrets: Pick<UpstreamSecrets, 'valuesFor'>;
  /** Signed identity headers for the servers this matches. */
  identity?: { key: Buffer; appliesTo(server: string): boolean } | undefined;
  log: { error(details: Record<string, unknown>, message: string): void };
  /** Package servers Toolshed hosts: reached when a server has no remote (absent: hosting is off). */
  hosted?: HostedUpstreams | undefined;
}

/**
 * The upstream of a server with no remote but a package Toolshed hosts (an
 * instance for the person, or a shared one, started on first use), or undefined
 * when it has no such package. A refusal names why (`capacity`, `start-timeout`…).
 */
export interface HostedUpstreams {
  upstreamOf(
    server: CatalogServer,
    userId: string,
    values: ReadonlyMap<string, SecretValue>,
    transport: UpstreamTransport,
  ): Promise<{ ok: true; upstream: Upstream } | { ok: false; problem: string; reason: string } | undefined>;
}

export interface ConnectionTargets {
  /** The server and upstream of a connection (of `server`, owned by `userId`) on this transport. */
  targetOf(connection: { server: string; userId: string }, transport: UpstreamTransport): Promise<ConnectionTarget>;
  /** The upstream with the caller's identity headers when the server takes them (signed per message). */
  withIdentity(upstream: Upstream, server: string, caller: { id: string; groups: readonly string[] }): Upstream;
}

export function createConnectionTargets(options: ConnectionTargetOptions): ConnectionTargets {
  const { findServer, secrets, identity, log, hosted } = options;
  return {
    async targetOf(connection, transport) {
      const server = await findServer(connection.server);
      if (!server) return { ok: false, problem: 'gone', reason: `${connection.server} is no longer in the catalog` };
      let values;
      try {
        values = await secrets.valuesFor(connection.server, connection.userId);
      } catch (err) {
        log.error({ err, server: connection.server }, 'the upstream secrets of a connection cannot be opened');
        return { ok: false, problem: 'secrets', reason: `The gateway cannot read its stored credentials for ${connection.server}; an administrator must set them again` };
      }
      if (hosted && !remoteOf(server.doc, 'streamable-http') && !remoteOf(server.doc, 'sse')) {
        const instance = await hosted.upstreamOf(server, connection.userId, values, transport);
        if (instance) return instance.ok ? { ok: true, server, upstream: instance.upstream } : { ok: false, problem: 'hosted', reason: instance.reason };
      }
      const resolved = connectionUpstream(server.doc, transport, values);
      if (!resolved.ok) return { ok: false, problem: 'unusable', reason: resolved.reason };
      return { ok: true, server, upstream: resolved.upstream };
    },
    withIdentity(upstream, server, caller) {
      if (!identity?.appliesTo(server)) return upstream;
      return { ...upstream, headers: { ...upstream.headers, ...identityHeaders(identity.key, { server, user: caller.id, groups: caller.groups }) } };
    },
  };
}
