/**
 * The bootstrap sign-in for the console: the admin token, typed into a form and kept
 * in this tab's sessionStorage (gone when the tab closes, never in localStorage or a
 * cookie). Company sign-in (OIDC sessions) replaces this when the access plane lands.
 */
const KEY = 'toolshed.adminToken';

export function adminToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function signIn(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
}
