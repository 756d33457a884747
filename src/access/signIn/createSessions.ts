/**
 * Browser sessions in the database, so every replica knows them. The cookie
 * value is 32 random bytes; only its SHA-256 is stored. A session ends at its
 * absolute expiry or after sitting idle too long; its last use is written at
 * most once a minute, so a busy browser does not write on every request.
 */
import { randomBytes } from 'node:crypto';
import { deleteExpiredSessions, deleteSession, findSession, insertSession, nowMicros, touchSession, type Db, type SessionsTable } from '../../store/index.js';
import type { SecretBox } from '../../secretBox.js';
import { sha256Hex } from '../../sha256Hex.js';

/** How often `last_seen_at` is written, in microseconds like every store timestamp. */
export const TOUCH_INTERVAL_MICROS = 60_000_000;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export const randomSecret = () => randomBytes(32).toString('base64url');

export interface NewSession {
  /** The cookie value: shown to the browser once, never stored. */
  token: string;
  csrfToken: string;
  expiresAt: number;
  idHash: string;
}

export interface Sessions {
  /** Starts a session; `replacing` (the cookie the browser brought, if any) is ended in the same transaction. */
  create(input: { userId: string; idToken: string | null; ip: string | null; userAgent: string | null; replacing?: string | undefined }): Promise<NewSession>;
  /** The live session of a cookie value, or undefined (unknown, expired or idle too long: then it is deleted). */
  lookup(token: string): Promise<SessionsTable | undefined>;
  /** Ends a session; the removed row. */
  end(token: string): Promise<SessionsTable | undefined>;
  /** The ID token a session was signed in with, for the IdP logout; undefined when not kept or not openable. */
  idTokenHint(session: SessionsTable): string | undefined;
  /** Deletes every expired session. */
  sweep(): Promise<number>;
}

export interface SessionOptions {
  db: Db;
  /** Seals the ID token kept for sign-out. */
  secretBox: SecretBox;
  ttlSeconds: number;
  idleSeconds: number;
  /** Microseconds since the epoch (the store's clock). */
  now?: () => number;
}

export function createSessions(options: SessionOptions): Sessions {
  const { db } = options;
  const now = options.now ?? nowMicros;
  const ttl = options.ttlSeconds * 1_000_000;
  const idle = options.idleSeconds * 1_000_000;
  const hashOf = (token: string) => (TOKEN_SHAPE.test(token) ? sha256Hex(token) : undefined);
  const hintContext = (idHash: string) => `session-sign-out\n${idHash}`;

  return {
    async create({ userId, idToken, ip, userAgent, replacing }) {
      const token = randomSecret();
      const csrfToken = randomSecret();
      const at = now();
      const idHash = sha256Hex(token);
      const expiresAt = at + ttl;
      await db.transaction().execute(async (tx) => {
        const old = replacing === undefined ? undefined : hashOf(replacing);
        if (old) await deleteSession({ tx, idHash: old });
        await insertSession({
          tx,
          session: {
            id_hash: idHash,
            user_id: userId,
            csrf_token: csrfToken,
            sign_out_hint: idToken === null ? null : options.secretBox.encrypt(idToken, hintContext(idHash)),
            created_at: at,
            expires_at: expiresAt,
            last_seen_at: at,
            ip,
            user_agent: userAgent,
          },
        });
      });
      return { token, csrfToken, expiresAt, idHash };
    },

    async lookup(token) {
      const idHash = hashOf(token);
      if (!idHash) return undefined;
      const session = await findSession({ tx: db, idHash });
      if (!session) return undefined;
      const at = now();
      if (session.expires_at <= at || session.last_seen_at + idle <= at) {
        await deleteSession({ tx: db, idHash });
        return undefined;
      }
      if (at - session.last_seen_at >= TOUCH_INTERVAL_MICROS) {
        await touchSession({ tx: db, idHash, at });
        session.last_seen_at = at;
      }
      return session;
    },

    async end(token) {
      const idHash = hashOf(token);
      return idHash ? deleteSession({ tx: db, idHash }) : undefined;
    },

    idTokenHint(session) {
      if (session.sign_out_hint === null) return undefined;
      try {
        return options.secretBox.decrypt(session.sign_out_hint, hintContext(session.id_hash));
      } catch {
        // Sealed under another key (TOOLSHED_SECRET_KEY changed): sign out without the hint.
        return undefined;
      }
    },

    async sweep() {
      const at = now();
      return deleteExpiredSessions({ tx: db, now: at, idleBefore: at - idle });
    },
  };
}
