/**
 * A blocked server (a moderator's block, or trust `blocked`; see serverBlocks.ts)
 * is refused at once. A new exchange (a GET stream, a DELETE, an `initialize`,
 * a POST without requests) gets `403` problem+json `GATEWAY_SERVER_BLOCKED`; a
 * message on a session already open gets each of its requests answered with a
 * JSON-RPC error (what an MCP client shows for the call it made), nothing is sent
 * upstream, and every request is audited as denied.
 */
import type { ExchangeAudit } from './callAudit.js';
import type { Inspection } from './inspectMessages.js';
import { errorResponse, INVALID_REQUEST, isRequest } from './jsonRpc.js';
import type { RelayCall } from './relayContext.js';
import { sendProblem } from './relayIo.js';

/** The JSON-RPC error code of a request refused because its server is blocked. */
export const SERVER_BLOCKED = -32003;

/** Refuses the whole exchange (403 problem), audited as a denied connect. */
export function refuseBlockedExchange(call: RelayCall, x: ExchangeAudit | undefined, reason: string): void {
  x?.whole('connect', 'denied', { errorCode: INVALID_REQUEST, errorMessage: `server_blocked: ${reason}` });
  sendProblem(call.res, 'GATEWAY_SERVER_BLOCKED', `${call.upstream.server} is blocked by the registry's moderators and is refused until unblocked`);
}

/** True when the messages are a live session's: at least one request, none of them `initialize`. */
export function isSessionMessage(messages: readonly unknown[]): boolean {
  const requests = messages.filter(isRequest);
  return requests.length > 0 && !requests.some((m) => m.method === 'initialize');
}

/** The inspection of a blocked server's session message: every request answered here, nothing forwarded. */
export function blockedInspection(messages: readonly unknown[], server: string, reason: string): Inspection {
  const out: Inspection = { forward: [], denied: [], refused: [], lists: new Map(), firstPages: new Set(), cursors: new Map(), pending: new Map() };
  for (const message of messages) {
    if (!isRequest(message)) continue;
    out.denied.push(errorResponse(message.id, SERVER_BLOCKED, `${server} is blocked by the registry's moderators: the gateway refuses it until it is unblocked`, { reason: 'server_blocked' }));
    out.refused.push({ request: message, reason: `server_blocked: ${reason}`, outcome: 'denied' });
  }
  return out;
}
