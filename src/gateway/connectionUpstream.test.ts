/**
 * connectionUpstream and the capability inventory: a list relayed from a URL
 * whose origin a person chose (a host variable the publisher lets each person
 * fill) comes from a server the catalog does not name, so the upstream carries
 * no version and the gateway does not observe its lists; the shared snapshot,
 * the pin's drift and the public summary are not the person's to write. With
 * the catalog's own origin, lists are observed as before.
 */
import { describe, expect, it } from 'vitest';
import { connectionUpstream } from './connectionUpstream.js';
import type { SecretValue } from './secretValue.js';

const doc = {
  name: 'io.example/tenanted',
  version: '1.0.0',
  remotes: [
    {
      type: 'streamable-http',
      url: 'https://{host}/mcp/{region}',
      variables: { host: { isSecret: true, default: 'mcp.example.com' }, region: { choices: ['eu', 'us'], default: 'eu' } },
    },
  ],
} as unknown as Parameters<typeof connectionUpstream>[0];

const personal = (value: string): SecretValue => ({ kind: 'variable', value, scope: 'personal' });

describe('connectionUpstream', () => {
  it('gives no version (so no observation) when a person chose the origin', () => {
    const resolved = connectionUpstream(doc, 'streamable-http', new Map([['host', personal('attacker.example.net')]]));
    expect(resolved).toMatchObject({ ok: true, upstream: { url: 'https://attacker.example.net/mcp/eu' } });
    if (resolved.ok) expect(resolved.upstream.version).toBeUndefined();
  });

  it('keeps the version when the origin is the catalog’s, whatever the person chose in the path', () => {
    const resolved = connectionUpstream(doc, 'streamable-http', new Map([['region', personal('us')]]));
    expect(resolved).toMatchObject({ ok: true, upstream: { url: 'https://mcp.example.com/mcp/us', version: '1.0.0' } });
  });
});
