/** `toolshed logout`: forgets the stored registry token (tokens cannot be revoked server-side). */
import type { Command } from 'commander';
import { runAction } from './publisherError.js';
import { deleteToken } from './tokenStore.js';

export function logoutCommand(program: Command): Command {
  return program
    .command('logout')
    .description('Delete the stored registry token')
    .action(
      runAction(async () => {
        process.stdout.write(deleteToken() ? '✓ Successfully logged out\n' : 'Not logged in; nothing to do\n');
      }),
    );
}
