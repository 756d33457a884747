/**
 * Client configuration snippets for a remote MCP endpoint (web/src/connect/clientSnippets.ts):
 * each client's shape, headers with literal values kept, secrets never inlined, and
 * targets read from a server's remotes.
 */
import { describe, expect, it } from 'vitest';
import { claudeCodeSnippet, claudeDesktopSnippet, clientSnippets, cursorSnippet, envName, genericSnippet, serverKey, targetsOf, vscodeSnippet, type ConnectionTarget } from './clientSnippets.js';

const target: ConnectionTarget = {
  serverName: 'io.github.acme/Weather MCP',
  url: 'https://weather.example.com/mcp',
  transport: 'streamable-http',
  headers: [
    { name: 'Authorization', description: 'Your API token', secret: true, required: true, value: 'Bearer {token}' },
    { name: 'X-Region', value: 'eu' },
  ],
};

describe('client snippets', () => {
  it('names the server and environment variables safely', () => {
    expect(serverKey('io.github.acme/Weather MCP')).toBe('weather-mcp');
    expect(serverKey('x/!!!')).toBe('mcp-server');
    expect(envName('X-Api-Key')).toBe('X_API_KEY');
    expect(envName('1st')).toBe('H_1ST');
  });

  it('Claude Desktop bridges with mcp-remote and passes the secret through env', () => {
    const s = claudeDesktopSnippet(target);
    expect(JSON.parse(s.text)).toEqual({
      mcpServers: {
        'weather-mcp': {
          command: 'npx',
          args: ['-y', 'mcp-remote', 'https://weather.example.com/mcp', '--header', 'Authorization:${AUTHORIZATION}', '--header', 'X-Region:eu'],
          env: { AUTHORIZATION: '<AUTHORIZATION>' },
        },
      },
    });
    expect(s.placeholders).toEqual(['AUTHORIZATION']);
    const sse = JSON.parse(claudeDesktopSnippet({ ...target, transport: 'sse', headers: [] }).text);
    expect(sse.mcpServers['weather-mcp']).toEqual({ command: 'npx', args: ['-y', 'mcp-remote', 'https://weather.example.com/mcp', '--transport', 'sse-only'] });
  });

  it('Claude Code is one shell command with the transport and headers', () => {
    expect(claudeCodeSnippet(target).text).toBe(`claude mcp add --transport http weather-mcp https://weather.example.com/mcp --header 'Authorization: '"\${AUTHORIZATION}" --header 'X-Region: eu'`);
    expect(claudeCodeSnippet({ ...target, transport: 'sse', url: "https://x.example/a b'c", headers: [] }).text).toBe(`claude mcp add --transport sse weather-mcp 'https://x.example/a b'\\''c'`);
  });

  it('VS Code prompts for secrets with a password input', () => {
    expect(JSON.parse(vscodeSnippet(target).text)).toEqual({
      inputs: [{ type: 'promptString', id: 'weather-mcp-authorization', description: 'Your API token', password: true }],
      servers: {
        'weather-mcp': {
          type: 'http',
          url: 'https://weather.example.com/mcp',
          headers: { Authorization: '${input:weather-mcp-authorization}', 'X-Region': 'eu' },
        },
      },
    });
    expect(JSON.parse(vscodeSnippet({ ...target, transport: 'sse', headers: [] }).text)).toEqual({
      servers: { 'weather-mcp': { type: 'sse', url: 'https://weather.example.com/mcp' } },
    });
  });

  it('Cursor reads secrets from the environment; generic JSON leaves placeholders', () => {
    expect(JSON.parse(cursorSnippet(target).text)).toEqual({
      mcpServers: { 'weather-mcp': { url: 'https://weather.example.com/mcp', headers: { Authorization: '${env:AUTHORIZATION}', 'X-Region': 'eu' } } },
    });
    expect(JSON.parse(genericSnippet(target).text)).toEqual({
      mcpServers: {
        'weather-mcp': { type: 'streamable-http', url: 'https://weather.example.com/mcp', headers: { Authorization: '<AUTHORIZATION>', 'X-Region': 'eu' } },
      },
    });
  });

  it('never inlines a literal value a client would expand into someone’s secrets', () => {
    const expanding = { ...target, headers: [{ name: 'X-Token', value: '${env:AWS_SECRET_ACCESS_KEY}' }] };
    for (const s of clientSnippets(expanding)) {
      expect(s.text, s.client).not.toContain('AWS_SECRET_ACCESS_KEY');
      expect(s.placeholders.length, s.client).toBe(1);
    }
  });

  it('never puts a secret header value into any snippet', () => {
    const secret = { ...target, headers: [{ name: 'X-Key', value: 'sk-live-123', secret: true }] };
    const all = clientSnippets(secret);
    expect(all.map((s) => s.client)).toEqual(['claude-desktop', 'claude-code', 'vscode', 'cursor', 'generic']);
    for (const s of all) expect(s.text, s.client).not.toContain('sk-live-123');
  });
});

describe('targetsOf', () => {
  it('makes one target per HTTP remote with its headers', () => {
    const targets = targetsOf({
      name: 'com.example/x',
      description: 'd',
      version: '1',
      remotes: [
        { type: 'streamable-http', url: 'https://x.example/mcp', headers: [{ name: 'Authorization', isSecret: true, isRequired: true }] },
        { type: 'sse', url: 'https://x.example/sse' },
        { type: 'stdio', url: 'https://nope' },
      ],
    });
    expect(targets).toEqual([
      { serverName: 'com.example/x', url: 'https://x.example/mcp', transport: 'streamable-http', headers: [{ name: 'Authorization', secret: true, required: true }] },
      { serverName: 'com.example/x', url: 'https://x.example/sse', transport: 'sse', headers: [] },
    ]);
    expect(targetsOf({ name: 'a/b', description: 'd', version: '1' })).toEqual([]);
  });
});
