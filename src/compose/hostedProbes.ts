/**
 * Where the inventory meets the hosting plane: a version with no remote but a
 * hostable package is probed through an instance of its own (person null) that
 * runs with the administrator's shared values only, exactly the values a probe
 * of a remote sends, never a person's. The probe reaches the instance's bridge
 * URL through `outbound`, whose dispatcher connects those URLs to the bridge's
 * Unix socket and every other URL through the outbound guard.
 */
import { hostablePackage, type HostedInstances } from '../hosting/index.js';
import type { HostedProbes, SharedValues } from '../inventory/index.js';
import type { Outbound } from '../outbound/index.js';

/** A shared value as it is: a person's value never reaches here (sharedValuesFor), and one replacing a shared value keeps the shared one. */
function sharedOnly(values: SharedValues): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, secret] of values) {
    const usable = secret.scope === 'personal' ? secret.replaces : secret;
    if (usable) out.set(name, usable.value);
  }
  return out;
}

export function createHostedProbes(instances: HostedInstances, outbound: Outbound): HostedProbes {
  return {
    hosts: (doc) => hostablePackage(doc) !== undefined,
    outbound,
    async target({ server, version, doc, shared }) {
      const pkg = hostablePackage(doc);
      if (!pkg) return { ok: false, reason: 'no-remote', message: `${server} has no remote and no package Toolshed hosts` };
      const result = await instances.acquire({ server, version, person: null, package: pkg, values: sharedOnly(shared) });
      if (!result.ok) return { ok: false, reason: 'unavailable', message: `${server} is hosted by Toolshed, and its instance cannot serve (${result.problem}): ${result.reason}` };
      return { ok: true, target: { url: result.url, transport: 'streamable-http', headers: { ...result.headers } } };
    },
  };
}
