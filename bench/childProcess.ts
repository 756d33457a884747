/**
 * Starts a TypeScript server script in a child Node process (through tsx, as
 * bin/toolshed.js runs the CLI), waits for the `{"address":…}` line it prints, and
 * stops it with SIGTERM (then SIGKILL if it hangs). Later lines can be awaited
 * (`nextLine`) and, with `stdin: true`, lines sent to it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface RunningChild {
  pid: number;
  address: string;
  stop(): Promise<void>;
  /** Writes one line to the child's stdin (only when started with `stdin: true`). */
  send(line: string): void;
  /** Resolves with the next line the child prints that `match` accepts. */
  nextLine(match: (line: string) => boolean): Promise<string>;
}

const START_TIMEOUT_MS = 60_000;

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startChild(script: string, args: string[], env: NodeJS.ProcessEnv, nodeArgs: string[] = [], options: { stdin?: boolean } = {}): Promise<RunningChild> {
  const file = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', file, ...args], { env, stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout! });
  const waiting: Array<{ match(line: string): boolean; resolve(line: string): void }> = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within ${START_TIMEOUT_MS} ms: ${stderr}`)), START_TIMEOUT_MS);
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve((JSON.parse(line) as { address: string }).address);
      } catch {
        reject(new Error(`${script} printed ${line} instead of its address`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before listening: ${stderr}`));
    });
  });
  // Lines nobody waits for yet are kept (the last 100), so a waiter that comes late still gets its line.
  const unclaimed: string[] = [];
  lines.on('line', (line) => {
    const i = waiting.findIndex((w) => w.match(line));
    if (i >= 0) waiting.splice(i, 1)[0]!.resolve(line);
    else if (unclaimed.push(line) > 100) unclaimed.shift();
  });
  return {
    pid: child.pid!,
    address,
    send(line) {
      child.stdin!.write(`${line}\n`);
    },
    nextLine(match) {
      const i = unclaimed.findIndex(match);
      if (i >= 0) return Promise.resolve(unclaimed.splice(i, 1)[0]!);
      return new Promise((resolve) => waiting.push({ match, resolve }));
    },
    async stop() {
      const done = exited(child);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await done;
      clearTimeout(timer);
    },
  };
}

/** The environment for a Toolshed child: ours without any TOOLSHED_* or DATABASE_URL, plus `settings`. */
export function toolshedEnv(settings: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('TOOLSHED_') && key !== 'DATABASE_URL') env[key] = value;
  }
  // Benchmarks measure serving, not review: what they publish is live at once.
  env.TOOLSHED_REVIEW_DEFAULT = 'approve';
  for (const [key, value] of Object.entries(settings)) if (value !== undefined) env[key] = value;
  return env;
}
