import { describe, expect, it } from 'vitest';
import { memoizeUrlCheck } from './memoizeUrlCheck.js';

/** A check that permits https only and counts its calls. */
function countingCheck() {
  const seen: string[] = [];
  const check = (input: string | URL) => {
    const url = new URL(input);
    seen.push(url.href);
    if (url.protocol !== 'https:') throw new Error(`refused ${url.href}`);
    return url;
  };
  return { check, seen };
}

describe('memoizeUrlCheck', () => {
  it('checks a permitted URL once and answers later asks with the same parsed URL', () => {
    const { check, seen } = countingCheck();
    const memo = memoizeUrlCheck(check);
    const first = memo('https://mcp.example.com/mcp?x=1');
    const second = memo('https://mcp.example.com/mcp?x=1');
    expect(second).toBe(first);
    expect(second.origin).toBe('https://mcp.example.com');
    expect(second.pathname + second.search).toBe('/mcp?x=1');
    expect(seen).toEqual(['https://mcp.example.com/mcp?x=1']);
  });

  it('checks a refused URL every time', () => {
    const { check, seen } = countingCheck();
    const memo = memoizeUrlCheck(check);
    expect(() => memo('http://mcp.example.com/')).toThrow(/refused/);
    expect(() => memo('http://mcp.example.com/')).toThrow(/refused/);
    expect(seen).toHaveLength(2);
  });

  it('checks URL objects every time (they may have been built from anything)', () => {
    const { check, seen } = countingCheck();
    const memo = memoizeUrlCheck(check);
    memo(new URL('https://a.example.com/'));
    memo(new URL('https://a.example.com/'));
    expect(seen).toHaveLength(2);
  });

  it('forgets everything when full, and checks again', () => {
    const { check, seen } = countingCheck();
    const memo = memoizeUrlCheck(check, 2);
    memo('https://a.example.com/');
    memo('https://b.example.com/');
    memo('https://c.example.com/'); // full: the memory is cleared, then c is kept
    memo('https://a.example.com/');
    memo('https://c.example.com/');
    expect(seen).toEqual(['https://a.example.com/', 'https://b.example.com/', 'https://c.example.com/', 'https://a.example.com/']);
  });
});
