/**
 * The MCP Inspector CLI (@modelcontextprotocol/inspector), a client no one here
 * wrote, run by this Node with a hermetic $HOME, for tests that check a third-party
 * client sees what the gateway promises.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// The package's own bin (its launcher), run by this Node.
const INSPECTOR = join(dirname(createRequire(import.meta.url).resolve('@modelcontextprotocol/inspector/package.json')), 'clients/launcher/build/index.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with `home` as $HOME (it keeps a catalog and secrets there), so runs stay hermetic. */
export function inspector(home: string, args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    const env = { ...process.env, HOME: home, MCP_INSPECTOR_SECRET_STORE: 'memory' };
    execFile(process.execPath, [INSPECTOR, '--cli', ...args], { timeout: 60_000, env }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** The CLI prints one JSON document on stdout. */
export function json(run: CliRun): Record<string, unknown> {
  try {
    return JSON.parse(run.stdout) as Record<string, unknown>;
  } catch {
    throw new Error(`the Inspector CLI printed no JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
  }
}
