/** Which returnTo values stay on the site (paths) and which are refused, with the reason. */
import { describe, expect, it } from 'vitest';
import { checkReturnTo } from './safeReturnTo.js';

describe('checkReturnTo', () => {
  it('accepts paths on this site, and defaults to /', () => {
    expect(checkReturnTo(undefined)).toEqual({ ok: true, path: '/' });
    expect(checkReturnTo('')).toEqual({ ok: true, path: '/' });
    for (const path of ['/', '/servers', '/servers/com.acme%2Fx?tab=tools#top', '/a//b']) expect(checkReturnTo(path)).toEqual({ ok: true, path });
  });
  it.each([
    ['//evil.example', /another host/],
    ['/\\evil.example', /another host/],
    ['/a\\b', /backslashes/],
    ['https://evil.example/', /starting with "\/"/],
    ['javascript:alert(1)', /starting with "\/"/],
    ['evil.example/x', /starting with "\/"/],
    ['/\t/evil.example', /control characters/],
    ['/\n/evil.example', /control characters/],
    ['/x\u007f', /control characters/],
    [`/${'a'.repeat(2048)}`, /longer than 2048/],
  ])('refuses %j', (value, reason) => {
    const result = checkReturnTo(value);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(reason);
  });
});
