/**
 * What every relay handler is given: the gateway's settings and collaborators
 * (one object, built once by createGateway), and per request the Node request
 * and response, the raw body, the resolved upstream and the caller.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import type { Caller } from '../access/index.js';
import type { AuditSink } from './auditSink.js';
import type { CapabilityGuard } from './capabilityGuard.js';
import type { GatewayPolicy } from './gatewayPolicy.js';
import type { GatewayBlocks } from './serverBlocks.js';
import type { RateLimiter } from './rateLimiter.js';
import type { SessionBus } from './sessionBus.js';
import type { TaskOwners } from './taskOwners.js';
import type { Upstream } from './upstream.js';

export interface GatewayLog {
  warn(details: Record<string, unknown>, message: string): void;
}

export interface RelaySettings {
  policy: GatewayPolicy;
  /** The outbound guard's URL check (scheme, blocked literal addresses): the URL when permitted (may be shared: read it, never change it); throws otherwise. */
  checkUrl(url: string | URL): Readonly<URL>;
  /** The guarded upstream pool (createUpstreamAgent). */
  dispatcher: Dispatcher;
  /** Longest a POST (a tool call, including its event stream) may take. */
  callTimeoutMs: number;
  /** Silence on an event stream towards a client before a keep-alive comment, in ms (0: none). */
  keepAliveMs: number;
  /** Largest JSON (non-stream) response relayed, and largest single SSE event. */
  maxResponseBytes: number;
  maxResponseHeaders: number;
  /** Most messages in one POST (a JSON-RPC batch); a larger batch is refused whole. */
  maxBatch: number;
  /** HMAC key for legacy SSE session tokens. */
  sessionKey: Buffer;
  /** How long a legacy SSE message URL stays valid. */
  legacySessionSeconds: number;
  bus: SessionBus;
  log: GatewayLog;
  /** Who created each task (tasks/* answered for their creator only); tasks are refused when absent. */
  tasks?: TaskOwners;
  /** Rate limits, checked before a request is forwarded (none when absent). */
  limiter?: RateLimiter;
  /** Where each request's outcome is reported (audit, metrics); nothing is tracked when absent. */
  audit?: AuditSink;
  /** Capture redacted request and response payloads in audit records. */
  auditPayloads: boolean;
  /** Longest captured payload, in characters. */
  auditPayloadMaxChars: number;
  /** Pins and drift: sees every relayed list, and says whether a drifted server's items are hidden or the server blocked. */
  guard: CapabilityGuard;
  /** Servers a moderator blocked (or whose trust is `blocked`): refused at the next message, from memory. */
  blocks: GatewayBlocks;
}

export interface RelayCall {
  req: IncomingMessage;
  res: ServerResponse;
  /** The raw request body (POST). */
  body?: Buffer;
  upstream: Upstream;
  caller: Caller;
  /** The connection the request came through (gateway connections). */
  connection?: { id: string; label: string };
  /** A POST: the session's listen streams being opened when it arrived, which it must not overtake (see listenOpenings.ts). */
  after?: Promise<void>;
  /** A GET listen stream: tells the POSTs waiting for it that the upstream has answered it. */
  listenOpened?: () => void;
}
