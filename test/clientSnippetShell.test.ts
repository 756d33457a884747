/**
 * The generated Claude Code command line (web/src/connect/clientSnippets.ts) run by
 * a real POSIX shell: whatever a hostile server.json puts in a header name, a
 * header value, the URL or the server name, the shell passes it through as the
 * exact argument and runs nothing else; only the environment variable that holds
 * a secret is expanded.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { claudeCodeSnippet, serverKey, type ConnectionTarget } from '../web/src/connect/clientSnippets.js';

const dir = mkdtempSync(join(tmpdir(), 'toolshed-snippet-'));
const marker = join(dir, 'pwned');
const attack = `$(touch ${marker})`;

/** The arguments `claude` would receive when the person pastes the command into sh. */
function argvOf(command: string, env: Record<string, string>): string[] {
  const script = `claude() { for a in "$@"; do printf '%s\\0' "$a"; done; }\n${command}\n`;
  const out = execFileSync('/bin/sh', ['-c', script], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the Claude Code command in a real shell', () => {
  it('passes hostile names, values and URLs through literally and expands only the secret’s variable', () => {
    const target: ConnectionTarget = {
      serverName: `io.example/x${attack}`,
      url: `https://x.example/mcp?q=${attack}&r='\`id\`'`,
      transport: 'streamable-http',
      headers: [
        { name: `X-Key${attack}`, secret: true },
        { name: "X-`id`'$HOME", value: `v'${attack}"\`id\`"\\` },
        { name: 'X-Plain', value: 'eu' },
      ],
    };
    const snippet = claudeCodeSnippet(target);
    const argv = argvOf(snippet.text, Object.fromEntries(snippet.placeholders.map((p) => [p, `secret-of-${p}`])));
    expect(existsSync(marker)).toBe(false);
    expect(argv).toEqual([
      'mcp',
      'add',
      '--transport',
      'http',
      serverKey(target.serverName),
      target.url,
      '--header',
      `X-Key${attack}: secret-of-${snippet.placeholders[0]}`,
      '--header',
      `X-\`id\`'$HOME: v'${attack}"\`id\`"\\`,
      '--header',
      'X-Plain: eu',
    ]);
  });

  it('does not inline a literal header value a client would expand', () => {
    const snippet = claudeCodeSnippet({ serverName: 'io.example/y', url: 'https://y.example/mcp', transport: 'sse', headers: [{ name: 'X-Token', value: '${env:AWS_SECRET_ACCESS_KEY}' }] });
    expect(snippet.text).not.toContain('AWS_SECRET_ACCESS_KEY');
    expect(snippet.placeholders).toEqual(['X_TOKEN']);
    expect(argvOf(snippet.text, { X_TOKEN: 'typed-by-the-person' }).slice(-2)).toEqual(['--header', 'X-Token: typed-by-the-person']);
  });
});
