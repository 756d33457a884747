/**
 * Adapts the access plane's AccessPolicy (`decide()` over the stored rules) to
 * the gateway's policy function. Rules name servers and tools; until they can
 * name prompts and resources, those are decided at the server level for the same
 * action (a server-wide `call` rule covers its prompts and resources too).
 * `sourceOf` names the federation source a server is mirrored from, so rules
 * naming a source apply on the wire too (the connection layer knows it).
 */
import type { AccessPolicy } from '../access/index.js';
import type { GatewayPolicy } from './gatewayPolicy.js';

export function policyFromAccess(access: Pick<AccessPolicy, 'decide'>, sourceOf?: (server: string) => string | undefined): GatewayPolicy {
  return (caller, action, target) => {
    const principal = { id: caller.id, groups: caller.groups as string[] };
    const source = sourceOf?.(target.server);
    const resource = {
      server: target.server,
      ...(action !== 'connect' && target.tool !== undefined ? { tool: target.tool } : {}),
      ...(source !== undefined ? { source } : {}),
    };
    const { allowed, reason } = access.decide(principal, action, resource);
    return { allowed, reason };
  };
}
