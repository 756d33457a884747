/**
 * What readMessages refuses before it parses: a body nested more than 512 levels
 * deep is found by the byte scan, so it costs no parsing (the answer names the
 * nesting even when the body is not valid JSON further on).
 */
import { describe, expect, it } from 'vitest';
import { INVALID_REQUEST } from './jsonRpc.js';
import { readMessages } from './readMessages.js';

describe('readMessages', () => {
  it('refuses a body nested more than 512 levels deep before parsing it', () => {
    const deep = (levels: number, tail = '') => Buffer.from(`{"jsonrpc":"2.0","id":1,"method":"ping","params":{"a":${'['.repeat(levels)}${']'.repeat(levels)}}${tail}}`);
    // The trailing comma makes the JSON invalid: parsing first would have answered a parse error.
    expect(readMessages(deep(600, ','), 100)).toEqual({ code: INVALID_REQUEST, problem: 'Invalid request: the body is nested more than 512 levels deep' });
    expect(readMessages(deep(2_000_000), 100)).toMatchObject({ code: INVALID_REQUEST });
    // Brackets inside strings are not nesting.
    const inString = Buffer.from(`{"jsonrpc":"2.0","id":1,"method":"ping","params":{"a":"${'['.repeat(600)}"}}`);
    expect(readMessages(inString, 100)).toMatchObject({ batch: false });
    expect(readMessages(deep(500), 100)).toMatchObject({ batch: false });
  });
});
