/**
 * One TOOLSHED_INTERNAL_REMOTES entry parsed (the meaning of each form is told in
 * src/outbound/internalRemotes.ts), shared by the configuration schema and the
 * outbound plane.
 */
import { isIP } from 'node:net';

const NAME = /^(?:\*\.)?(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

export type InternalRemoteEntry = { kind: 'name'; name: string; http: boolean } | { kind: 'below'; suffix: string; http: boolean } | { kind: 'range'; cidr: string; http: boolean };

/** One entry, or a message saying what is wrong with it. */
export function parseInternalRemote(entry: string): InternalRemoteEntry | string {
  const http = /^http:\/\//i.test(entry);
  const rest = entry.replace(/^https?:\/\//i, '').toLowerCase();
  const [address, prefix, extra] = rest.replace(/^\[|\](?=\/|$)/g, '').split('/');
  const family = isIP(address ?? '');
  if (family && extra === undefined) {
    const max = family === 4 ? 32 : 128;
    if (prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= max)) return `${entry}: the prefix length must be 0 to ${max}`;
    return { kind: 'range', cidr: `${address}/${prefix ?? max}`, http };
  }
  if (!NAME.test(rest)) return `${entry}: expected a host name (mcp.corp.example), a wildcard (*.corp.example), an IP address or a CIDR (10.0.0.0/8), optionally after http://`;
  return rest.startsWith('*.') ? { kind: 'below', suffix: rest.slice(1), http } : { kind: 'name', name: rest, http };
}
