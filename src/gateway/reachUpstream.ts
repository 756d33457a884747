/**
 * The upstream call every relayed exchange makes, and what happens when it
 * fails: the failure is audited (as the rest of the exchange, or as one whole
 * `label` record when the exchange carries no JSON-RPC message) and answered to
 * the client as a JSON-RPC error. Hot path: no closure; the cost over a bare
 * callUpstream is one small object and one promise per exchange.
 */
import type { ServerResponse } from 'node:http';
import { failureOutcome, type ExchangeAudit } from './callAudit.js';
import { INTERNAL_ERROR, type JsonRpcId } from './jsonRpc.js';
import type { RelaySettings } from './relayContext.js';
import { callUpstream, failureOf, sendRpcError, type UpstreamCall, type UpstreamResponse } from './relayIo.js';
import type { Lifetime } from './relayLifetime.js';

export type UpstreamRequest = Pick<UpstreamCall, 'url' | 'method' | 'headers' | 'body'>;

/** The upstream's response, or undefined once the failure is audited and answered. */
export async function reachUpstream(
  s: RelaySettings,
  res: ServerResponse,
  life: Lifetime,
  request: UpstreamRequest,
  x: ExchangeAudit | undefined,
  label?: string,
  id: JsonRpcId | null = null,
): Promise<UpstreamResponse | undefined> {
  try {
    return await callUpstream({ url: request.url, method: request.method, headers: request.headers, body: request.body, life, dispatcher: s.dispatcher, maxHeaders: s.maxResponseHeaders });
  } catch (err) {
    const failure = failureOf(err, life);
    const outcome = failureOutcome(failure, life, res);
    if (label === undefined) x?.endRest(outcome, failure.message);
    else x?.whole(label, outcome, { errorCode: INTERNAL_ERROR, errorMessage: failure.message });
    sendRpcError(res, failure.status, failure.message, id);
    return undefined;
  }
}
