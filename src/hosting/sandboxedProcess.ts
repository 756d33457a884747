/**
 * One sandboxed stdio server process: spawned through bwrap (inside its cgroups)
 * with only the environment it is given, its stdout read as newline-delimited
 * JSON-RPC messages. A line that is not a JSON object ends the process
 * (`non-json`), and so does a line longer than `maxLineBytes` (`flood`): both
 * are named failures, and neither grows memory past the line limit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';
import { envArgsBlock, HOST_SIDE_ENV } from './sandboxCommand.js';

/** The descriptor bwrap reads the server's environment from (`sandboxArgs({ argsFd })`). */
export const ENV_FD = 3;

export type ExitCause = { kind: 'exit'; code: number | null; signal: string | null } | { kind: 'non-json'; line: string } | { kind: 'flood' } | { kind: 'spawn'; message: string };

export interface SandboxedProcess {
  readonly pid: number | undefined;
  send(message: object): void;
  /** SIGKILL to bwrap and its process group: the sandbox's PID namespace dies with its first process. */
  kill(): void;
  readonly exited: Promise<ExitCause>;
}

export interface SpawnOptions {
  /** The host-side command (the cgroup shell, then bwrap), run with a fixed environment (`HOST_SIDE_ENV`). */
  argv: readonly string[];
  /** The server's own environment, written to bwrap's `--args` pipe (fd 3), never given to a host-side process. */
  env: Record<string, string>;
  maxLineBytes: number;
  onMessage(message: Record<string, unknown>): void;
  onStderr(chunk: Buffer): void;
}

export function spawnSandboxed(options: SpawnOptions): SandboxedProcess {
  const [command, ...args] = options.argv;
  const child: ChildProcess = spawn(command!, args, { env: { ...HOST_SIDE_ENV }, stdio: ['pipe', 'pipe', 'pipe', 'pipe'], detached: true });
  // bwrap reads the server's environment from fd 3 (`--args 3`): a pipe, so no command line or host environment holds it.
  const envPipe = child.stdio[ENV_FD] as Writable | null;
  envPipe?.on('error', () => undefined);
  envPipe?.end(envArgsBlock(options.env));
  let settle!: (cause: ExitCause) => void;
  let cause: ExitCause | undefined;
  const exited = new Promise<ExitCause>((resolve) => (settle = resolve));
  const end = (why: ExitCause) => {
    cause ??= why;
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    child.kill('SIGKILL');
  };
  child.on('error', (err) => {
    cause ??= { kind: 'spawn', message: err.message };
    settle(cause);
  });
  child.on('exit', (code, signal) => settle(cause ?? { kind: 'exit', code, signal }));
  child.stdin!.on('error', () => undefined);
  let buffered: Buffer[] = [];
  let size = 0;
  child.stdout!.on('data', (chunk: Buffer) => {
    if (cause) return;
    let start = 0;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, start)) {
      buffered.push(chunk.subarray(start, i));
      const line = Buffer.concat(buffered).toString('utf8').trim();
      buffered = [];
      size = 0;
      start = i + 1;
      if (line === '') continue;
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        message = undefined;
      }
      if (message === null || typeof message !== 'object' || Array.isArray(message)) return end({ kind: 'non-json', line: line.slice(0, 200) });
      options.onMessage(message as Record<string, unknown>);
      if (cause) return;
    }
    const rest = chunk.subarray(start);
    size += rest.length;
    if (size > options.maxLineBytes) return end({ kind: 'flood' });
    if (rest.length) buffered.push(rest);
  });
  child.stderr!.on('data', (chunk: Buffer) => options.onStderr(chunk));
  return {
    get pid() {
      return child.pid;
    },
    send(message) {
      if (!cause && child.stdin!.writable) child.stdin!.write(`${JSON.stringify(message)}\n`);
    },
    kill() {
      end({ kind: 'exit', code: null, signal: 'SIGKILL' });
    },
    exited,
  };
}

export function describeExit(cause: ExitCause): string {
  switch (cause.kind) {
    case 'non-json':
      return 'the server wrote something that is not a JSON-RPC message to stdout, so it was stopped (the line is in its stderr buffer, redacted)';
    case 'flood':
      return 'the server wrote a stdout line past the size limit, so it was stopped';
    case 'spawn':
      return `the sandbox could not be started (${cause.message})`;
    default:
      // bwrap reports its child's death by signal n as exit code 128 + n.
      if (cause.signal) return `the server process ended by signal ${cause.signal}`;
      return cause.code !== null && cause.code > 128 ? `the server process ended by signal ${cause.code - 128}` : `the server process exited with code ${cause.code}`;
  }
}
