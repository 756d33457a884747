/**
 * An upstream's `Mcp-Session-Id`, bound to the connection that opened it. The
 * client is handed `<upstream id>.<tag>`, the tag an HMAC under the replicas'
 * shared session key of the connection (for a `/gateway/{server}` route: the
 * caller and the server) and the id. On each request the tag is checked against
 * the connection the request came through and the upstream's own id is
 * forwarded, so any replica can check it without the store, and a session id
 * someone else learnt is, on their own connection, an unknown session.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RelayCall } from './relayContext.js';

/** 16 bytes of HMAC-SHA256, base64url. */
const TAG_CHARS = 22;

/** What a request presented, for answers that hand the same session back. */
const presented = new WeakMap<IncomingMessage, { upstream: string; sealed: string }>();

function bindingOf(call: RelayCall): string {
  return call.connection ? `connection\n${call.connection.id}` : `caller\n${call.caller.id}\n${call.upstream.server}`;
}

function tagOf(key: Buffer, binding: string, id: string): string {
  return createHmac('sha256', key).update(`mcp-session\n${binding}\n${id}`).digest().subarray(0, 16).toString('base64url');
}

function sealSessionId(key: Buffer, call: RelayCall, upstreamId: string): string {
  return `${upstreamId}.${tagOf(key, bindingOf(call), upstreamId)}`;
}

/** The upstream's session id `sealed` names, unchecked (for the audit of a refused one: the session someone tried). */
export function sessionNamed(sealed: string): string {
  const dot = sealed.length - TAG_CHARS - 1;
  return dot >= 1 && sealed[dot] === '.' ? sealed.slice(0, dot) : sealed;
}

/** The upstream's session id inside `sealed`, or null when it was not handed out on this call's connection. */
function openSessionId(key: Buffer, call: RelayCall, sealed: string): string | null {
  const dot = sealed.length - TAG_CHARS - 1;
  if (dot < 1 || sealed[dot] !== '.') return null;
  const id = sealed.slice(0, dot);
  const given = Buffer.from(sealed.slice(dot + 1));
  const expected = Buffer.from(tagOf(key, bindingOf(call), id));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

/**
 * Replaces the session id the client sent by the upstream's own, for everything
 * after (the upstream request, the audit). False when the request names a
 * session this connection was not given: the caller answers 404.
 */
export function openClientSession(key: Buffer, call: RelayCall): boolean {
  const sealed = call.req.headers['mcp-session-id'];
  if (sealed === undefined) return true;
  if (typeof sealed !== 'string') return false;
  const upstream = openSessionId(key, call, sealed);
  if (upstream === null) return false;
  call.req.headers['mcp-session-id'] = upstream;
  presented.set(call.req, { upstream, sealed });
  return true;
}

/** The client's answer headers with the upstream's session id sealed to this connection. */
export function sealUpstreamSession(key: Buffer, call: RelayCall, headers: Record<string, string>): Record<string, string> {
  const id = headers['mcp-session-id'];
  if (id === undefined) return headers;
  const known = presented.get(call.req);
  // The session the request named, handed back as it was presented (no second HMAC).
  headers['mcp-session-id'] = known?.upstream === id ? known.sealed : sealSessionId(key, call, id);
  return headers;
}
