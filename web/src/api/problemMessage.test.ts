/** How API refusals and network failures read to a person (web/src/api/problemMessage.ts). */
import { describe, expect, it } from 'vitest';
import { networkProblem, readProblem } from './problemMessage.js';

describe('readProblem', () => {
  it('uses the detail as a sentence and lists errors[] by field', () => {
    const p = readProblem(422, {
      title: 'Unprocessable Entity',
      status: 422,
      detail: 'validation failed',
      errors: [
        { message: 'expected number >= 1', location: 'query.limit', value: 0 },
        { message: 'must be a URL', location: 'body.remotes[0].url' },
      ],
    });
    expect(p.message).toBe('Some of what you sent is not valid.');
    expect(p.details).toEqual(['limit: expected number >= 1', 'remotes[0].url: must be a URL']);
    expect(p.status).toBe(422);
  });

  it("keeps the server's error code, and has none when the body names none", () => {
    expect(readProblem(404, { title: 'Not Found', status: 404, detail: 'Server not found', code: 'CATALOG_SERVER_NOT_FOUND' }).code).toBe('CATALOG_SERVER_NOT_FOUND');
    expect(readProblem(404, { detail: 'Server not found' })).not.toHaveProperty('code');
  });

  it('capitalises and ends a plain detail', () => {
    expect(readProblem(404, { title: 'Not Found', status: 404, detail: 'Server not found' }).message).toBe('Server not found.');
    expect(readProblem(409, { detail: 'a sync of official is already running.' }).message).toBe('A sync of official is already running.');
  });

  it('says what to do on 401 whatever the detail, keeping the detail as a note', () => {
    const p = readProblem(401, { detail: 'invalid token' });
    expect(p.message).toBe('You need to sign in to do this.');
    expect(p.details).toEqual(['Invalid token.']);
  });

  it('falls back on the status when the body is not a problem', () => {
    expect(readProblem(503, 'upstream connect error').message).toBe('The registry is temporarily unavailable; try again shortly.');
    expect(readProblem(500, null).message).toBe('The registry failed to answer; try again later.');
    expect(readProblem(418, { title: "I'm a teapot" }).message).toBe("The request failed (I'm a teapot).");
  });
});

describe('networkProblem', () => {
  it('names the failure without blaming the person', () => {
    expect(networkProblem(new TypeError('Failed to fetch')).message).toBe('Could not reach the registry. Check your connection and try again (Failed to fetch).');
    expect(networkProblem(undefined).status).toBe(0);
  });
});
