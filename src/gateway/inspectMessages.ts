/**
 * Policy on what a client sends. A `tools/call`, `prompts/get` or
 * `resources/read`/`subscribe` the caller may not make is taken out of the
 * batch and answered here with a JSON-RPC error (so it never reaches the
 * upstream); list requests are remembered by id so their results can be
 * filtered on the way back. Everything else passes untouched.
 */
import type { Caller } from '../access/index.js';
import type { CapabilityVerdict } from './capabilityGuard.js';
import type { GatewayPolicy, GatewayTarget } from './gatewayPolicy.js';
import { errorResponse, idKey, INVALID_PARAMS, isObject, isRequest, type JsonRpcErrorResponse, type JsonRpcId, type JsonRpcRequest } from './jsonRpc.js';

/** The lists the gateway watches; `resourceTemplates` (resources/templates/list) is observed for drift, not filtered by policy. */
export type ListKind = 'tools' | 'prompts' | 'resources' | 'resourceTemplates';

const LISTS: Record<string, ListKind> = { 'tools/list': 'tools', 'prompts/list': 'prompts', 'resources/list': 'resources', 'resources/templates/list': 'resourceTemplates' };
const OBSERVED_KIND = { tool: 'tools', prompt: 'prompts', resource: 'resources' } as const;

export interface Inspection {
  /** What to send upstream, in order. */
  forward: unknown[];
  /** Errors for the requests kept back. */
  denied: JsonRpcErrorResponse[];
  /** For the audit, parallel to `denied`: the request kept back and why (the policy's reason). */
  refused: Array<{ request: JsonRpcRequest; reason: string; outcome: 'denied' | 'error' | 'rate_limited' }>;
  /** Ids (by idKey) of forwarded list requests whose results need filtering. */
  lists: Map<string, ListKind>;
  /** Ids (by idKey) of list requests without a cursor: their answers are first pages. */
  firstPages: Set<string>;
  /** Ids (by idKey) of list requests with a string cursor: the cursor, so the guard can follow a walk's pages. */
  cursors: Map<string, string>;
  /** Ids (by idKey) of every forwarded request, to answer them if the upstream fails. */
  pending: Map<string, JsonRpcId>;
}

/** The error a denied call gets: -32602 as for a name that does not exist, so nothing is enumerated. */
export function deniedError(id: JsonRpcId, kind: 'tool' | 'prompt' | 'resource', name: string): JsonRpcErrorResponse {
  return errorResponse(id, INVALID_PARAMS, `Unknown ${kind}: ${name}`, { reason: 'denied_by_policy' });
}

const TITLE = { tool: 'Tool', prompt: 'Prompt', resource: 'Resource' } as const;

/** The error a call to an item held back by a drift (action `hide`) gets: it says why, unlike a policy denial. */
export function driftHeldError(id: JsonRpcId, kind: 'tool' | 'prompt' | 'resource', name: string): JsonRpcErrorResponse {
  return errorResponse(id, INVALID_PARAMS, `${TITLE[kind]} ${name} changed since it was approved and is held until an administrator re-pins it`, { reason: 'capability_drift' });
}

function targetOf(method: string, params: unknown, server: string): { target: GatewayTarget; kind: 'tool' | 'prompt' | 'resource'; name: unknown } | null {
  const p = isObject(params) ? params : {};
  switch (method) {
    case 'tools/call':
      return { target: { server, tool: p.name as string }, kind: 'tool', name: p.name };
    case 'prompts/get':
      return { target: { server, prompt: p.name as string }, kind: 'prompt', name: p.name };
    case 'resources/read':
    case 'resources/subscribe':
      return { target: { server, resource: p.uri as string }, kind: 'resource', name: p.uri };
    default:
      return null;
  }
}

/**
 * Answers a request at the gateway instead of forwarding it: it leaves
 * `forward` (a new array, so a loop over the old one goes on unharmed), `error`
 * goes to the client, the audit records `outcome` and why, and no answer to it
 * is awaited from the upstream.
 */
export function withhold(inspection: Inspection, request: JsonRpcRequest, error: JsonRpcErrorResponse, reason: string, outcome: Inspection['refused'][number]['outcome']): void {
  const at = inspection.forward.indexOf(request);
  if (at >= 0) inspection.forward = inspection.forward.filter((_, i) => i !== at);
  const key = idKey(request.id);
  inspection.pending.delete(key);
  inspection.lists.delete(key);
  inspection.denied.push(error);
  inspection.refused.push({ request, reason, outcome });
}

/** True when the caller may see and call this tool, prompt or resource. */
export function mayUse(policy: GatewayPolicy, caller: Caller, target: GatewayTarget): boolean {
  return policy(caller, 'discover', target).allowed && policy(caller, 'call', target).allowed;
}

export function inspectMessages(messages: readonly unknown[], caller: Caller, server: string, policy: GatewayPolicy, verdict?: CapabilityVerdict): Inspection {
  const out: Inspection = { forward: [], denied: [], refused: [], lists: new Map(), firstPages: new Set(), cursors: new Map(), pending: new Map() };
  for (const message of messages) {
    if (!isRequest(message)) {
      out.forward.push(message);
      continue;
    }
    const found = targetOf(message.method, message.params, server);
    if (found) {
      if (typeof found.name !== 'string') {
        const field = found.kind === 'resource' ? 'uri' : 'name';
        const error = errorResponse(message.id, INVALID_PARAMS, `params.${field} must be a string for ${message.method}`);
        withhold(out, message, error, error.error.message, 'error');
        continue;
      }
      const decision = policy(caller, 'call', found.target);
      if (!decision.allowed) {
        withhold(out, message, deniedError(message.id, found.kind, found.name), decision.reason, 'denied');
        continue;
      }
      if (verdict?.action === 'hide' && !verdict.mayUse(OBSERVED_KIND[found.kind], found.name)) {
        withhold(out, message, driftHeldError(message.id, found.kind, found.name), 'capability_drift', 'denied');
        continue;
      }
    }
    const list = LISTS[message.method];
    if (list) {
      const key = idKey(message.id);
      out.lists.set(key, list);
      if (!isObject(message.params) || message.params.cursor === undefined) out.firstPages.add(key);
      else if (typeof message.params.cursor === 'string') out.cursors.set(key, message.params.cursor);
    }
    out.pending.set(idKey(message.id), message.id);
    out.forward.push(message);
  }
  return out;
}
