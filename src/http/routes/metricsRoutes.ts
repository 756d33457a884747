/**
 * `GET /metrics`: the Prometheus exposition of this app, on the API's own port and
 * without authentication (it names sources and counts, never documents or secrets);
 * keep it off the public internet with the proxy or network policy in front.
 */
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../operations/index.js';

export function metricsRoutes(app: FastifyInstance, options: { metrics: Metrics }, done: () => void): void {
  app.get(
    '/metrics',
    {
      schema: {
        operationId: 'metrics',
        tags: ['service'],
        summary: 'Prometheus metrics: federation status per source and catalog counts',
      },
    },
    async (_request, reply) =>
      reply
        .header('content-type', options.metrics.contentType)
        .header('cache-control', 'no-store')
        .send(await options.metrics.render()),
  );
  done();
}
