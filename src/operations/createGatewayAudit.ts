/**
 * The gateway's rate limiter, audit writer and metrics, composed from the
 * configuration: in-memory limits for one process, or Redis-backed ones shared
 * by every process when `redisUrl` is set (and there are rules at all); the
 * batched audit writer; and the metrics, both fed as one audit sink. `close()`
 * writes the queued records and lets go of Redis.
 */
import type { Registry } from 'prom-client';
import type { Config } from '../config.js';
import { createAuditWriter, type AuditWriter } from '../gateway/createAuditWriter.js';
import { createMemoryRateLimiter, createRedisRateLimiter, teeSinks, type AuditSink, type RateLimiter } from '../gateway/index.js';
import type { Db } from '../store/index.js';
import { createGatewayMetrics } from './gatewayMetrics.js';

export interface GatewayAudit {
  writer: AuditWriter;
  limiter?: RateLimiter;
  /** Spread into createGateway's options. */
  gatewayOptions: { audit: AuditSink; auditPayloads: boolean; limiter?: RateLimiter };
  close(): Promise<void>;
}

export function createGatewayAudit(options: {
  config: Config;
  db: Db;
  registry: Registry;
  log: { warn(details: Record<string, unknown>, message: string): void };
}): GatewayAudit {
  const { config } = options;
  const writer = createAuditWriter({ db: options.db, maxQueue: config.gatewayAuditQueueSize, flushMs: config.gatewayAuditFlushMs, log: options.log });
  const metrics = createGatewayMetrics(options.registry, { auditDropped: () => writer.dropped });
  const rules = config.gatewayRateLimits;
  const limiter: RateLimiter | undefined =
    rules.length === 0
      ? undefined
      : config.redisUrl
        ? createRedisRateLimiter({
            rules,
            url: config.redisUrl,
            keyPrefix: `${config.redisKeyPrefix}ratelimit:`,
            onFailure: config.gatewayRateLimitFailure,
            log: options.log,
          })
        : createMemoryRateLimiter({ rules });
  return {
    writer,
    ...(limiter ? { limiter } : {}),
    gatewayOptions: { audit: teeSinks(writer, metrics)!, auditPayloads: config.gatewayAuditPayloads, ...(limiter ? { limiter } : {}) },
    async close() {
      await writer.close();
      await limiter?.close?.();
    },
  };
}
