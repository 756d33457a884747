/**
 * The legacy HTTP+SSE transport's message URL, made safe and replica-free. The
 * upstream announces where to POST (`/messages?sessionId=…`); the gateway hands
 * the client its own URL with a token instead. The token carries the upstream
 * endpoint's path and query, the server, the caller and the stream, sealed with
 * an HMAC under the shared secret key: any replica can verify it and relay the
 * POST without a stored session, a client cannot point the gateway at another
 * URL (the origin always comes from the catalog), and another caller, or another
 * connection of the same caller, cannot use it.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export interface SseSession {
  /** Catalog server name. */
  server: string;
  /** The caller it was issued to (Caller.id). */
  caller: string;
  /** Path and query of the upstream's message endpoint, on the upstream's origin. */
  endpoint: string;
  /** The stream holding the client's GET, for messages the gateway answers itself. */
  stream: string;
  /** Expiry, seconds since the epoch. */
  expires: number;
  /** The gateway connection whose stream announced it (none on `/gateway/{server}` routes). */
  connection?: string;
}

/** The token key, derived from the secret key so it is never the encryption key itself. */
export function deriveSessionKey(secretKeyHex: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secretKeyHex, 'hex'), Buffer.alloc(0), 'toolshed gateway sse sessions', 32));
}

function mac(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update(`v1.${payload}`).digest();
}

export function signSseSession(key: Buffer, session: SseSession): string {
  const payload = Buffer.from(JSON.stringify([session.server, session.caller, session.endpoint, session.stream, session.expires, session.connection ?? ''])).toString('base64url');
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

/** The session, or null when the token is malformed, forged, altered or expired. */
export function verifySseSession(key: Buffer, token: string, now = Date.now()): SseSession | null {
  const dot = token.indexOf('.');
  if (dot <= 0 || token.length > 8192) return null;
  const payload = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = mac(key, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const [server, caller, endpoint, stream, expires, connection] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as [string, string, string, string, number, string?];
    if (typeof expires !== 'number' || expires * 1000 < now) return null;
    if (typeof endpoint !== 'string' || !endpoint.startsWith('/') || endpoint.startsWith('//') || endpoint.includes('\\')) return null;
    return { server, caller, endpoint, stream, expires, ...(connection ? { connection } : {}) };
  } catch {
    return null;
  }
}
