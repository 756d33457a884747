/**
 * POST /v0.1/publish throughput with the admin token: full validation, the
 * per-name lock and one transaction per document. Every request carries a new
 * document (fresh names), so each one is a real insert.
 */
import autocannon from 'autocannon';
import type { Doc } from './catalogFixture.js';

export interface PublishThroughput {
  clients: number;
  documents: number;
  docsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

export async function publishThroughput(address: string, token: string, docs: Doc[], clients: number): Promise<PublishThroughput> {
  const bodies = docs.map((d) => JSON.stringify(d));
  let next = 0;
  const result = await autocannon({
    url: `${address}/v0.1/publish`,
    connections: clients,
    amount: bodies.length,
    timeout: 30,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    requests: [
      {
        setupRequest(request) {
          // Past the end (autocannon may prepare one request too many) repeat the last: a 400 duplicate, counted apart.
          request.body = bodies[Math.min(next++, bodies.length - 1)]!;
          return request;
        },
      },
    ],
  });
  return {
    clients,
    documents: result['2xx'],
    docsPerSec: Math.round(result['2xx'] / result.duration),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
