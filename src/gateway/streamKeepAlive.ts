/**
 * Keep-alive comments on event streams towards clients. Load balancers and
 * proxies between a client and Toolshed close connections that carry nothing
 * for a while (often 60 s), which ends an idle listen stream or a long tool call
 * for no reason. Every `intervalMs`, a stream on which nothing was written since
 * the last look gets an SSE comment (`: keep-alive`), which every SSE parser
 * ignores. The relay writes whole events only, so a comment always lands between
 * events; none is written while the socket is still draining.
 */
import type { ServerResponse } from 'node:http';

export const KEEP_ALIVE_COMMENT = ': keep-alive\n\n';

/** Starts the comments on `res`; they stop when the response ends or closes. */
export function keepStreamAlive(res: ServerResponse, intervalMs: number): void {
  if (intervalMs <= 0) return;
  let seen = res.socket?.bytesWritten ?? 0;
  const timer = setInterval(() => {
    const socket = res.socket;
    if (!socket || res.writableEnded || res.destroyed) return stop();
    const written = socket.bytesWritten;
    if (written === seen && !res.writableNeedDrain) res.write(KEEP_ALIVE_COMMENT);
    seen = socket.bytesWritten;
  }, intervalMs);
  timer.unref();
  const stop = () => clearInterval(timer);
  res.once('close', stop);
  res.once('finish', stop);
}
