/**
 * Adapts the access plane's AccessPolicy (`decide()` over the stored rules) to
 * the gateway's policy function. Rules name servers and tools; until they can
 * name prompts and resources, those are decided at the server level for the same
 * action (a server-wide `call` rule covers its prompts and resources too).
 */
import type { AccessPolicy } from '../access/accessPolicy.js';
import type { GatewayPolicy } from './gatewayPolicy.js';

export function policyFromAccess(access: Pick<AccessPolicy, 'decide'>): GatewayPolicy {
  return (caller, action, target) => {
    const principal = { id: caller.id, groups: caller.groups as string[] };
    const resource = action !== 'connect' && target.tool !== undefined ? { server: target.server, tool: target.tool } : { server: target.server };
    const { allowed, reason } = access.decide(principal, action, resource);
    return { allowed, reason };
  };
}
