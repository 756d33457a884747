// Covers Go %q quoting, which upstream messages use to embed user input.
import { describe, expect, it } from 'vitest';
import { goQuote } from './goQuote.js';

describe('goQuote', () => {
  it.each([
    ['plain', '"plain"'],
    ['say "hi"\\', '"say \\"hi\\"\\\\"'],
    ['\n\t\u0007', '"\\n\\t\\a"'],
    ['\u0001\u007f', '"\\x01\\x7f"'],
    ['\u00a0é', '"\\u00a0é"'],
    ['\u{e0001}', '"\\U000e0001"'],
  ])('quotes %j as Go does', (input, expected) => {
    expect(goQuote(input)).toBe(expected);
  });
});
