/** What every console page gets from the console's frame: the credential to send, and the permission check. */
import { useOutletContext } from 'react-router';

export interface ConsoleContext {
  /** The bootstrap admin token, or undefined when the session cookie authenticates. */
  token: string | undefined;
  can(permission: string): boolean;
}

export function useConsole(): ConsoleContext {
  return useOutletContext<ConsoleContext>();
}
