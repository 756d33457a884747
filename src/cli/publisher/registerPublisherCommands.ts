/**
 * The publisher commands (`init`, `validate`, `login`, `logout`, `publish`,
 * `status`), compatible with the official `mcp-publisher` workflow. Exit codes:
 * 0 ok, 1 the registry refused, 2 usage or local errors.
 */
import type { Command } from 'commander';
import { initCommand } from './initCommand.js';
import { loginCommand } from './loginCommand.js';
import { logoutCommand } from './logoutCommand.js';
import { publishCommand } from './publishCommand.js';
import { usageExitCodes } from './publisherError.js';
import { statusCommand } from './statusCommand.js';
import { validateCommand } from './validateCommand.js';

export function registerPublisherCommands(program: Command): void {
  for (const register of [initCommand, validateCommand, loginCommand, logoutCommand, publishCommand, statusCommand]) {
    usageExitCodes(register(program));
  }
}
