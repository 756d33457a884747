/**
 * The gateway's own connection pool to upstream MCP servers: the outbound
 * guard's address policy on every connection (resolved and checked, then
 * connected to that address), TLS always verified (against the configured CA
 * bundle when there is one), bounded response headers,
 * and no body timeout (event streams are long; the relay bounds calls itself).
 * Sized for many concurrent streams, which each hold a connection.
 */
import { Agent } from 'undici';
import { type AddressPolicy, createGuardedLookup } from '../outbound/index.js';

export interface UpstreamAgentOptions {
  policy: AddressPolicy;
  /** Another policy for some host names (the internal remotes' listed names). */
  policyFor?(hostname: string): AddressPolicy | undefined;
  /** Connections per upstream origin. */
  connections?: number;
  /** Time to wait for an upstream's response headers. */
  headersTimeoutMs?: number;
  /** Largest total size of an upstream's response headers. */
  maxHeaderBytes?: number;
  /** The certificate authorities upstream TLS connections trust (loadCaBundle); Node's bundled roots when absent. */
  ca?: string[];
}

export function createUpstreamAgent(options: UpstreamAgentOptions): Agent {
  return new Agent({
    connections: options.connections ?? 1024,
    connect: { lookup: createGuardedLookup(options.policy, options.policyFor), rejectUnauthorized: true, ...(options.ca ? { ca: options.ca } : {}) },
    headersTimeout: options.headersTimeoutMs ?? 300_000,
    bodyTimeout: 0,
    maxHeaderSize: options.maxHeaderBytes ?? 16_384,
  });
}
