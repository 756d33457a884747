/**
 * The publisher commands (`init`, `validate`, `login`, `logout`, `publish`,
 * `status`), compatible with the official `mcp-publisher` workflow.
 */
import type { Command } from 'commander';

export function registerPublisherCommands(_program: Command): void {}
