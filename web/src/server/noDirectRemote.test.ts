/**
 * What the server page says when a version has no remote to connect to directly
 * (web/src/server/noDirectRemote.ts): it never contradicts the sections above it, so a
 * server without packages is not sent to "its package", and one with packages is not
 * told it lists none.
 */
import { describe, expect, it } from 'vitest';
import type { ServerJson } from '../api/catalogTypes.js';
import { noDirectRemote } from './noDirectRemote.js';

const base = { name: 'io.github.acme/thing', description: 'd', version: '1.0.0' } as ServerJson;

describe('noDirectRemote', () => {
  it('sends a server with packages to its packages and configuration', () => {
    const said = noDirectRemote({ ...base, packages: [{ registryType: 'npm', identifier: '@acme/thing', version: '1.0.0', transport: { type: 'stdio' } }] } as ServerJson);
    expect(said.detail).toContain('runs locally from its package');
    expect(said.detail).not.toMatch(/neither|no packages/);
  });

  it('does not send a server without packages or remotes to a package it does not have', () => {
    for (const server of [base, { ...base, packages: [], remotes: [] }]) {
      const said = noDirectRemote(server);
      expect(said.detail).not.toContain('from its package');
      expect(said.detail).toBe('This version lists neither a package nor a remote; its repository or website may say how to run it.');
    }
  });

  it('says why a remote of a transport no snippet supports is not offered', () => {
    const said = noDirectRemote({ ...base, remotes: [{ type: 'websocket', url: 'wss://thing.example/mcp' }] } as unknown as ServerJson);
    expect(said.detail).toContain('transport');
    expect(said.detail).not.toContain('from its package');
  });

  it('never sends a server Toolshed hosts to run its package locally, and points at the gateway', () => {
    const said = noDirectRemote({ ...base, packages: [{ registryType: 'npm', identifier: '@acme/thing', version: '1.0.0', transport: { type: 'stdio' }, runtimeHint: 'npx' }] } as ServerJson, true);
    expect(said.title).toBe('Toolshed runs this server for you.');
    expect(said.detail).toContain('through the gateway');
    expect(`${said.title} ${said.detail}`).not.toMatch(/locally|npx|No remote/);
  });
});
