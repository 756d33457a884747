/**
 * The gateway's one port to the inventory plane (src/inventory): it hands over
 * every list page it relays, and asks, from memory, what the server's pin lets
 * through. The gateway imports no inventory module; composition
 * (src/createToolshed.ts) passes the inventory's implementation in.
 */
import type { JsonObject } from './jsonRpc.js';

/** A list the gateway relays; `resourceTemplates` is `resources/templates/list`. */
export type ObservedKind = 'tools' | 'prompts' | 'resources' | 'resourceTemplates';

export interface ListObservation {
  server: string;
  /** The version the gateway relayed to (the latest). */
  version: string;
  kind: ObservedKind;
  /** The upstream's page result, before any filtering by policy or pin. */
  result: JsonObject;
  /** True when the request carried no cursor (the first page). */
  firstPage: boolean;
  /** The person, connection and session the request came through (pages of one walk share it); absent when the request is not known (listen streams). */
  walk?: string;
  /** The cursor the request carried, when it was a string. */
  cursor?: string;
  /**
   * Set for a connection relayed with the person's own upstream values (the
   * person and connection): such a list teaches a server's snapshot only while it
   * has none, and its drift is held for this scope, never for the whole server.
   */
  scope?: string;
}

export type CapabilityVerdict =
  /** No pin, or nothing drifted, or the action is `warn`: relay as is. */
  | { action: 'relay' }
  /** Drifted with action `block`: refuse every request to the server until re-pinned. */
  | { action: 'block'; reason: string }
  /**
   * Drifted with action `hide`: list items that are new or changed since the pin
   * are filtered out, and calls to such tools (prompts, resources) refused.
   */
  | { action: 'hide'; mayList(kind: ObservedKind, item: JsonObject): boolean; mayUse(kind: ObservedKind, key: string): boolean };

export interface CapabilityGuard {
  /** Never blocks or throws: the inventory compares and records off the hot path. */
  observe(observation: ListObservation): void;
  /** Answered from memory; called for every message to the server. `scope`: a personal connection's (see ListObservation). */
  verdict(server: string, scope?: string): CapabilityVerdict;
}

/** For a gateway composed without an inventory (unit tests of the relay). */
export const RELAY_EVERYTHING: CapabilityGuard = { observe() {}, verdict: () => ({ action: 'relay' }) };
