/**
 * Which network addresses the server may connect to on a user's behalf. Every URL
 * the server fetches (package registries, proofs, upstream registries, gateway
 * upstreams) is hostile: loopback, private, link-local, CGNAT, multicast and cloud
 * metadata addresses are refused unless configuration allows them (tests allow
 * loopback; an intranet deployment may allow its private ranges).
 */
import { BlockList, isIP } from 'node:net';

const BLOCKED_V4 = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const;

const BLOCKED_V6 = [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
  // Transition tunnels reach the IPv4 address they carry (Teredo's obfuscated, 6to4's in clear): refused whole.
  ['2001::', 32],
  ['2002::', 16],
  // Not for the Internet: discard-only, benchmarking, documentation, SRv6 segment ids.
  ['100::', 64],
  ['2001:2::', 48],
  ['2001:db8::', 32],
  ['3fff::', 20],
  ['5f00::', 16],
  // NAT64 (well-known and local-use prefixes): refused whole, whatever IPv4 address they carry.
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
] as const;

/**
 * IPv6 prefixes whose last 32 bits spell an IPv4 address the connection reaches:
 * IPv4-mapped, IPv4-translated and the deprecated IPv4-compatible `::/96`. Such an
 * address is judged as the IPv4 address it spells, so `::127.0.0.1` is loopback.
 */
const EMBEDDING_V4 = [
  ['::ffff:0:0', 96],
  ['::ffff:0:0:0', 96],
  ['::', 96],
] as const;

export interface AddressPolicyOptions {
  /** CIDRs or single addresses that are allowed even though they are in a blocked range. */
  allow?: string[];
}

export interface AddressPolicy {
  /** True when connecting to this IP address is allowed. */
  permits(address: string): boolean;
}

function addTo(list: BlockList, entry: string): void {
  const [addr, prefix] = entry.split('/');
  const family = isIP(addr ?? '');
  if (!family) throw new Error(`not an IP address or CIDR: ${entry}`);
  const type = family === 6 ? 'ipv6' : 'ipv4';
  if (prefix === undefined) list.addAddress(addr!, type);
  else list.addSubnet(addr!, Number(prefix), type);
}

/** The IPv4 address spelled by the last 32 bits of an IPv6 address (any spelling: `::7f00:1`, `::127.0.0.1`). */
function lastIpv4(ipv6: string): string {
  const text = ipv6.replace(/%.*$/, '');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) return dotted.slice(1).join('.');
  const [head, tail] = text.split('::') as [string, string | undefined];
  const groups = head ? head.split(':') : [];
  const end = tail ? tail.split(':') : [];
  const all = tail === undefined ? groups : [...groups, ...Array<string>(8 - groups.length - end.length).fill('0'), ...end];
  const [hi, lo] = all.slice(6).map((g) => parseInt(g, 16)) as [number, number];
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

export function createAddressPolicy(options: AddressPolicyOptions = {}): AddressPolicy {
  const blocked = new BlockList();
  for (const [a, p] of BLOCKED_V4) blocked.addSubnet(a, p, 'ipv4');
  for (const [a, p] of BLOCKED_V6) blocked.addSubnet(a, p, 'ipv6');
  const embedding = new BlockList();
  for (const [a, p] of EMBEDDING_V4) embedding.addSubnet(a, p, 'ipv6');
  const allowed = new BlockList();
  for (const entry of options.allow ?? []) addTo(allowed, entry);
  return {
    permits(address: string): boolean {
      let ip = address;
      let family = isIP(ip);
      if (!family) return false;
      if (family === 6 && embedding.check(ip, 'ipv6')) {
        ip = lastIpv4(ip);
        family = 4;
      }
      const type = family === 6 ? 'ipv6' : 'ipv4';
      if (allowed.check(ip, type)) return true;
      return !blocked.check(ip, type);
    },
  };
}
