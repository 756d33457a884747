/**
 * One relayed HTTP exchange as the audit sees it: the requests it carried, each
 * tracked by id from arrival to outcome, so every request ends in exactly one
 * record however the exchange ends (answered, denied, limited, failed, timed
 * out, or the client gone). Built only when an audit sink is configured; all
 * the work it adds is a few map operations and, with payload capture on, the
 * redaction.
 */
import type { ServerResponse } from 'node:http';
import type { AuditSink, CallOutcome, GatewayCallRecord } from './auditSink.js';
import { errorResponse, idKey, INTERNAL_ERROR, isObject, type JsonObject, type JsonRpcId, type JsonRpcRequest } from './jsonRpc.js';
import { headerValue } from './proxyHeaders.js';
import { redactPayload } from './redactPayload.js';
import type { RelayCall, RelaySettings } from './relayContext.js';
import { sendJson, UpstreamFailure } from './relayIo.js';
import type { AbortState } from './relayLifetime.js';
import { sha256Hex } from '../sha256Hex.js';

const MAX_MESSAGE_CHARS = 500;

interface Track {
  request: JsonRpcRequest;
  requestBytes: number;
  done: boolean;
}

const nowMicros = () => Math.round((performance.timeOrigin + performance.now()) * 1000);

/** The tool, prompt or resource a request names, for the audit and the tool-scoped limits. */
export function targetName(request: JsonRpcRequest): string | undefined {
  const p = request.params;
  if (!isObject(p)) return undefined;
  switch (request.method) {
    case 'tools/call':
    case 'prompts/get':
      return typeof p.name === 'string' ? p.name : undefined;
    case 'resources/read':
    case 'resources/subscribe':
    case 'resources/unsubscribe':
      return typeof p.uri === 'string' ? p.uri : undefined;
    default:
      return undefined;
  }
}

function clientOf(request: JsonRpcRequest): GatewayCallRecord['client'] {
  if (request.method !== 'initialize' || !isObject(request.params)) return undefined;
  const info = request.params.clientInfo;
  if (!isObject(info) || typeof info.name !== 'string') return undefined;
  return { name: info.name.slice(0, 200), ...(typeof info.version === 'string' ? { version: info.version.slice(0, 100) } : {}) };
}

const clip = (text: string) => (text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS - 1)}…` : text);

/** How an upstream failure ends the requests still waiting. */
export function failureOutcome(failure: UpstreamFailure, signal: AbortState, res: ServerResponse): CallOutcome {
  if ((signal.aborted && !(signal.reason instanceof UpstreamFailure)) || (res.destroyed && !res.writableFinished)) return 'disconnected';
  return failure.status === 504 ? 'timeout' : 'error';
}

export class ExchangeAudit {
  private readonly at = nowMicros();
  private readonly started = performance.now();
  private readonly tracks = new Map<string, Track>();
  private session: string | undefined;

  constructor(
    private readonly sink: AuditSink,
    private readonly s: RelaySettings,
    private readonly call: RelayCall,
  ) {
    this.session = headerValue(call.req.headers, 'mcp-session-id');
  }

  /** The session id the upstream assigned (on initialize), when the client had none yet. */
  upstreamSession(headers: Record<string, string | string[] | undefined>): void {
    if (this.session === undefined) {
      const id = headers['mcp-session-id'];
      if (typeof id === 'string') this.session = id;
    }
  }

  /** A request the gateway forwards: it is recorded when its answer (or failure) comes. */
  track(request: JsonRpcRequest, requestBytes: number): void {
    this.tracks.set(idKey(request.id), { request, requestBytes, done: false });
  }

  /** Stops tracking a request (it was answered here after all, e.g. rate-limited). */
  untrack(id: JsonRpcId): void {
    this.tracks.delete(idKey(id));
  }

  /** A request answered by the gateway itself. */
  refused(request: JsonRpcRequest, requestBytes: number, outcome: CallOutcome, answer: { error: { code: number; message: string } }, why?: string): void {
    this.emit(request, requestBytes, outcome, {
      errorCode: answer.error.code,
      errorMessage: why ?? answer.error.message,
      responseBytes: Buffer.byteLength(JSON.stringify(answer)),
      response: answer,
    });
  }

  /** A response from the upstream; ignored unless it answers a tracked request. */
  answered(response: JsonObject & { id: JsonRpcId }, responseBytes: number): void {
    const track = this.tracks.get(idKey(response.id));
    if (!track || track.done) return;
    track.done = true;
    const error = isObject(response.error) ? response.error : undefined;
    // A tool that ran and failed answers a result with isError: the call did not do its job.
    const toolFailed = !error && isObject(response.result) && response.result.isError === true;
    this.emit(track.request, track.requestBytes, error || toolFailed ? 'error' : 'ok', {
      ...(error && typeof error.code === 'number' ? { errorCode: error.code } : {}),
      ...(error && typeof error.message === 'string' ? { errorMessage: error.message } : {}),
      ...(toolFailed ? { errorMessage: 'the tool reported an error (isError)' } : {}),
      responseBytes,
      response,
    });
  }

  /** Every tracked request still waiting ends so (upstream failure, client gone, no answer; or `ok` when the upstream accepted it without an answer here). */
  endRest(outcome: CallOutcome, message?: string, code?: number): void {
    const errorCode = code ?? (outcome === 'error' || outcome === 'timeout' ? INTERNAL_ERROR : undefined);
    for (const track of this.tracks.values()) {
      if (track.done) continue;
      track.done = true;
      this.emit(track.request, track.requestBytes, outcome, {
        ...(errorCode !== undefined ? { errorCode } : {}),
        ...(message !== undefined ? { errorMessage: message } : {}),
        responseBytes: 0,
      });
    }
  }

  /** The one waiting request's answer was relayed without being read (a plain JSON result). */
  answeredUnread(responseBytes: number): void {
    for (const track of this.tracks.values()) {
      if (track.done) continue;
      track.done = true;
      this.emit(track.request, track.requestBytes, 'ok', { responseBytes });
    }
  }

  /** True while some tracked request has no outcome yet. */
  get waiting(): boolean {
    for (const track of this.tracks.values()) if (!track.done) return true;
    return false;
  }

  /** An exchange that is not one request: a refused connect, an event stream, a DELETE. */
  whole(method: string, outcome: CallOutcome, details: { responseBytes?: number; errorCode?: number; errorMessage?: string } = {}): void {
    this.sink.record(
      this.record({
        method,
        outcome,
        errorCode: details.errorCode,
        errorMessage: details.errorMessage,
        requestBytes: this.call.body?.length ?? 0,
        responseBytes: details.responseBytes ?? 0,
      }),
    );
  }

  private elapsed(): number {
    return Math.max(1, Math.round((performance.now() - this.started) * 1000));
  }

  private sessionHash: string | undefined;
  private hashedSession: string | undefined;

  /** SHA-256 (hex, first 32) of the session id, computed once per session id; undefined without one. */
  private hashOfSession(): string | undefined {
    if (this.session === undefined) return undefined;
    if (this.hashedSession !== this.session) {
      this.hashedSession = this.session;
      this.sessionHash = sha256Hex(this.session).slice(0, 32);
    }
    return this.sessionHash;
  }

  /** A record of this exchange, in the one shape every record has (absent values undefined): the writer and the metrics read it on every call. */
  private record(f: {
    method: string;
    target?: string | undefined;
    client?: GatewayCallRecord['client'];
    outcome: CallOutcome;
    errorCode?: number | undefined;
    errorMessage?: string | undefined;
    requestBytes: number;
    responseBytes: number;
    jsonrpcId?: string | undefined;
  }): GatewayCallRecord {
    const { caller, connection, upstream } = this.call;
    return {
      at: this.at,
      principal: { id: caller.id, label: caller.label, via: caller.via },
      connection,
      client: f.client,
      server: upstream.server,
      method: f.method,
      target: f.target,
      outcome: f.outcome,
      errorCode: f.errorCode,
      errorMessage: f.errorMessage !== undefined ? clip(f.errorMessage) : undefined,
      durationMicros: this.elapsed(),
      requestBytes: f.requestBytes,
      responseBytes: f.responseBytes,
      jsonrpcId: f.jsonrpcId,
      sessionHash: this.hashOfSession(),
      ...(upstream.instance !== undefined ? { instance: upstream.instance } : {}),
    };
  }

  private emit(request: JsonRpcRequest, requestBytes: number, outcome: CallOutcome, details: { errorCode?: number; errorMessage?: string; responseBytes: number; response?: unknown }): void {
    const target = targetName(request);
    const id = request.id;
    const record = this.record({
      method: request.method.length > 200 ? request.method.slice(0, 200) : request.method,
      target: target !== undefined && target.length > 1000 ? target.slice(0, 1000) : target,
      client: request.method === 'initialize' ? clientOf(request) : undefined,
      outcome,
      errorCode: details.errorCode,
      errorMessage: details.errorMessage,
      requestBytes,
      responseBytes: details.responseBytes,
      jsonrpcId: typeof id === 'number' ? String(id) : JSON.stringify(id).slice(0, 200),
    });
    if (this.s.auditPayloads) {
      const secrets = Object.values(this.call.upstream.headers);
      record.requestPayload = redactPayload(request, secrets, this.s.auditPayloadMaxChars);
      if (details.response !== undefined) record.responsePayload = redactPayload(details.response, secrets, this.s.auditPayloadMaxChars);
    }
    this.sink.record(record);
  }
}

/**
 * Refuses the exchange (503, Retry-After) while the audit cannot take the
 * records it would make, so no relayed call goes unrecorded; true when refused.
 */
export function refusedForAudit(s: RelaySettings, res: ServerResponse): boolean {
  const wait = s.audit?.busy?.();
  if (!wait) return false;
  const message = `The gateway cannot record calls right now (its audit log is behind); retry in ${wait} s`;
  sendJson(res, 503, errorResponse(null, INTERNAL_ERROR, message), { 'retry-after': String(wait) });
  return true;
}

/** The exchange's audit, or undefined when no sink is configured (nothing is built then). */
export function auditExchange(s: RelaySettings, call: RelayCall): ExchangeAudit | undefined {
  return s.audit ? new ExchangeAudit(s.audit, s, call) : undefined;
}
