/** Runs a system tool (unzip) with a clean environment and a time bound; resolves with its exit code and bounded output. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export function findTool(name: string): string | undefined {
  return ['/usr/bin', '/bin', '/usr/local/bin'].map((d) => `${d}/${name}`).find((p) => existsSync(p));
}

export function runTool(file: string, args: string[], o: { cwd?: string; timeoutMs: number; maxOutput?: number }): Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }> {
  const max = o.maxOutput ?? 4 * 1024 * 1024;
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd: o.cwd, env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => {
      if (stdout.length < max) stdout += d.toString('utf8');
      else child.kill('SIGKILL');
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 16_384) stderr += d.toString('utf8');
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, o.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: err.message, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}
