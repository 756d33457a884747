/**
 * Runs `node bin/toolshed.js <args>` as a user does: a child process with nothing
 * from this process's environment but PATH, plus what the test passes. With `home`,
 * HOME and XDG_CONFIG_HOME are that scratch directory (so a stored token is the
 * test's own).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'toolshed.js');

export interface ToolshedRun {
  /** The exit code (null when killed). */
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Asynchronous, so a registry in the test's own process keeps answering while the command runs. */
export function runToolshed(args: string[], options: { cwd?: string; home?: string; env?: Record<string, string>; timeoutMs?: number }): Promise<ToolshedRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: options.cwd ?? join(import.meta.dirname, '..', '..'),
        env: {
          PATH: process.env.PATH ?? '',
          ...(options.home ? { HOME: options.home, XDG_CONFIG_HOME: join(options.home, 'xdg') } : {}),
          ...options.env,
        },
        maxBuffer: 64 * 1024 * 1024,
        timeout: options.timeoutMs ?? 120_000,
      },
      (err, stdout, stderr) => resolve({ status: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}
