import { Link } from 'react-router';
import { ApiError } from '../api/apiClient.js';

/** For a list's error: a link to sign in again when the console's session has ended (401), nothing otherwise. */
export function signInAgainOn401(error: unknown) {
  return error instanceof ApiError && error.status === 401 ? <Link to="/console/sign-in">Sign in again</Link> : undefined;
}
