/**
 * Who is using the UI: the person signed in with company sign-in (a session cookie,
 * `GET /api/session`, whose CSRF token every write then carries), or an administrator
 * using the bootstrap admin token (`GET /api/me` with it), or nobody — and whether
 * company sign-in is configured at all (`/api/session` answers 404 when it is not).
 * Loaded once by the page frame and shared through a context.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, request, requestJson, setCsrfToken } from '../api/apiClient.js';
import { adminToken, signOut as forgetAdminToken } from '../admin/adminSession.js';

export interface Person {
  id: string;
  email: string | null;
  name: string | null;
  roles: string[];
  groups: string[];
  permissions: string[];
}

export interface SessionState {
  loading: boolean;
  /** The signed-in person, or the admin token's caller; null when nobody is signed in. */
  user: Person | null;
  via: 'session' | 'admin-token' | null;
  /** The bootstrap admin token, sent as a bearer instead of the cookie. */
  token: string | undefined;
  /** Company sign-in is configured (`/auth/login` works). */
  signInAvailable: boolean;
  /** Why the session could not be read (not "signed out": that is user null). */
  error: unknown;
  can(permission: string): boolean;
  refresh(): void;
  signOut(): Promise<void>;
}

interface SessionAnswer {
  user: Person;
  csrfToken: string;
}

interface MeAnswer {
  id: string;
  label: string;
  roles: string[];
  groups: string[];
  permissions: string[];
}

type Loaded = Pick<SessionState, 'user' | 'via' | 'token' | 'signInAvailable' | 'error'>;

async function readSession(): Promise<Loaded> {
  let signInAvailable = false;
  try {
    const answer = await requestJson<SessionAnswer>('/api/session');
    setCsrfToken(answer.csrfToken);
    return { user: answer.user, via: 'session', token: undefined, signInAvailable: true, error: null };
  } catch (err) {
    setCsrfToken(null);
    if (!(err instanceof ApiError) || (err.status !== 401 && err.status !== 404)) {
      return { user: null, via: null, token: undefined, signInAvailable: false, error: err };
    }
    signInAvailable = err.status === 401;
  }
  const token = adminToken();
  if (token) {
    try {
      const me = await requestJson<MeAnswer>('/api/me', { token });
      return { user: { id: me.id, email: null, name: me.label, roles: me.roles, groups: me.groups, permissions: me.permissions }, via: 'admin-token', token, signInAvailable, error: null };
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) forgetAdminToken();
      else return { user: null, via: null, token: undefined, signInAvailable, error: err };
    }
  }
  return { user: null, via: null, token: undefined, signInAvailable, error: null };
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    readSession().then((l) => {
      if (live) setLoaded(l);
    });
    return () => {
      live = false;
    };
  }, [attempt]);
  // Loading at once, so nothing acts on the old answer (e.g. the console redirecting to sign-in).
  const refresh = useCallback(() => {
    setLoaded(null);
    setAttempt((n) => n + 1);
  }, []);
  const value = useMemo<SessionState>(() => {
    const l = loaded ?? { user: null, via: null, token: undefined, signInAvailable: false, error: null };
    return {
      ...l,
      loading: loaded === null,
      can: (p) => l.user?.permissions.includes(p) ?? false,
      refresh,
      async signOut() {
        if (l.via === 'admin-token') {
          forgetAdminToken();
          refresh();
          return;
        }
        const { body } = await request<{ redirectTo?: string }>('/auth/logout', { method: 'POST' });
        setCsrfToken(null);
        window.location.assign(body?.redirectTo ?? '/');
      },
    };
  }, [loaded, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** Where company sign-in starts, coming back to `returnTo` (this page by default). */
export function signInHref(returnTo = window.location.pathname + window.location.search): string {
  return `/auth/login?returnTo=${encodeURIComponent(returnTo)}`;
}

/** The name to show for a person. */
export function displayName(user: Person): string {
  return user.name || user.email || user.id;
}
