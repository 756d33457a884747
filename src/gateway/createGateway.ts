/**
 * The gateway plane's relay core, composed once: the policy, the guarded
 * upstream pool, the limits and the legacy-session key. It works on Node's
 * request and response, so any HTTP front (the Fastify route, a separate
 * gateway process) can hand it an exchange once it knows the upstream and caller.
 */
import type { Dispatcher } from 'undici';
import type { AuditSink } from './auditSink.js';
import { RELAY_EVERYTHING, type CapabilityGuard } from './capabilityGuard.js';
import type { GatewayPolicy } from './gatewayPolicy.js';
import type { RateLimiter } from './rateLimiter.js';
import type { GatewayLog, RelayCall, RelaySettings } from './relayContext.js';
import { relaySseMessage, relaySseStream } from './relayLegacySse.js';
import { relayStreamableHttp } from './relayStreamableHttp.js';
import { createLocalSessionBus, type SessionBus } from './sessionBus.js';
import { NOTHING_BLOCKED, type GatewayBlocks } from './serverBlocks.js';
import type { TaskOwners } from './taskOwners.js';

export interface GatewayOptions {
  policy: GatewayPolicy;
  /** The upstream URL when the outbound guard permits it (may be shared: read it, never change it); throws otherwise. */
  checkUrl(url: string | URL): Readonly<URL>;
  dispatcher: Dispatcher;
  /** HMAC key for legacy SSE message URLs (deriveSessionKey of the shared secret key). */
  sessionKey: Buffer;
  callTimeoutMs?: number;
  maxResponseBytes?: number;
  maxResponseHeaders?: number;
  /** Silence on a client event stream before a keep-alive comment (0: none). */
  keepAliveMs?: number;
  legacySessionSeconds?: number;
  /** Most messages in one JSON-RPC batch. */
  maxBatch?: number;
  bus?: SessionBus;
  log?: GatewayLog;
  /** Who created each task (createTaskOwners); without it the relay refuses tasks. */
  tasks?: TaskOwners;
  /** Rate limits (createMemoryRateLimiter, createRedisRateLimiter); none when absent. */
  limiter?: RateLimiter;
  /** Where each request's outcome goes (the audit writer, the metrics; see teeSinks). */
  audit?: AuditSink;
  /** Capture redacted request and response payloads in audit records (off by default). */
  auditPayloads?: boolean;
  auditPayloadMaxChars?: number;
  /** The inventory's pins and drift (observe every list, hide or block drifted servers); relays everything when absent. */
  guard?: CapabilityGuard;
  /** Governance blocks (createServerBlocks); nothing is blocked when absent. */
  blocks?: GatewayBlocks;
}

export interface Gateway {
  readonly settings: RelaySettings;
  /** POST, GET or DELETE on a streamable HTTP endpoint. */
  streamableHttp(call: RelayCall): Promise<void>;
  /** GET on a legacy SSE endpoint; `messagePath` is where the client will POST. */
  sseStream(call: RelayCall & { messagePath: string }): Promise<void>;
  /** POST to the message URL handed out on the SSE stream. */
  sseMessage(call: RelayCall & { session: string }): Promise<void>;
}

export const GATEWAY_DEFAULTS = {
  callTimeoutMs: 300_000,
  maxResponseBytes: 8 * 1024 * 1024,
  maxResponseHeaders: 64,
  keepAliveMs: 25_000,
  legacySessionSeconds: 86_400,
  maxBatch: 100,
  auditPayloadMaxChars: 16_384,
};

export function createGateway(options: GatewayOptions): Gateway {
  const settings: RelaySettings = {
    policy: options.policy,
    checkUrl: options.checkUrl,
    dispatcher: options.dispatcher,
    sessionKey: options.sessionKey,
    callTimeoutMs: options.callTimeoutMs ?? GATEWAY_DEFAULTS.callTimeoutMs,
    maxResponseBytes: options.maxResponseBytes ?? GATEWAY_DEFAULTS.maxResponseBytes,
    maxResponseHeaders: options.maxResponseHeaders ?? GATEWAY_DEFAULTS.maxResponseHeaders,
    keepAliveMs: options.keepAliveMs ?? GATEWAY_DEFAULTS.keepAliveMs,
    legacySessionSeconds: options.legacySessionSeconds ?? GATEWAY_DEFAULTS.legacySessionSeconds,
    maxBatch: options.maxBatch ?? GATEWAY_DEFAULTS.maxBatch,
    bus: options.bus ?? createLocalSessionBus(),
    log: options.log ?? { warn() {} },
    ...(options.limiter ? { limiter: options.limiter } : {}),
    ...(options.tasks ? { tasks: options.tasks } : {}),
    ...(options.audit ? { audit: options.audit } : {}),
    auditPayloads: options.auditPayloads ?? false,
    auditPayloadMaxChars: options.auditPayloadMaxChars ?? GATEWAY_DEFAULTS.auditPayloadMaxChars,
    guard: options.guard ?? RELAY_EVERYTHING,
    blocks: options.blocks ?? NOTHING_BLOCKED,
  };
  return {
    settings,
    streamableHttp: (call) => relayStreamableHttp(settings, call),
    sseStream: (call) => relaySseStream(settings, call),
    sseMessage: (call) => relaySseMessage(settings, call),
  };
}
