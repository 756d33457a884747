/**
 * Failures of the publisher commands, each with the exit code CI reads: 1 when
 * the registry refused (invalid document, bad proof, expired token), 2 for usage
 * and local problems (missing file, bad flag, unreachable registry).
 */
import type { Command } from 'commander';

export class PublisherError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new PublisherError(message, 2);
export const refusedError = (message: string) => new PublisherError(message, 1);

/**
 * Runs a command's action and exits with its code. Exiting explicitly keeps a
 * kept-alive HTTP connection from holding a finished command open.
 */
export function runAction<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (err) {
      if (!(err instanceof PublisherError)) throw err;
      process.stderr.write(`Error: ${err.message}\n`);
      process.exit(err.exitCode);
    }
    process.exit(0);
  };
}

/** Commander exits 1 on a usage error; CI expects 2 for those (help and --version stay 0). */
export function usageExitCodes(command: Command): Command {
  return command.exitOverride((err) => {
    process.exit(err.exitCode === 0 ? 0 : 2);
  });
}
