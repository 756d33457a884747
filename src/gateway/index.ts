export { createGateway, GATEWAY_DEFAULTS, type Gateway, type GatewayOptions } from './createGateway.js';
export { createUpstreamAgent, type UpstreamAgentOptions } from './createUpstreamAgent.js';
export type { GatewayAction, GatewayDecision, GatewayPolicy, GatewayTarget } from './gatewayPolicy.js';
export { policyFromAccess } from './policyFromAccess.js';
export type { GatewayLog, RelayCall, RelaySettings } from './relayContext.js';
export { createLocalSessionBus, createSharedSessionBus, type SessionBus, type SharedSessionBus } from './sessionBus.js';
export { deriveSessionKey, signSseSession, verifySseSession, type SseSession } from './sseSessionToken.js';
export { resolveUpstream, type UpstreamResolution } from './resolveUpstream.js';
export type { Upstream, UpstreamTransport } from './upstream.js';
