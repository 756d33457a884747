// Covers the Huma-equivalent shape check of status change bodies: the required
// status enum, the 500-character message limit, unknown properties and
// case-insensitive names.
import { describe, expect, it } from 'vitest';
import { checkStatusBody } from './checkStatusBody.js';

describe('checkStatusBody', () => {
  it.each(['active', 'deprecated', 'deleted'])('accepts status %s', (status) => {
    expect(checkStatusBody({ status })).toEqual({ ok: true, value: { status } });
  });

  it('accepts a message of up to 500 characters and keeps it', () => {
    const body = { status: 'deprecated', statusMessage: 'm'.repeat(500) };
    expect(checkStatusBody(body)).toEqual({ ok: true, value: body });
  });

  it('rejects a longer message', () => {
    const message = 'm'.repeat(501);
    expect(checkStatusBody({ status: 'deleted', statusMessage: message })).toEqual({
      ok: false,
      errors: [{ message: 'expected length <= 500', location: 'body.statusMessage', value: message }],
    });
  });

  it('requires status and restricts it to the enum', () => {
    const body = { statusMessage: 'x' };
    expect(checkStatusBody(body)).toEqual({
      ok: false,
      errors: [{ message: 'expected required property status to be present', location: 'body', value: body }],
    });
    expect(checkStatusBody({ status: 'archived' })).toEqual({
      ok: false,
      errors: [{ message: 'expected value to be one of "active, deprecated, deleted"', location: 'body.status', value: 'archived' }],
    });
  });

  it('rejects unknown properties and wrong types, collecting all errors', () => {
    const body = { status: 1, statusMessage: false, reason: 'x' };
    expect(checkStatusBody(body)).toEqual({
      ok: false,
      errors: [
        { message: 'expected string', location: 'body.status', value: 1 },
        { message: 'expected string', location: 'body.statusMessage', value: false },
        { message: 'unexpected property', location: 'body.reason', value: body },
      ],
    });
  });

  it('matches property names case-insensitively', () => {
    expect(checkStatusBody({ Status: 'active', STATUSMESSAGE: 'ok' })).toEqual({ ok: true, value: { status: 'active', statusMessage: 'ok' } });
  });

  it('reports a non-object body', () => {
    expect(checkStatusBody('active')).toEqual({ ok: false, errors: [{ message: 'expected object', location: 'body', value: 'active' }] });
  });
});
