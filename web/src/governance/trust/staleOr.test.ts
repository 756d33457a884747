import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/apiClient.js';
import { STALE_GOVERNANCE, staleOr } from './staleOr.js';

const problem = (status: number) => new ApiError({ status, message: `HTTP ${status}`, details: [] } as never);

describe('staleOr', () => {
  it('sends a 412 to onStale in words and clears the error; anything else is the error', () => {
    const stale: string[] = [];
    const other: unknown[] = [];
    const handle = staleOr(
      (m) => stale.push(m),
      (e) => other.push(e),
    );
    handle(problem(412));
    expect(stale).toEqual([STALE_GOVERNANCE]);
    expect(other).toEqual([null]);
    const forbidden = problem(403);
    handle(forbidden);
    expect(stale).toHaveLength(1);
    expect(other).toEqual([null, forbidden]);
  });
});
