/**
 * Each plane's settings, built from the configuration: a plane's `create*` takes its own
 * options type and never the whole Config, so a plane does not depend on the settings
 * it does not read (and the configuration module on no plane).
 */
import type { Config } from '../config.js';
import type { GatewayAuditSettings } from '../operations/index.js';
import type { OwnershipVerifierSettings } from '../catalog/index.js';
import type { DirectorySettings, ProofMethodSettings, SignInSettings } from '../access/index.js';
import type { AdminTokenSettings } from '../instanceKeys.js';

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

/** Built once per registry: the `dns` and `http` proofs key their shared replay guard on it. */
export function proofMethodSettings(config: Config): ProofMethodSettings {
  return {
    anonymousAuth: config.anonymousAuth,
    githubAuth: config.githubAuth,
    githubApiUrl: config.githubApiUrl,
    githubOidcIssuer: config.githubOidcIssuer,
    githubOidcAudience: config.githubOidcAudience,
    oidcIssuer: config.oidcIssuer,
    oidcClientId: config.oidcClientId,
    oidcClaimRules: config.oidcClaimRules,
    dnsAuth: config.dnsAuth,
    dnsServers: config.dnsServers,
    httpAuth: config.httpAuth,
  };
}

export function signInSettings(config: Config): SignInSettings {
  return {
    oidcIssuer: config.oidcIssuer,
    oidcClientId: config.oidcClientId,
    oidcClientSecret: config.oidcClientSecret,
    oidcScopes: config.oidcScopes,
    oidcGroupMappings: config.oidcGroupMappings,
    publicUrl: config.publicUrl,
    sessionTtlSeconds: config.sessionTtlSeconds,
    sessionIdleSeconds: config.sessionIdleSeconds,
    sessionCookieSecure: config.sessionCookieSecure,
    outboundAllowHttp: config.outboundAllowHttp,
  };
}

export function adminTokenSettings(config: Config): AdminTokenSettings {
  return { adminToken: config.adminToken, dataDir: config.dataDir };
}
