/**
 * Picks the upstream for a server from its server.json `remotes`: the first
 * remote of the wanted transport. Remotes whose URL still has `{variables}`
 * need a connection's values, which the connection layer will supply; until
 * then they are refused with a reason rather than relayed half-filled.
 */
import type { Upstream, UpstreamTransport } from './upstream.js';

export type UpstreamResolution = { ok: true; upstream: Upstream } | { ok: false; reason: string };

interface RemoteLike {
  type?: unknown;
  url?: unknown;
}

export function resolveUpstream(
  doc: { name: string; version?: unknown; remotes?: readonly RemoteLike[] | undefined },
  transport: UpstreamTransport,
  headers: Record<string, string> = {},
): UpstreamResolution {
  const remote = (doc.remotes ?? []).find((r) => r.type === transport && typeof r.url === 'string');
  if (!remote) return { ok: false, reason: `${doc.name} has no ${transport} remote` };
  const url = remote.url as string;
  if (/[{}]/.test(url)) return { ok: false, reason: `${doc.name}'s ${transport} remote URL has variables, which need a configured connection` };
  return { ok: true, upstream: { server: doc.name, ...(typeof doc.version === 'string' ? { version: doc.version } : {}), url, transport, headers } };
}
