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
  ['2002::', 16],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
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

export function createAddressPolicy(options: AddressPolicyOptions = {}): AddressPolicy {
  const blocked = new BlockList();
  for (const [a, p] of BLOCKED_V4) blocked.addSubnet(a, p, 'ipv4');
  for (const [a, p] of BLOCKED_V6) blocked.addSubnet(a, p, 'ipv6');
  const allowed = new BlockList();
  for (const entry of options.allow ?? []) addTo(allowed, entry);
  return {
    permits(address: string): boolean {
      let ip = address;
      // IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it maps.
      const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
      if (mapped) ip = mapped[1]!;
      const family = isIP(ip);
      if (!family) return false;
      const type = family === 6 ? 'ipv6' : 'ipv4';
      if (allowed.check(ip, type)) return true;
      return !blocked.check(ip, type);
    },
  };
}
