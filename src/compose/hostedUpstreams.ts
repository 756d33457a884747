/**
 * Where the gateway meets the hosting plane: a server with no remote but a
 * hostable package gets an instance (the person's own, or the shared one when
 * an administrator set the server `shared`), and the gateway relays to its
 * bridge like to any remote. A shared instance gets only the shared values,
 * never a person's own. Hosted servers are reached over streamable HTTP: the
 * legacy SSE endpoint refuses them, naming the `/mcp` URL.
 */
import type { HostedUpstreams, SecretValue } from '../gateway/index.js';
import { hostablePackage, type HostedInstances, type HostingSettingsStore } from '../hosting/index.js';

/** The values an instance runs with: for a shared one, an administrator's values only. */
function valuesFor(values: ReadonlyMap<string, SecretValue>, shared: boolean): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, secret] of values) {
    const usable = shared && secret.scope === 'personal' ? secret.replaces : secret;
    if (usable) out.set(name, usable.value);
  }
  return out;
}

export function createHostedUpstreams(instances: HostedInstances, settings: Pick<HostingSettingsStore, 'settingsOf'>): HostedUpstreams {
  return {
    async upstreamOf(server, userId, values, transport) {
      const pkg = hostablePackage(server.doc);
      if (!pkg) return undefined;
      if (transport !== 'streamable-http') {
        return { ok: false, problem: 'unsupported', reason: `${server.name} is hosted by Toolshed and reached over streamable HTTP: use this connection's /mcp URL` };
      }
      const { mode } = await settings.settingsOf(server.name);
      const shared = mode === 'shared';
      const personal = !shared && [...values.values()].some((v) => v.scope === 'personal');
      const version = typeof server.doc.version === 'string' ? server.doc.version : '';
      const result = await instances.acquire({ server: server.name, version, person: shared ? null : userId, package: pkg, values: valuesFor(values, shared) });
      if (!result.ok) return { ok: false, problem: result.problem, reason: `${server.name} is hosted by Toolshed, and its instance cannot serve (${result.problem}): ${result.reason}` };
      return {
        ok: true,
        // Like a remote: what an instance running with a person's own values lists is theirs, not the server's shared snapshot.
        upstream: { server: server.name, version, ...(personal ? { personal } : {}), url: result.url, instance: result.instanceId, transport: 'streamable-http', headers: { ...result.headers } },
      };
    },
  };
}
