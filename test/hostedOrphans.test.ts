/**
 * `kill -9` of Toolshed leaves no hosted process: a whole Toolshed in a child
 * process starts a sandboxed instance, is killed with SIGKILL (no shutdown code
 * runs), and no process of the instance is left (bwrap's --die-with-parent ends
 * the sandbox, and its PID namespace takes every process in it along).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildHostedFixture, type HostedFixture } from './support/hostedFixture.js';
import { NO_SANDBOX } from './support/sandboxHere.js';

let fixture: HostedFixture;
let dataDir: string;

/** Processes whose command line names the fixture's folder: the sandbox's bwrap (its --ro-bind) and anything it ran. */
function processesOf(root: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(root)) found.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

beforeAll(async () => {
  if (NO_SANDBOX) return;
  fixture = await buildHostedFixture();
  dataDir = mkdtempSync(join(tmpdir(), 'toolshed-orphans-'));
}, 60_000);

afterAll(() => {
  if (NO_SANDBOX) return;
  fixture.remove();
  rmSync(dataDir, { recursive: true, force: true });
});

it.skipIf(NO_SANDBOX !== undefined)(
  'leaves no sandboxed process behind when Toolshed is killed with SIGKILL',
  async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/hostedInChild.ts', fixture.root], {
      env: { PATH: process.env.PATH ?? '', TOOLSHED_DATA_DIR: dataDir, TOOLSHED_LOG_LEVEL: 'silent', TOOLSHED_ADMIN_TOKEN: 'orphan-test-admin-token-0123456789' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (/running \d+\n/.test(out)) resolve();
        if (out.startsWith('failed')) reject(new Error(out));
      });
      child.once('exit', (code) => reject(new Error(`the child exited (${code}): ${out}`)));
    });
    const sandboxPid = Number(/running (\d+)/.exec(out)![1]);
    const before = processesOf(fixture.root);
    // The sandbox runs: bwrap and the server inside it.
    expect(before).toContain(sandboxPid);
    expect(before.length).toBeGreaterThanOrEqual(2);
    child.kill('SIGKILL');
    await expect.poll(() => processesOf(fixture.root), { timeout: 10_000, interval: 100 }).toEqual([]);
  },
  60_000,
);
