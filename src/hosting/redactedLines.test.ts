import { describe, expect, it } from 'vitest';
import { createRedactedLines, redactValues } from './redactedLines.js';

describe('redacted stderr', () => {
  it('takes out a value whose character was split between two chunks', () => {
    const secret = 'clé-secrète-42';
    const lines = createRedactedLines([secret]);
    const bytes = Buffer.from(`using ${secret} now\n`);
    const cut = bytes.indexOf(Buffer.from('é')) + 1; // inside the two bytes of é
    lines.push(bytes.subarray(0, cut));
    lines.push(bytes.subarray(cut));
    expect(lines.lines()).toEqual(['using [redacted] now']);
  });

  it('redacts a reason Toolshed repeats from the server, longest value first', () => {
    expect(redactValues('initialize failed: token abc-123-long is invalid (abc)', ['abc', 'abc-123-long'])).toBe('initialize failed: token [redacted] is invalid ([redacted])');
    expect(redactValues('nothing secret', [''])).toBe('nothing secret');
  });
});
