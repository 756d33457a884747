/**
 * The gateway's port to governance blocks (src/governance): whether a moderator
 * blocked a server, or its trust level is `blocked`. Answered from memory on
 * every message, and kept current on every replica by the governance plane, so a
 * block refuses a live session's next message. Composition passes it in.
 */
export interface GatewayBlocks {
  /** Why the server is refused, or undefined when it is not. */
  blocked(server: string): { reason: string } | undefined;
}

export const NOTHING_BLOCKED: GatewayBlocks = { blocked: () => undefined };
