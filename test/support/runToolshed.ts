/**
 * Runs `node bin/toolshed.js <args>` as a publisher does: a child process whose
 * HOME and XDG_CONFIG_HOME are a scratch directory (so the stored token is the
 * test's own), with nothing else from this process's environment but PATH.
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
export function runToolshed(args: string[], options: { cwd: string; home: string; env?: Record<string, string> }): Promise<ToolshedRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: options.cwd,
        env: { PATH: process.env.PATH ?? '', HOME: options.home, XDG_CONFIG_HOME: join(options.home, 'xdg'), ...options.env },
        timeout: 60_000,
      },
      (err, stdout, stderr) => resolve({ status: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}
