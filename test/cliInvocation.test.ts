/**
 * How people run the `toolshed` command after `npm ci`: `npx toolshed …` in the
 * clone runs bin/toolshed.js (npm finds the project's own bin; `--no` proves nothing
 * is fetched), and every example in README.md and docs/ uses that form, except the
 * publisher CLI section (docs/publishing.md), whose commands run in a server's directory through the
 * `toolshed` that `npm link` puts on the PATH.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const PUBLISHER_SECTION = '## The toolshed publisher CLI';

/** Lines of fenced code blocks, with the heading they sit under. */
function codeLines(file: string): Array<{ line: string; heading: string; at: string }> {
  const out: Array<{ line: string; heading: string; at: string }> = [];
  let inBlock = false;
  let heading = '';
  readFileSync(join(ROOT, file), 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.startsWith('```')) inBlock = !inBlock;
      else if (inBlock) out.push({ line, heading, at: `${file}:${i + 1}` });
      else if (line.startsWith('#')) heading = line;
    });
  return out;
}

describe('running the toolshed command', () => {
  it('runs from the clone as `npx toolshed` without fetching anything', () => {
    const run = spawnSync('npx', ['--no', 'toolshed', 'help'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Usage: toolshed /m);
    expect(run.stdout).toMatch(/^\s+import \[options\] <file>/m);
  });

  it('is called as `npx toolshed` in every example of README.md and docs/, `toolshed` only in the publisher section', () => {
    const files = [
      'README.md',
      ...readdirSync(join(ROOT, 'docs'))
        .filter((f) => f.endsWith('.md'))
        .map((f) => `docs/${f}`),
    ];
    const lines = files.flatMap(codeLines);
    const bare = lines.filter(({ line }) => /^\s*(\$ |- run: |run: )?toolshed /.test(line));
    expect(bare.filter((l) => l.heading !== PUBLISHER_SECTION).map((l) => `${l.at}: ${l.line}`)).toEqual([]);
    expect(lines.filter(({ line }) => line.includes('npm run toolshed')).map((l) => `${l.at}: ${l.line}`)).toEqual([]);
    expect(lines.filter(({ line }) => /^\s*npx toolshed /.test(line)).length).toBeGreaterThan(20);
    // The publisher section says where its bare `toolshed` comes from.
    const publishing = readFileSync(join(ROOT, 'docs/publishing.md'), 'utf8');
    expect(publishing.indexOf(PUBLISHER_SECTION), 'docs/publishing.md has the publisher CLI section').toBeGreaterThan(0);
    expect(publishing.slice(publishing.indexOf(PUBLISHER_SECTION), publishing.indexOf(PUBLISHER_SECTION) + 1200)).toContain('`npm link`');
  });
});
