/**
 * Rate limits on a batch: only the limited requests are answered at the
 * gateway; the rest, notifications included, go on in their order and are
 * still awaited from the upstream.
 */
import { describe, expect, it } from 'vitest';
import type { Caller } from '../access/caller.js';
import { applyRateLimits } from './applyRateLimits.js';
import { inspectMessages } from './inspectMessages.js';
import { createMemoryRateLimiter } from './memoryRateLimiter.js';
import type { RelayCall, RelaySettings } from './relayContext.js';

describe('rate limits on a batch', () => {
  it('withholds the limited request only, keeping the others in order', () => {
    const limiter = createMemoryRateLimiter({ rules: [{ scope: 'user+tool', tool: 'b', ratePerMinute: 1, burst: 1 }] });
    const caller = { id: 'usr_a' } as Caller;
    const messages = [
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'b' } },
      { jsonrpc: '2.0', method: 'notifications/progress' },
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'b' } },
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'a' } },
    ];
    const inspection = inspectMessages(messages, caller, 'io.example/s', () => ({ allowed: true, reason: 'test' }));
    const retryAfter = applyRateLimits({ limiter } as unknown as RelaySettings, { caller, upstream: { server: 'io.example/s' } } as unknown as RelayCall, inspection);
    expect(retryAfter).toBe(60);
    expect(inspection.forward).toEqual([messages[0], messages[1], messages[3]]);
    expect(inspection.denied).toEqual([expect.objectContaining({ id: 2, error: expect.objectContaining({ data: expect.objectContaining({ reason: 'rate_limited' }) }) })]);
    expect(inspection.refused.map((r) => r.outcome)).toEqual(['rate_limited']);
    expect([...inspection.pending.keys()]).toEqual(['n:1', 'n:3']);
  });
});
