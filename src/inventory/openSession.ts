/**
 * The session era (2025-03-26 … 2025-11-25 streamable HTTP): `initialize` with
 * the newest version the SDK speaks, `notifications/initialized`, then requests
 * carrying `Mcp-Session-Id` and `MCP-Protocol-Version`; the session is DELETEd
 * at the end. A 400, 404 or 405 answering `initialize` means the URL is not a
 * streamable HTTP endpoint (null: try legacy HTTP+SSE).
 */
import { discard, openHttp, statusFailure } from './openHttp.js';
import { postJsonRpc } from './postJsonRpc.js';
import type { ProbeContext } from './probeContext.js';
import { answerOfPost, handshakeFields, type ProbeSession } from './probeSession.js';
import { initializeParams, negotiatedVersion } from './legacyVersions.js';

const FALLBACK_STATUSES = new Set([400, 404, 405]);
/** The DELETE goes out after a failure too (the probe's signal may have fired), on its own short clock. */
const CLOSE_TIMEOUT_MS = 2_000;

export interface SessionRefusal {
  status: number;
}

export async function openSession(ctx: ProbeContext, url: URL): Promise<ProbeSession | SessionRefusal> {
  const init = await postJsonRpc(ctx, url, { id: ctx.nextId(), method: 'initialize', params: initializeParams(ctx) }, {});
  if (FALLBACK_STATUSES.has(init.status)) return { status: init.status };
  const { version, result } = negotiatedVersion(answerOfPost(url, 'initialize', init), url.host);
  const sessionHeader = init.headers['mcp-session-id'];
  const sessionId = typeof sessionHeader === 'string' && /^[\x21-\x7e]+$/.test(sessionHeader) ? sessionHeader : undefined;
  const headers: Record<string, string> = { 'mcp-protocol-version': version, ...(sessionId ? { 'mcp-session-id': sessionId } : {}) };
  const session: ProbeSession = {
    era: 'session',
    protocolVersion: version,
    ...handshakeFields(result, url.host),
    async request(method, params = {}) {
      return answerOfPost(url, method, await postJsonRpc(ctx, url, { id: ctx.nextId(), method, params }, headers));
    },
    async close() {
      if (!sessionId) return;
      try {
        const answer = await openHttp(ctx, url, { method: 'DELETE', headers, signal: AbortSignal.timeout(CLOSE_TIMEOUT_MS) });
        discard(answer);
      } catch {
        // Best effort: a server that cannot take the DELETE expires the session itself.
      }
    },
  };
  try {
    const initialized = await postJsonRpc(ctx, url, { method: 'notifications/initialized' }, headers);
    if (initialized.status < 200 || initialized.status >= 300) throw statusFailure(url, initialized.status, 'notifications/initialized');
  } catch (err) {
    await session.close();
    throw err;
  }
  return session;
}
