/**
 * Wires the planes together from one configuration: store → catalog → HTTP app.
 * Used by `toolshed serve`, the tests and the benchmarks alike, so all three run
 * the same composition.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { createBearerAuthenticator, createRegistryTokens, loadSigningKeys } from './access/index.js';
import { enabledProofMethods } from './access/publisherAuth/index.js';
import type { AccessPolicy } from './access/accessPolicy.js';
import { registryBearerResolver } from './access/bearerResolvers.js';
import type { CredentialResolver } from './access/caller.js';
import { createIdentifyCaller } from './access/identifyCaller.js';
import { createSignIn, sessionResolver, signInConfigured, SignInConfigError } from './access/signIn/index.js';
import { applyAccessRulesFile } from './access/applyAccessRulesFile.js';
import { createAccessInspector } from './access/createAccessInspector.js';
import { createAccessPolicy, type ManagedAccessPolicy } from './access/createAccessPolicy.js';
import { createApiTokens, type ApiTokens } from './access/apiTokens.js';
import { apiTokenResolver } from './access/apiTokenResolver.js';
import { createDirectory, type DirectoryAdmin } from './access/createDirectory.js';
import { createRequestContextCache, type RequestContextCache } from './access/requestContextCache.js';
import { createAddressPolicy, createInternalRemotes, createOutbound, loadCaBundle, type InternalRemotes, type Outbound } from './outbound/index.js';
import { memoizeUrlCheck } from './outbound/memoizeUrlCheck.js';
import { createCatalog, type Catalog } from './catalog/index.js';
import { createOwnershipVerifier } from './catalog/ownership/index.js';
import { createFederation, createSecretBox, loadSecretKey, type Federation } from './federation/index.js';
import { startSyncScheduler } from './federation/syncScheduler.js';
import { ConfigError, type Config } from './config.js';
import { UnavailableError } from './errors.js';
import { closeApp } from './http/closeApp.js';
import { buildApp } from './http/buildApp.js';
import type { LogSink } from './http/prettyLogStream.js';
import { createTaskOwners } from './gateway/taskOwners.js';
import { createGateway, createSharedSessionBus, createUpstreamAgent, deriveSessionKey, policyFromAccess, type GatewayPolicy, type SharedSessionBus } from './gateway/index.js';
import { createGatewayConnections, type GatewayConnections } from './gateway/gatewayConnections.js';
import { createUpstreamSecrets, type UpstreamSecrets } from './gateway/upstreamSecrets.js';
import { discoverableServer } from './gateway/discoverableServer.js';
import { catalogServerFinder } from './gateway/catalogServerFinder.js';
import { deriveIdentityKey } from './gateway/identityHeaders.js';
import { serverMatcher } from './gateway/serverMatcher.js';
import { createGatewayAudit, type GatewayAudit } from './operations/createGatewayAudit.js';
import { applyConfiguredSources } from './operations/applyConfiguredSources.js';
import { createMetrics } from './operations/metrics.js';
import { trackSyncs } from './operations/trackSyncs.js';
import { listGatewayCalls, openStore, summarizeGatewayUsage, type Store } from './store/index.js';
import { toolshedVersion } from './toolshedVersion.js';
import { makeDataDir } from './makeDataDir.js';

export interface Toolshed {
  config: Config;
  store: Store;
  catalog: Catalog;
  /** Upstream sources, sync and curation. */
  federation: Federation;
  /** The guarded client for every server-side fetch. */
  outbound: Outbound;
  /** The access rules: the decision point and their management. */
  accessPolicy: ManagedAccessPolicy;
  app: FastifyInstance;
  /** People, groups and memberships. */
  directory: DirectoryAdmin;
  /** Personal and service tokens. */
  apiTokens: ApiTokens;
  /** Gateway connections (per-user MCP URLs). */
  connections: GatewayConnections;
  /** Credentials the gateway injects towards upstream servers. */
  upstreamSecrets: UpstreamSecrets;
  /** The gateway's rate limiter, audit writer and metrics (when the gateway is on). */
  gatewayAudit?: GatewayAudit;
  /** Tokens, people, connections and upstream credentials as requests see them, invalidated by every write. */
  contextCache: RequestContextCache;
  /** The admin token in force, and where it came from. */
  admin: { token: string; source: 'config' | 'file' | 'generated'; file?: string };
  close(): Promise<void>;
}

/**
 * The admin token: from configuration, else the one kept in the data directory,
 * else a new random one written there (0600) so a fresh install has a way in.
 */
export function resolveAdminToken(config: Config): Toolshed['admin'] {
  if (config.adminToken) return { token: config.adminToken, source: 'config' };
  makeDataDir(config.dataDir);
  const file = join(config.dataDir, 'admin-token');
  if (existsSync(file)) return { token: readFileSync(file, 'utf8').trim(), source: 'file', file };
  const token = `tsa_${randomBytes(32).toString('base64url')}`;
  writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return { token, source: 'generated', file };
}

/** The package registries publishers may name and the internal remotes, from configuration (the official rules otherwise). */
export function validationOptions(config: Config) {
  return {
    allowedRegistryBaseUrls: {
      npm: config.npmRegistryUrls,
      pypi: config.pypiRegistryUrls,
      nuget: config.nugetRegistryUrls,
    },
    ...(config.internalRemotes.length ? { internalRemotes: createInternalRemotes(config.internalRemotes) } : {}),
  };
}

export interface ToolshedOptions {
  /**
   * Background work (`toolshed serve`; off elsewhere so nothing syncs or deletes by surprise):
   * sync sources on their intervals, and delete gateway audit rows past gatewayAuditRetentionDays.
   */
  schedule?: boolean;
  /** Timings of the audit retention sweep, when `schedule` runs it (tests shorten them). */
  auditRetention?: { intervalMs?: number; firstSweepDelayMs?: number };
  /**
   * Test hooks of the gateway (always on at /mcp/{connection}): a policy in
   * place of the access rules', and the direct `/gateway/{server}/…` routes for
   * any signed-in caller with these upstream headers. `toolshed serve` gives none.
   */
  gateway?: { policy?: GatewayPolicy; upstreamHeaders?(server: string): Record<string, string> };
  /**
   * How long the gateway keeps what a connection and a credential resolved to
   * (RESOLVED_CALL_MAX_AGE_MS, a second, by default). Tests lengthen it, so only
   * the invalidations can explain a change seen on the next message.
   */
  resolvedCallMaxAgeMs?: number;
  /** Decide catalog visibility with this policy instead of the stored rules (tests and benchmarks). */
  accessPolicy?: AccessPolicy;
  /**
   * Bearer resolvers asked before the built-in ones. For tests and benchmarks only
   * (they pass in a resolver of made-up users); never set from configuration.
   */
  extraResolvers?: CredentialResolver[];
  /** Where log lines go instead of standard output (tests read them). */
  logStream?: LogSink;
  /** The built web UI's directory, served at `/` (`toolshed serve` passes web/dist when it is built). */
  webUiDir?: string;
}

/** The URL when it names an internal remote (scheme and host listed), which the public rules do not judge; undefined otherwise. */
function internalRemoteUrl(internal: InternalRemotes, input: string | URL): URL | undefined {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return undefined;
  }
  return internal.permits(url.protocol, url.hostname) ? url : undefined;
}

/** The CA bundle of TOOLSHED_CA_FILE (with Node's roots), read before anything starts; undefined when unset. */
export function trustedAuthorities(config: Config): string[] | undefined {
  if (!config.caFile) return undefined;
  try {
    return loadCaBundle(config.caFile);
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  TOOLSHED_CA_FILE (caFile): ${(err as Error).message}`);
  }
}

export async function createToolshed(config: Config, options: ToolshedOptions = {}): Promise<Toolshed> {
  const ca = trustedAuthorities(config);
  const admin = resolveAdminToken(config);
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
  });
  const outbound = createOutbound({ allow: config.outboundAllow, allowHttp: config.outboundAllowHttp, ...(ca ? { ca } : {}) });
  const catalog = createCatalog({
    store,
    cacheBytes: config.responseCacheMb * 1024 * 1024,
    validation: validationOptions(config),
    ...(config.verifyPackages.length ? { verifyOwnership: createOwnershipVerifier(config, outbound) } : {}),
  });
  const secretKeyHex = loadSecretKey({ configured: config.secretKey, dataDir: config.dataDir });
  const secretBox = createSecretBox(secretKeyHex);
  // The internal remotes widen the gateway's connections only; every other fetch keeps the outbound guard's policy.
  const internalRemotes = createInternalRemotes(config.internalRemotes, config.outboundAllow);
  const upstreamAgent = createUpstreamAgent({
    policy: internalRemotes.ranges.length ? createAddressPolicy({ allow: [...config.outboundAllow, ...internalRemotes.ranges] }) : outbound.policy,
    policyFor: internalRemotes.policyFor,
    headersTimeoutMs: config.gatewayCallTimeoutSeconds * 1000,
    ...(ca ? { ca } : {}),
  });
  const federation = createFederation({ store, catalog, outbound, secretBox });
  let stopListening: (() => Promise<void>) | undefined;
  let stopAccessListening: (() => Promise<void>) | undefined;
  let stopContextListening: (() => Promise<void>) | undefined;
  let log: FastifyInstance['log'] | undefined;
  const contextCache = createRequestContextCache({ store, onError: (err) => log?.error({ err }, 'telling other replicas about an access change failed; their caches catch up within 10 s') });
  let sessionBus: SharedSessionBus | undefined;
  let reloadFailed = (_err: unknown): void => {};
  let gatewayAudit: GatewayAudit | undefined;
  try {
    stopListening = await catalog.listen();
    // Subscribed before anything is cached, so no invalidation can be missed.
    stopContextListening = await contextCache.listen();
    const directory = createDirectory({ store, config, contextCache });
    const accessPolicy = await createAccessPolicy({
      store,
      // The groups sign-in mappings name count as known, so a rules file may name them before anyone signs in.
      knownGroups: async () => {
        const names = await directory.knownGroups();
        for (const m of config.oidcGroupMappings) if (m.group) names.add(m.group);
        return names;
      },
      defaultEffect: config.accessDefaultEffect,
      onReloadError: (err) => reloadFailed(err),
    });
    stopAccessListening = await accessPolicy.listen();
    if (config.accessRulesFile) await applyAccessRulesFile(accessPolicy, config.accessRulesFile);
    await accessPolicy.reload();
    const keys = loadSigningKeys({
      seedHex: config.registryJwtKey,
      previousSeedsHex: config.registryJwtPreviousKeys,
      dataDir: config.dataDir,
    });
    const tokens = createRegistryTokens({ keys, ttlSeconds: config.registryTokenTtlSeconds });
    const methods = enabledProofMethods(config, { outbound });
    await applyConfiguredSources(federation, config.federationSources);
    // The API and the schedule sync through one tracker: a second run is refused, and outcomes are counted.
    const tracked = trackSyncs(federation);
    const authenticate = createBearerAuthenticator({ adminToken: admin.token, tokens });
    const apiTokens = createApiTokens({ store, directory, config, contextCache, onError: (err, what) => log?.error({ err }, `${what} failed`) });
    let signIn;
    try {
      signIn = signInConfigured(config) ? createSignIn({ config, db: store.db, directory, outbound, secretBox }) : undefined;
    } catch (err) {
      throw err instanceof SignInConfigError ? new ConfigError(`Invalid configuration: ${err.message}`) : err;
    }
    const identifyCaller = createIdentifyCaller({
      bearer: [...(options.extraResolvers ?? []), apiTokenResolver(apiTokens), registryBearerResolver(authenticate, (token) => token.split('.').length === 3)],
      ambient: signIn ? [sessionResolver(signIn, directory)] : [],
    });
    const metrics = createMetrics({ db: store.db, federation: tracked });
    // Rate limits, the audit writer and the gateway's metrics, handed to the relay as two narrow hooks.
    gatewayAudit = createGatewayAudit({
      config,
      db: store.db,
      registry: metrics.registry,
      log: { warn: (details, message) => log?.warn(details, message), info: (details, message) => log?.info(details, message) },
      ...(options.schedule ? { retention: options.auditRetention ?? {} } : {}),
    });
    // The gateway: connections, their credentials, and the relay deciding with the access rules.
    // Legacy SSE sessions span replicas on PostgreSQL; SQLite has one process, so the local bus suffices.
    if (store.name === 'postgres') sessionBus = await createSharedSessionBus(store);
    const { findServer, sourceOf } = catalogServerFinder(catalog);
    const upstreamSecrets = createUpstreamSecrets({ store, secretBox, serverExists: async (name) => (await findServer(name)) !== undefined, contextCache });
    const connections = createGatewayConnections({ store, access: accessPolicy, findServer, secrets: upstreamSecrets, contextCache });
    const gateway = {
      gateway: createGateway({
        policy: options.gateway?.policy ?? policyFromAccess(accessPolicy, sourceOf),
        checkUrl: memoizeUrlCheck((url) => internalRemoteUrl(internalRemotes, url) ?? outbound.checkUrl(url)),
        dispatcher: upstreamAgent,
        sessionKey: deriveSessionKey(secretKeyHex),
        callTimeoutMs: config.gatewayCallTimeoutSeconds * 1000,
        maxResponseBytes: config.gatewayMaxResponseMb * 1024 * 1024,
        keepAliveMs: config.gatewayKeepAliveSeconds * 1000,
        maxBatch: config.gatewayMaxBatch,
        tasks: createTaskOwners(store.db),
        ...(sessionBus ? { bus: sessionBus } : {}),
        log: { warn: (details, message) => log?.warn(details, message) },
        ...gatewayAudit.gatewayOptions,
      }),
      findServer,
      connections,
      secrets: upstreamSecrets,
      directory,
      // A connection's resolution is as fresh as the request-context cache and the catalog (both counters only grow).
      resolvedCalls: {
        generation: () => contextCache.generation + catalog.cache.generation,
        ...(options.resolvedCallMaxAgeMs !== undefined ? { maxAgeMs: options.resolvedCallMaxAgeMs } : {}),
      },
      ...(config.publicUrl ? { publicOrigin: new URL(config.publicUrl).origin } : {}),
      allowedOrigins: config.gatewayAllowedOrigins,
      ...(config.gatewayIdentityHeaders.length
        ? {
            identity: {
              key: config.gatewayIdentityKey ? Buffer.from(config.gatewayIdentityKey, 'hex') : deriveIdentityKey(secretKeyHex),
              appliesTo: serverMatcher(config.gatewayIdentityHeaders),
            },
          }
        : {}),
      ...(options.gateway ? { serverRoutes: options.gateway.upstreamHeaders ? { upstreamHeaders: options.gateway.upstreamHeaders } : {} } : {}),
    };
    const app = await buildApp({
      catalogVisibility: config.catalogVisibility,
      accessPolicy: options.accessPolicy ?? accessPolicy,
      federation: tracked,
      metrics,
      catalog,
      identifyCaller,
      access: { directory, apiTokens },
      publisherAuth: { tokens, methods, blockedNamespaces: config.blockedNamespaces },
      accessRules: { policy: accessPolicy, inspector: createAccessInspector({ store, policy: accessPolicy }) },
      cacheMaxAge: config.cacheMaxAge,
      logLevel: config.logLevel,
      logFormat: config.logFormat,
      ...(options.logStream ? { logStream: options.logStream } : {}),
      headersTimeoutMs: config.headersTimeoutSeconds * 1000,
      requestTimeoutMs: config.requestTimeoutSeconds * 1000,
      version: toolshedVersion(),
      gateway,
      gatewayApi: { connections: { connections, findServer, publicUrl: config.gatewayUrl ?? config.publicUrl }, secrets: { secrets: upstreamSecrets, discoverable: async (caller, name) => (await discoverableServer(findServer, accessPolicy, caller, name)) !== undefined } },
      gatewayAudit: {
        list: (filter, limit) => listGatewayCalls({ tx: store.db, filter, limit }),
        usage: (query) => summarizeGatewayUsage({ tx: store.db, query }),
      },
      ...(config.githubClientId ? { githubClientId: config.githubClientId } : {}),
      signIn: { signIn, directory },
      ...(options.webUiDir ? { webUiDir: options.webUiDir } : {}),
      async checkHealth() {
        try {
          await sql`SELECT 1`.execute(store.db);
        } catch (err) {
          throw new UnavailableError('STORE_UNAVAILABLE', 'The registry database is unavailable right now; retry shortly.', undefined, { cause: err });
        }
      },
    });
    reloadFailed = (err) => app.log.error({ err }, 'reloading the access rules failed; the previous rules stay in force');
    log = app.log;
    const scheduler = options.schedule ? startSyncScheduler({ federation: tracked, log: app.log }) : undefined;
    return {
      config,
      store,
      catalog,
      federation,
      outbound,
      accessPolicy,
      app,
      directory,
      apiTokens,
      connections,
      upstreamSecrets,
      contextCache,
      admin,
      ...(gatewayAudit ? { gatewayAudit } : {}),
      async close() {
        // Relayed streams end when their upstream connections go, so the app can finish closing;
        // connections still open after the grace (a silent client) are cut.
        await upstreamAgent.destroy();
        await closeApp(app, config.shutdownGraceSeconds * 1000);
        // Relayed exchanges have ended: their records are queued, and are written before the store closes.
        await gatewayAudit?.close();
        // The schedule stops starting runs at once; closing the federation stops the runs in progress.
        await Promise.all([scheduler?.stop(), federation.close()]);
        await stopListening?.();
        await stopAccessListening?.();
        await stopContextListening?.();
        await sessionBus?.close();
        await apiTokens.lastUsesWritten();
        await store.close();
        await outbound.close();
      },
    };
  } catch (err) {
    await upstreamAgent.destroy();
    await gatewayAudit?.close();
    await stopListening?.();
    await stopAccessListening?.();
    await stopContextListening?.();
    await sessionBus?.close();
    await store.close();
    await outbound.close();
    throw err;
  }
}
