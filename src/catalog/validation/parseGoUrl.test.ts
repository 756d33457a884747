// Covers the Go net/url.Parse clone: which strings Go accepts (it is more lenient
// than WHATWG URL), which it rejects, and the error wording clients see in
// "expected string to be RFC 3986 uri: …" messages.
import { describe, expect, it } from 'vitest';
import { parseGoUrl } from './parseGoUrl.js';

function parsed(raw: string) {
  const r = parseGoUrl(raw);
  if (!r.ok) throw new Error(`expected ${raw} to parse: ${r.error}`);
  return r.url;
}

describe('parseGoUrl', () => {
  it('splits an absolute URL like Go', () => {
    const u = parsed('HTTPS://user:pw@Example.com:8443/a%20b?q=1#frag');
    expect(u).toMatchObject({ scheme: 'https', host: 'Example.com:8443', hostname: 'Example.com', path: '/a%20b', rawQuery: 'q=1', fragment: 'frag' });
  });

  it('accepts what Go accepts but WHATWG would not treat the same way', () => {
    expect(parsed('example.com').scheme).toBe('');
    expect(parsed('/relative/path').path).toBe('/relative/path');
    expect(parsed('https://example.com/with space').path).toBe('/with space');
    expect(parsed('mailto:someone@example.com').opaque).toBe('someone@example.com');
    expect(parsed('data:image/png;base64,AAAA').scheme).toBe('data');
    expect(parsed('').scheme).toBe('');
    expect(parsed('http://[::1]:80/').hostname).toBe('::1');
  });

  it.each([
    ['://x', 'parse "://x": missing protocol scheme'],
    ['a b:c', 'parse "a b:c": first path segment in URL cannot contain colon'],
    ['https://exa mple.com', 'parse "https://exa mple.com": invalid character " " in host name'],
    ['https://{host}/mcp', 'parse "https://{host}/mcp": invalid character "{" in host name'],
    ['https://example.com/%zz', 'parse "https://example.com/%zz": invalid URL escape "%zz"'],
    ['https://example.com:port/', 'parse "https://example.com:port/": invalid port ":port" after host'],
    ['http://[::1/', `parse "http://[::1/": missing ']' in host`],
    ['http://[127.0.0.1]/', 'parse "http://[127.0.0.1]/": invalid IP-literal'],
    ['https://example.com/\n', 'parse "https://example.com/\\n": net/url: invalid control character in URL'],
    ['https://example.com/#%zz', 'parse "https://example.com/#%zz": invalid URL escape "%zz"'],
    ['https://us er@example.com/', 'parse "https://us er@example.com/": net/url: invalid userinfo'],
  ])('rejects %j', (raw, error) => {
    expect(parseGoUrl(raw)).toEqual({ ok: false, error });
  });
});
