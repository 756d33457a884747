/**
 * The gateway's only view of the access plane: one synchronous function that
 * says whether a caller may connect to a server, discover (see) or call one of
 * its tools, prompts or resources. The relay asks it per message and per listed
 * item, from memory, so the hot path never waits on the database.
 */
import type { Caller } from '../access/index.js';

export type GatewayAction = 'connect' | 'discover' | 'call';

/** What is acted on: a server, or one tool, prompt or resource (by URI) of it. */
export interface GatewayTarget {
  server: string;
  tool?: string;
  prompt?: string;
  resource?: string;
}

export interface GatewayDecision {
  allowed: boolean;
  /** For logs and audit; never sent to the client. */
  reason: string;
}

export type GatewayPolicy = (caller: Caller, action: GatewayAction, target: GatewayTarget) => GatewayDecision;
