/**
 * What the operator commands (`toolshed source …`, `toolshed admin …`) share: a
 * failure carrying the exit code CI reads (1 when a plane refused or failed, 2 for
 * usage and the operator's input), and the actor their changes are recorded under.
 */
import { userInfo } from 'node:os';

export class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

/** `cli:<os user>`: who made a change from the command line, for the change logs. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}
