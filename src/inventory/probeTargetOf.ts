/**
 * Where a probe of a version goes and what it sends: the version's first
 * streamable-http remote, else its SSE one, filled exactly as the gateway fills a
 * connection (src/gateway's `connectionUpstream`) but with the administrator's
 * shared values only, never a person's, plus the server's probe credential as
 * one more shared header. A shared value goes only to the origin it is approved
 * for, as in the relay.
 */
import { connectionUpstream, remoteOf, type UpstreamSecrets } from '../gateway/index.js';
import type { ProbeTarget } from './snapshot.js';

type SecretValues = Awaited<ReturnType<UpstreamSecrets['sharedValuesFor']>>;
type RemoteDocs = Parameters<typeof remoteOf>[0] & { name: string };

export type ProbeTargetResult =
  | { ok: true; target: ProbeTarget }
  /**
   * `no-remote`: nothing to probe. `needs-values`: a value is missing or not approved (often a person's own key).
   * `unavailable`: a hosted package's instance could not start (its preparation or its sandbox failed).
   */
  | { ok: false; reason: 'no-remote' | 'needs-values' | 'unavailable'; message: string };

export function hasProbeableRemote(doc: RemoteDocs): boolean {
  return remoteOf(doc, 'streamable-http') !== undefined || remoteOf(doc, 'sse') !== undefined;
}

export function probeTargetOf(doc: RemoteDocs, shared: SecretValues, credential: { header: string; value: string; origins: readonly string[] } | undefined): ProbeTargetResult {
  const transport = remoteOf(doc, 'streamable-http') ? 'streamable-http' : remoteOf(doc, 'sse') ? 'sse' : undefined;
  if (!transport) return { ok: false, reason: 'no-remote', message: `${doc.name} has no streamable-http or SSE remote` };
  const values: SecretValues = new Map(shared);
  if (credential) {
    // A publisher may move a later version's remote to an address it controls: the credential goes only where it was set for.
    // A copy: connectionUpstream remembers resolutions by the values map, which gains the credential below.
    const bare = connectionUpstream(doc, transport, new Map(values));
    const origin = bare.ok ? new URL(bare.upstream.url).origin : undefined;
    if (origin !== undefined && !credential.origins.includes(origin)) {
      const setFor = credential.origins.length ? credential.origins.join(', ') : 'another address';
      return {
        ok: false,
        reason: 'needs-values',
        message: `${doc.name}'s probe credential was set for ${setFor}, not ${origin}: set it again (PUT /api/admin/servers/{name}/probe-credential) to probe this address with it`,
      };
    }
    values.set(credential.header, { kind: 'header', value: credential.value, scope: 'shared', origins: credential.origins });
  }
  const resolution = connectionUpstream(doc, transport, values);
  if (!resolution.ok) return { ok: false, reason: 'needs-values', message: resolution.reason };
  const { url, headers } = resolution.upstream;
  return { ok: true, target: { url, transport, headers } };
}
