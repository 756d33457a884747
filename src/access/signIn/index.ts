export { createSignIn, signInConfigured, SignInConfigError, LOGIN_ATTEMPT_TTL_MICROS, type SignIn, type SignInOptions, type SignInSettings } from './createSignIn.js';
export { sessionResolver } from './sessionResolver.js';
export { checkReturnTo, type ReturnToCheck } from './safeReturnTo.js';
export { mapClaims, claimValues, type GroupMapping } from './mapClaims.js';
export { checkCsrf, CSRF_HEADER, SAFE_METHODS } from './checkCsrf.js';
export { SESSION_COOKIE_NAMES, sessionCookies, type SessionCookies } from './sessionCookies.js';
export { createSessions, type Sessions, type NewSession } from './createSessions.js';
