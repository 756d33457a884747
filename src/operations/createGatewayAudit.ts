/**
 * The gateway's rate limiter, audit writer and metrics, composed from the
 * configuration: in-memory limits for one process, or Redis-backed ones shared
 * by every process when `redisUrl` is set (and there are rules at all); the
 * batched audit writer; and the metrics, both fed as one audit sink. With
 * `retention`, old audit rows are also deleted in the background
 * (gatewayAuditRetentionDays). `close()` stops that, writes the queued records
 * and lets go of Redis.
 */
import type { Registry } from 'prom-client';
import {
  createAuditWriter,
  type AuditWriter,
  startAuditRetention,
  type AuditRetention,
  type AuditRetentionOptions,
  createMemoryRateLimiter,
  createRedisRateLimiter,
  teeSinks,
  type AuditSink,
  type RateLimiter,
  type RateLimitRule,
} from '../gateway/index.js';
import type { Db } from '../store/index.js';
import { createGatewayMetrics } from './gatewayMetrics.js';

export interface GatewayAudit {
  writer: AuditWriter;
  limiter?: RateLimiter;
  /** The retention sweep, when it runs. */
  retention?: AuditRetention;
  /** Spread into createGateway's options. */
  gatewayOptions: { audit: AuditSink; auditPayloads: boolean; limiter?: RateLimiter };
  close(): Promise<void>;
}

/** The settings the audit and rate limits read, built from the configuration by the composition. */
export interface GatewayAuditSettings {
  gatewayAuditQueueSize: number;
  gatewayAuditOverflow: 'refuse' | 'drop';
  gatewayAuditFlushMs: number;
  gatewayAuditRetentionDays: number;
  gatewayAuditPayloads: boolean;
  gatewayRateLimits: readonly RateLimitRule[];
  gatewayRateLimitFailure: 'open' | 'closed';
  redisUrl?: string | undefined;
  redisKeyPrefix: string;
}

export function createGatewayAudit(options: {
  config: GatewayAuditSettings;
  db: Db;
  registry: Registry;
  /** Certificate authorities for a `rediss://` rate-limit store (TOOLSHED_CA_FILE). */
  ca?: string[];
  log: { warn(details: Record<string, unknown>, message: string): void; info?(details: Record<string, unknown>, message: string): void };
  /** Delete audit rows past gatewayAuditRetentionDays in the background (`toolshed serve`), with these timings (tests shorten them). */
  retention?: Pick<AuditRetentionOptions, 'intervalMs' | 'firstSweepDelayMs'>;
}): GatewayAudit {
  const { config } = options;
  const writer = createAuditWriter({ db: options.db, maxQueue: config.gatewayAuditQueueSize, overflow: config.gatewayAuditOverflow, flushMs: config.gatewayAuditFlushMs, log: options.log });
  const retention = options.retention ? startAuditRetention({ db: options.db, retentionDays: config.gatewayAuditRetentionDays, log: options.log, ...options.retention }) : undefined;
  const metrics = createGatewayMetrics(options.registry, { auditDropped: () => writer.dropped, auditDeleted: () => retention?.deleted ?? 0 });
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
            ...(options.ca ? { ca: options.ca } : {}),
            log: options.log,
          })
        : createMemoryRateLimiter({ rules });
  return {
    writer,
    ...(limiter ? { limiter } : {}),
    ...(retention ? { retention } : {}),
    gatewayOptions: { audit: teeSinks(writer, metrics)!, auditPayloads: config.gatewayAuditPayloads, ...(limiter ? { limiter } : {}) },
    async close() {
      await retention?.stop();
      await writer.close();
      await limiter?.close?.();
    },
  };
}
