/**
 * Sealed legacy SSE session tokens: any holder of the key verifies them; an
 * altered, foreign-key, expired or off-origin token is refused.
 */
import { describe, expect, it } from 'vitest';
import { deriveSessionKey, signSseSession, verifySseSession, type SseSession } from './sseSessionToken.js';

const key = deriveSessionKey('11'.repeat(32));
const session: SseSession = { server: 'io.example/x', caller: 'usr_1', endpoint: '/messages?sessionId=abc', stream: 's-1', expires: Math.floor(Date.now() / 1000) + 60 };

describe('SSE session tokens', () => {
  it('round-trips under the same key (another replica verifies it)', () => {
    expect(verifySseSession(deriveSessionKey('11'.repeat(32)), signSseSession(key, session))).toEqual(session);
  });

  it('refuses altered, foreign-key, expired and malformed tokens', () => {
    const token = signSseSession(key, session);
    const [payload, mac] = token.split('.') as [string, string];
    const altered = Buffer.from(JSON.stringify(['io.example/x', 'usr_1', '/admin', 's-1', session.expires])).toString('base64url');
    expect(verifySseSession(key, `${altered}.${mac}`)).toBeNull();
    expect(verifySseSession(key, `${payload}.${mac.slice(0, -2)}AA`)).toBeNull();
    expect(verifySseSession(deriveSessionKey('22'.repeat(32)), token)).toBeNull();
    expect(verifySseSession(key, signSseSession(key, { ...session, expires: 1 }))).toBeNull();
    expect(verifySseSession(key, 'nonsense')).toBeNull();
    expect(verifySseSession(key, '')).toBeNull();
  });

  it('refuses an endpoint that could leave the upstream origin', () => {
    expect(verifySseSession(key, signSseSession(key, { ...session, endpoint: '//evil.example/x' }))).toBeNull();
    expect(verifySseSession(key, signSseSession(key, { ...session, endpoint: 'https://evil.example/x' }))).toBeNull();
    expect(verifySseSession(key, signSseSession(key, { ...session, endpoint: '/\\evil.example/x' }))).toBeNull();
  });
});
