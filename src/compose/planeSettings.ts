/**
 * Each plane's settings, built from the configuration: a plane's `create*` takes its own
 * options type and never the whole Config, so a plane does not depend on the settings
 * it does not read (and the configuration module on no plane).
 */
import type { Config } from '../config.js';
import type { GatewayAuditSettings } from '../operations/index.js';
import type { OwnershipVerifierSettings } from '../catalog/index.js';
import type { DirectorySettings } from '../access/index.js';

export function gatewayAuditSettings(config: Config): GatewayAuditSettings {
  return {
    gatewayAuditQueueSize: config.gatewayAuditQueueSize,
    gatewayAuditOverflow: config.gatewayAuditOverflow,
    gatewayAuditFlushMs: config.gatewayAuditFlushMs,
    gatewayAuditRetentionDays: config.gatewayAuditRetentionDays,
    gatewayAuditPayloads: config.gatewayAuditPayloads,
    gatewayRateLimits: config.gatewayRateLimits,
    gatewayRateLimitFailure: config.gatewayRateLimitFailure,
    redisUrl: config.redisUrl,
    redisKeyPrefix: config.redisKeyPrefix,
  };
}

export function apiTokensSettings(config: Config): { tokenMaxDays: number } {
  return { tokenMaxDays: config.tokenMaxDays };
}

export function ownershipVerifierSettings(config: Config): OwnershipVerifierSettings {
  return {
    verifyPackages: config.verifyPackages,
    npmRegistryUrls: config.npmRegistryUrls,
    pypiRegistryUrls: config.pypiRegistryUrls,
    nugetRegistryUrls: config.nugetRegistryUrls,
    ociRegistries: config.ociRegistries,
    mcpbHosts: config.mcpbHosts,
  };
}

export function directorySettings(config: Config): DirectorySettings {
  return { adminUsers: config.adminUsers, localPeople: config.localPeople, oidcIssuer: config.oidcIssuer, oidcClientId: config.oidcClientId, oidcClientSecret: config.oidcClientSecret };
}
