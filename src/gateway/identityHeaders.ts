/**
 * Identity headers the gateway can add towards an upstream (per server, config
 * `gatewayIdentityHeaders`): who is calling and their groups, with a timestamp
 * and an HMAC-SHA256 signature over a canonical string, so the upstream can
 * trust them without trusting the network. docs/gateway.md shows how an
 * upstream verifies them; `verifyIdentityHeaders` is that check.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export const IDENTITY_HEADER_NAMES = {
  user: 'x-toolshed-user',
  groups: 'x-toolshed-groups',
  timestamp: 'x-toolshed-timestamp',
  signature: 'x-toolshed-signature',
} as const;

/** The signing key when `gatewayIdentityKey` is not configured: HKDF-SHA256 of the secret key. */
export function deriveIdentityKey(secretKeyHex: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secretKeyHex, 'hex'), Buffer.alloc(0), 'toolshed gateway identity', 32));
}

/** `toolshed-identity-v1`, timestamp, server, user and groups header, one per line. */
export function identityCanonicalString(timestamp: string, server: string, user: string, groups: string): string {
  return `toolshed-identity-v1\n${timestamp}\n${server}\n${user}\n${groups}`;
}

function sign(key: Buffer, canonical: string): string {
  return `v1=${createHmac('sha256', key).update(canonical).digest('hex')}`;
}

/** The four headers for one upstream request. */
export function identityHeaders(key: Buffer, who: { server: string; user: string; groups: readonly string[] }, now = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(now / 1000));
  const groups = [...who.groups].sort().map(encodeURIComponent).join(',');
  const user = encodeURIComponent(who.user);
  return {
    [IDENTITY_HEADER_NAMES.user]: user,
    [IDENTITY_HEADER_NAMES.groups]: groups,
    [IDENTITY_HEADER_NAMES.timestamp]: timestamp,
    [IDENTITY_HEADER_NAMES.signature]: sign(key, identityCanonicalString(timestamp, who.server, user, groups)),
  };
}

/**
 * What an upstream does: recompute the signature for its own server name and
 * accept only a fresh timestamp. Resolves to the identity, or null.
 */
export function verifyIdentityHeaders(
  key: Buffer,
  headers: Record<string, string | string[] | undefined>,
  server: string,
  options: { maxSkewSeconds?: number; now?: number } = {},
): { user: string; groups: string[] } | null {
  const one = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const user = one(IDENTITY_HEADER_NAMES.user);
  const groups = one(IDENTITY_HEADER_NAMES.groups) ?? '';
  const timestamp = one(IDENTITY_HEADER_NAMES.timestamp);
  const signature = one(IDENTITY_HEADER_NAMES.signature);
  if (!user || !timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return null;
  const skew = Math.abs((options.now ?? Date.now()) / 1000 - Number(timestamp));
  if (skew > (options.maxSkewSeconds ?? 300)) return null;
  const expected = Buffer.from(sign(key, identityCanonicalString(timestamp, server, user, groups)));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { user: decodeURIComponent(user), groups: groups === '' ? [] : groups.split(',').map(decodeURIComponent) };
}
