/** redactHeaders: whole header values and their longer parts leave a message; short words and other text stay. */
import { describe, expect, it } from 'vitest';
import { redactHeaders } from './redactHeaders.js';

describe('redactHeaders', () => {
  it('takes out whole values and their parts, longest first', () => {
    const headers = { Authorization: 'Bearer abc123secret', 'X-Api-Key': 'k=zzz-999-key' };
    expect(redactHeaders('got Bearer abc123secret; token abc123secret; key zzz-999-key', headers)).toBe('got [redacted]; token [redacted]; key [redacted]');
  });

  it('leaves short words and unrelated text alone', () => {
    expect(redactHeaders('Bearer token refused by upstream.test', { authorization: 'Bearer xyz' })).toBe('Bearer token refused by upstream.test');
  });
});
