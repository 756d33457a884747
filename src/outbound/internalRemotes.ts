/**
 * TOOLSHED_INTERNAL_REMOTES: the company's own MCP servers, which the public
 * registry's rules refuse (plain http, loopback names and addresses) and the
 * outbound guard blocks (private addresses). Each entry relaxes those rules for
 * what it names, and for nothing else:
 *
 * - a host name (`mcp.corp.example`) or a wildcard (`*.corp.example`, any name
 *   below it): remotes there pass publish, and the gateway may connect to the
 *   private and loopback addresses (10/8, 172.16/12, 192.168/16, 100.64/10,
 *   127/8, fc00::/7, ::1) they resolve to; link-local and cloud metadata
 *   addresses (169.254/16, fe80::/10) stay blocked;
 * - an address or CIDR (`10.20.0.0/16`): remotes whose URL is such an address
 *   pass publish, and the gateway may connect to those addresses, whatever name
 *   leads there;
 * - `http://` before an entry also allows plain http for it (for a CIDR: for
 *   URLs that are addresses in it). Without it, https only.
 *
 * The gateway's other outbound fetches (federation, registries, proofs) are not
 * widened: TOOLSHED_OUTBOUND_ALLOW governs them.
 */
import { BlockList, isIP } from 'node:net';
import { parseInternalRemote } from '../schemas/internalRemoteEntry.js';
import { createAddressPolicy, type AddressPolicy } from './addressPolicy.js';

export { parseInternalRemote, type InternalRemoteEntry } from '../schemas/internalRemoteEntry.js';

/** Where a listed name may lead: the private and loopback ranges, never link-local or metadata addresses. */
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', 'fc00::/7', '::1/128'];

export interface InternalRemotes {
  /** True when a remote with this scheme (`https`, `http`) and host name or address is listed. */
  permits(scheme: string, host: string): boolean;
  /** The address policy of a listed host name's connections (private ranges too); undefined for names not listed. */
  policyFor(hostname: string): AddressPolicy | undefined;
  /** The listed addresses and CIDRs, which the gateway may connect to whatever name leads there. */
  readonly ranges: string[];
}

/** `allow`: the addresses the outbound guard already allows (TOOLSHED_OUTBOUND_ALLOW), kept for listed names. */
export function createInternalRemotes(entries: readonly string[], allow: readonly string[] = []): InternalRemotes {
  const parsed = entries.map((entry) => {
    const p = parseInternalRemote(entry);
    if (typeof p === 'string') throw new Error(p);
    return p;
  });
  const ranges = parsed.flatMap((p) => (p.kind === 'range' ? [p.cidr] : []));
  const listed = { https: new BlockList(), http: new BlockList() };
  for (const p of parsed) {
    if (p.kind !== 'range') continue;
    const [address, prefix] = p.cidr.split('/');
    const type = isIP(address!) === 6 ? 'ipv6' : 'ipv4';
    for (const list of p.http ? [listed.https, listed.http] : [listed.https]) list.addSubnet(address!, Number(prefix), type);
  }
  const names = parsed.filter((p) => p.kind !== 'range');
  const namePolicy = names.length ? createAddressPolicy({ allow: [...allow, ...ranges, ...PRIVATE_RANGES] }) : undefined;

  function nameEntry(hostname: string, http: boolean): boolean {
    const host = hostname.toLowerCase().replace(/\.$/, '');
    return names.some((p) => (!http || p.http) && (p.kind === 'name' ? host === p.name : host.endsWith(p.suffix) && host.length > p.suffix.length));
  }

  return {
    ranges,
    permits(scheme, host) {
      const http = scheme.replace(/:$/, '').toLowerCase() === 'http';
      if (!http && scheme.replace(/:$/, '').toLowerCase() !== 'https') return false;
      const address = host.replace(/^\[|\]$/g, '');
      const family = isIP(address);
      if (family) return (http ? listed.http : listed.https).check(address, family === 6 ? 'ipv6' : 'ipv4');
      return nameEntry(address, http);
    },
    policyFor(hostname) {
      return namePolicy && nameEntry(hostname, false) ? namePolicy : undefined;
    },
  };
}
