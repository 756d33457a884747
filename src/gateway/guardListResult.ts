/**
 * A list result on its way back to the client: first shown to the capability
 * guard as the upstream sent it (so drift is seen before any filtering), then
 * held to the server's pin (`hide` drops new and changed items; `block` answers
 * an error instead), then filtered by the access rules.
 */
import type { Caller } from '../access/index.js';
import { filterListResponse } from './filterListResult.js';
import type { ListKind } from './inspectMessages.js';
import { errorResponse, INVALID_REQUEST, isObject, type JsonObject, type JsonRpcId } from './jsonRpc.js';
import type { RelaySettings } from './relayContext.js';
import type { Upstream } from './upstream.js';

/** The list walk a page belongs to (see ListObservation): absent when the request is not known (listen streams). */
export interface ListPage {
  /** The person, connection and session the request came through: pages of one walk share it. */
  walk?: string;
  cursor?: string;
  /** Set for a connection relayed with the person's own upstream values (see personalScope). */
  scope?: string;
}

export function guardListResponse(s: RelaySettings, upstream: Upstream, caller: Caller, kind: ListKind, response: JsonObject, firstPage: boolean, page?: ListPage): JsonObject {
  const result = response.result;
  if (!isObject(result) || !Array.isArray(result[kind])) return filterListResponse(response, kind, caller, upstream.server, s.policy);
  // A personal connection's lists are checked in its own scope; without a known request (a listen stream) its drift is the person's alone too.
  const scope = upstream.personal ? (page?.scope ?? `${caller.id}\u0000`) : undefined;
  if (upstream.version !== undefined) {
    s.guard.observe({
      server: upstream.server,
      version: upstream.version,
      kind,
      result,
      firstPage,
      ...(page?.walk !== undefined ? { walk: page.walk } : {}),
      ...(page?.cursor !== undefined ? { cursor: page.cursor } : {}),
      ...(scope !== undefined ? { scope } : {}),
    });
  }
  const verdict = s.guard.verdict(upstream.server, scope);
  let out = response;
  if (verdict.action === 'block') {
    const message = `${upstream.server} changed since it was approved and is refused until an administrator re-pins it`;
    return errorResponse(response.id as JsonRpcId, INVALID_REQUEST, message, { reason: 'capability_drift' }) as unknown as JsonObject;
  }
  if (verdict.action === 'hide') {
    const items = result[kind] as unknown[];
    const kept = items.filter((item) => isObject(item) && verdict.mayList(kind, item));
    if (kept.length !== items.length) out = { ...response, result: { ...result, [kind]: kept } };
  }
  return filterListResponse(out, kind, caller, upstream.server, s.policy);
}
