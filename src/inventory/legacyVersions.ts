/** The handshake versions the session era and HTTP+SSE speak: the SDK's, newest first. */
import { LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import type { ProbeContext } from './probeContext.js';
import { ProbeError } from './probeError.js';
import type { RpcAnswer } from './rpcMessage.js';

export { LATEST_PROTOCOL_VERSION };

export function initializeParams(ctx: ProbeContext): Record<string, unknown> {
  return { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: ctx.clientInfo };
}

/** The version an `initialize` result names, when the SDK speaks it; otherwise `protocol` (an error answer too). */
export function negotiatedVersion(answer: RpcAnswer, host: string): { version: string; result: Record<string, unknown> } {
  if (answer.error) throw new ProbeError('protocol', `${host} answered initialize with JSON-RPC error ${answer.error.code}: ${answer.error.message}`);
  const version = answer.result.protocolVersion;
  if (typeof version !== 'string' || !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) {
    throw new ProbeError('protocol', `${host} answered initialize with protocol version ${JSON.stringify(String(version).slice(0, 40))}, which the probe does not speak`);
  }
  return { version, result: answer.result };
}
