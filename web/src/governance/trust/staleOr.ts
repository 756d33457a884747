/** An error handler for a governance write: a 412 (changed since it was read) goes to `onStale` in words, anything else to `other`. */
import { ApiError } from '../../api/apiClient.js';

export const STALE_GOVERNANCE = 'Not saved: someone changed this server’s trust or owners since you opened the page. It was reloaded: check it and try again.';

export function staleOr(onStale: (message: string) => void, other: (error: unknown) => void): (error: unknown) => void {
  return (error) => {
    if (error instanceof ApiError && error.status === 412) {
      other(null);
      onStale(STALE_GOVERNANCE);
    } else other(error);
  };
}
