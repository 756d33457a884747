/**
 * The floor the runtime sets: a minimal reverse proxy in plain Node (node:http
 * in front, undici's dispatch to the upstream, as the gateway uses), with no
 * authentication, policy, limits or audit. It streams the upstream's answer
 * chunk by chunk with backpressure, like the gateway and nginx with buffering
 * off. The gateway figure is read against it to tell the gateway's own cost
 * from what any Node proxy pays on the same machine. Proxies BENCH_ECHO_URL's
 * origin and prints `{"address":…}` (its URL for the upstream's path).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, type Dispatcher } from 'undici';

const upstream = new URL(process.env.BENCH_ECHO_URL ?? '');
const agent = new Agent({ connections: 1024, headersTimeout: 300_000, bodyTimeout: 0 });
/** Hop-by-hop headers (and the length, which the response recomputes) stay behind. */
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'te', 'trailer', 'upgrade', 'proxy-authorization', 'proxy-authenticate']);

function forward(req: IncomingMessage, res: ServerResponse, body: Buffer | undefined): void {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (!HOP.has(name) && name !== 'host' && typeof value === 'string') headers[name] = value;
  const handler: Dispatcher.DispatchHandler = {
    // undici takes a handler in its current form (onRequestStart…) only when it has this method.
    onRequestStart() {},
    onResponseStart(controller, status, upstreamHeaders) {
      const out: Record<string, string> = {};
      for (const [name, value] of Object.entries(upstreamHeaders)) if (!HOP.has(name) && typeof value === 'string') out[name] = value;
      res.writeHead(status, out);
      res.on('drain', () => controller.resume());
      // Only a client gone before the answer ended stops the upstream request (an Error per call would cost more than the relay).
      res.once('close', () => {
        if (!res.writableFinished) controller.abort(new Error('client gone'));
      });
    },
    onResponseData(controller, chunk) {
      if (!res.write(chunk)) controller.pause();
    },
    onResponseEnd() {
      res.end();
    },
    onResponseError() {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    },
  };
  agent.dispatch({ origin: upstream.origin, path: req.url ?? '/', method: (req.method ?? 'GET') as Dispatcher.HttpMethod, headers, ...(body ? { body } : {}) }, handler);
}

const server = createServer((req, res) => {
  if (req.method === 'GET' || req.method === 'DELETE') return forward(req, res, undefined);
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => forward(req, res, Buffer.concat(chunks)));
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ address: `http://127.0.0.1:${(server.address() as AddressInfo).port}${upstream.pathname}` })}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
