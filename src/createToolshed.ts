/**
 * Wires the planes together from one configuration: store → catalog → HTTP app.
 * Used by `toolshed serve`, the tests and the benchmarks alike, so all three run
 * the same composition.
 */
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import {
  createBearerAuthenticator,
  createRegistryTokens,
  enabledProofMethods,
  type AccessPolicy,
  registryBearerResolver,
  type CredentialResolver,
  createIdentifyCaller,
  createSignIn,
  sessionResolver,
  signInConfigured,
  SignInConfigError,
  applyAccessRulesFile,
  createAccessInspector,
  createAccessPolicy,
  type ManagedAccessPolicy,
  createApiTokens,
  type ApiTokens,
  apiTokenResolver,
  createDirectory,
  type DirectoryAdmin,
  createRequestContextCache,
  type RequestContextCache,
} from './access/index.js';
import { createAddressPolicy, createInternalRemotes, createOutbound, loadCaBundle, type InternalRemotes, type Outbound, memoizeUrlCheck } from './outbound/index.js';
import { catalogViewFor, createCatalog, type Catalog, createOwnershipVerifier } from './catalog/index.js';
import { createModeration, createServerBlocks, type Moderation, type ServerBlocks } from './governance/index.js';
import { createFederation, createSecretBox, type Federation, startSyncScheduler } from './federation/index.js';
import { ConfigError, type Config } from './config.js';
import { UnavailableError } from './errors.js';
import { closeApp } from './http/closeApp.js';
import { buildApp } from './http/buildApp.js';
import type { LogSink } from './http/prettyLogStream.js';
import {
  createTaskOwners,
  createGateway,
  createSharedSessionBus,
  createUpstreamAgent,
  deriveSessionKey,
  policyFromAccess,
  type GatewayPolicy,
  type SharedSessionBus,
  createGatewayConnections,
  type GatewayConnections,
  createUpstreamSecrets,
  type UpstreamSecrets,
  createToolMarks,
  discoverableServer,
  catalogServerFinder,
  deriveIdentityKey,
  serverMatcher,
  type FindCatalogServer,
} from './gateway/index.js';
import { createGatewayAudit, type GatewayAudit, applyConfiguredSources, createMetrics, createWebhookSender, trackSyncs, type WebhookSender } from './operations/index.js';
import { createAttention, createNotifications, type Attention, type Notifications } from './governance/index.js';
import { findUser, listGatewayCalls, openStore, summarizeGatewayUsage, type Store, type Tx } from './store/index.js';
import { toolshedVersion } from './toolshedVersion.js';
import { loadInstanceKeys, type AdminToken, type InstanceKeys } from './instanceKeys.js';
import { createParts, type Part } from './compose/createParts.js';
import { createPinsAndDrift, type PinsAndDrift, type ProbeReport } from './inventory/index.js';
import { createForegroundLoad, createInventory, startProbeSchedule, type Inventory, type ProbePacing } from './inventory/index.js';
import { createReviews, type Reviews } from './governance/index.js';
import { apiTokensSettings, directorySettings, gatewayAuditSettings, ownershipVerifierSettings, proofMethodSettings, signInSettings } from './compose/planeSettings.js';
import { createServerGovernance, type ServerGovernance } from './governance/index.js';
import { parseRecertifyDays } from './schemas/recertifyDays.js';
import {
  HOSTED_DOMAIN,
  createPackagePreparer,
  createReviewPackageCheck,
  preparerOptionsOf,
  createHostedDispatcher,
  createHostedInstances,
  createHostingSettingsStore,
  hostablePackage,
  type HostedInstances,
  type HostingSettingsStore,
  type PackagePreparer,
} from './hosting/index.js';
import { createHostedProbes } from './compose/hostedProbes.js';
import { createHostedUpstreams } from './compose/hostedUpstreams.js';

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
  /** Probes, capability snapshots and health (docs/inventory.md). */
  inventory: Inventory;
  /** The gateway's rate limiter, audit writer and metrics (when the gateway is on). */
  gatewayAudit?: GatewayAudit;
  /** Tokens, people, connections and upstream credentials as requests see them, invalidated by every write. */
  contextCache: RequestContextCache;
  /** The admin token in force, and where it came from. */
  admin: AdminToken;
  /** Pins, drift actions and drift events; the gateway's capability guard. */
  drift: PinsAndDrift;
  /** Hosted package servers (issue #22): this process's instances and the per-server settings. */
  hosting: { instances: HostedInstances; settings: HostingSettingsStore };
  /** Reports and moderation, and the blocks the gateway refuses (docs/governance.md). */
  governance: { moderation: Moderation; blocks: ServerBlocks };
  /** The one webhook sender (drift and governance receivers) and its delivery log. */
  webhooks: WebhookSender;
  /** Governance notifications: the relay from the registry audit log, owner notifications. */
  notifications: Notifications;
  /** "Needs attention" and its job (re-certification due, digest). */
  attention: Attention;
  /** Trust levels, owners and re-certification of servers (issue #21). */
  serverGovernance: ServerGovernance;
  /** Fetches, verifies and caches package servers for hosting (docs/hosting.md, "Preparation"). */
  packagePreparer: PackagePreparer;
  close(): Promise<void>;
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
  /**
   * Probe each version published or mirrored, once committed (never blocking the
   * publish). Defaults to `schedule`, which also probes on the schedule and sweeps
   * old health readings.
   */
  probeNewVersions?: boolean;
  /** Timings of the probe schedule, when `schedule` runs it (tests shorten them). */
  probeSchedule?: { tickMs?: number; firstRunDelayMs?: number; sweepMs?: number };
  /** The probe pacing's clock, timer and cost meter, in place of the real ones (tests move time); the request count's window reads the same clock. */
  probePacing?: Omit<ProbePacing, 'busy' | 'share'>;
  /** Timings of the webhook sender, the governance relay and the attention job, when `schedule` runs them (tests shorten them). */
  notifications?: { deliveryIntervalMs?: number; retryBaseMs?: number; relayIntervalMs?: number; settleMs?: number; attentionIntervalMs?: number };
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
  /** Prepares packages for hosted instances instead of the configured registries' preparer (tests pass one for a package on disk). */
  hostingPreparer?: PackagePreparer;
}

/**
 * The URL when it names a hosted instance's bridge (`http://<instance>.hosted.toolshed.invalid/mcp`),
 * which the hosting dispatcher connects to that instance's Unix socket, never to a network address.
 */
function hostedBridgeUrl(input: string | URL): URL | undefined {
  const url = new URL(input);
  return url.protocol === 'http:' && url.hostname.endsWith(`.${HOSTED_DOMAIN}`) && !url.username && !url.password ? url : undefined;
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
  // Every part opened below is added here; shutdown, and a start-up failing half-way, close them newest first.
  const parts = createParts();
  const outbound = parts.add(part(createOutbound({ allow: config.outboundAllow, allowHttp: config.outboundAllowHttp, ...(ca ? { ca } : {}) })));
  let store: Store;
  let keys: InstanceKeys;
  try {
    store = parts.add(part(await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize })));
    // Shared through the database on PostgreSQL, so every replica holds the same keys.
    keys = await loadInstanceKeys(store, config);
  } catch (err) {
    await parts.closeAll();
    throw err;
  }
  const { admin, secretKeyHex } = keys;
  // Versions published or mirrored are handed to the inventory, which is built later (it needs the gateway's secrets).
  let versionsAdded = (_versions: Array<{ name: string; version?: string }>): void => {};
  // A trust level changed here (a reviewer or a curation): the access policy, built later, reloads its trust map.
  let trustChanged = (): void => {};
  const probeNewVersions = options.probeNewVersions ?? options.schedule ?? false;
  // The review lifecycle (issue #21) needs the catalog, the inventory and the drift watch: the last two are bound once they exist.
  let probeForReview = (_server: string, _version: string): Promise<ProbeReport> => Promise.reject(new Error('the inventory is not running yet'));
  let pinForReview = (_input: { server: string; snapshotId: number; by: string }): Promise<unknown> => Promise.reject(new Error('the drift watch is not running yet'));
  // A review decision on a mirrored version recomputes its name's rows through the federation (pins and latest), bound once it exists.
  let rematerialize = async (_tx: Tx, _names: string[]): Promise<void> => {};
  const catalog = createCatalog({
    onPublished: (v: { name: string; version: string }) => {
      if (probeNewVersions) versionsAdded([v]);
      reviews.published(v);
    },
    startReview: (tx, submission) => {
      return reviews.start(tx, submission);
    },
    rematerializeMirrored: (tx, name) => rematerialize(tx, [name]),
    store,
    cacheBytes: config.responseCacheMb * 1024 * 1024,
    validation: validationOptions(config),
    ...(config.verifyPackages.length ? { verifyOwnership: createOwnershipVerifier(ownershipVerifierSettings(config), outbound) } : {}),
  });
  // One preparer (one cache, one in-flight map) for review and the hosted instances.
  const packagePreparer = createPackagePreparer(preparerOptionsOf(config, outbound, { warn: (details, message) => log?.warn(details, message) }));
  const reviews: Reviews = createReviews({
    store,
    catalog,
    defaultAction: config.reviewDefault,
    ownershipChecked: config.verifyPackages.length > 0,
    ...(config.packagePrepareAtReview ? { packages: createReviewPackageCheck({ preparer: packagePreparer, store }) } : {}),
    ...(probeNewVersions ? { probe: (server: string, version: string) => probeForReview(server, version) } : {}),
    // A hosted package's version is probed and scanned at review too, through a shared-values instance (src/compose/hostedProbes.ts).
    probeHostedPackages: config.hosting && config.packagePrepareAtReview,
    pin: (input) => pinForReview(input),
    log: { warn: (details, message) => log?.warn(details, message) },
  });
  const secretBox = createSecretBox(secretKeyHex);
  // The internal remotes widen the gateway's connections only; every other fetch keeps the outbound guard's policy.
  const internalRemotes = createInternalRemotes(config.internalRemotes, config.outboundAllow);
  const upstreamAgent = createUpstreamAgent({
    policy: internalRemotes.ranges.length ? createAddressPolicy({ allow: [...config.outboundAllow, ...internalRemotes.ranges] }) : outbound.policy,
    policyFor: internalRemotes.policyFor,
    headersTimeoutMs: config.gatewayCallTimeoutSeconds * 1000,
    ...(ca ? { ca } : {}),
  });
  // Closed on a failed start-up; at shutdown the app's close destroys it first (below), and a second destroy is a no-op.
  parts.add({ value: upstreamAgent, close: () => upstreamAgent.destroy() });
  // The schedule stops starting runs at shutdown; closing the federation stops the runs in progress.
  const federation = parts.add(
    part(
      createFederation({
        store,
        catalog,
        outbound,
        secretBox,
        onTrustChanged: () => trustChanged(),
        startReview: (tx, submission) => reviews.startMirrored(tx, submission),
        onMaterialized: (names: string[]) => {
          if (probeNewVersions) versionsAdded(names.map((name) => ({ name })));
          reviews.mirroredCommitted(names);
        },
      }),
    ),
  );
  rematerialize = (tx, names) => federation.rematerialize(tx, names);
  let log: FastifyInstance['log'] | undefined;
  const contextCache = createRequestContextCache({ store, onError: (err) => log?.error({ err }, 'telling other replicas about an access change failed; their caches catch up within 10 s') });
  let reloadFailed = (_err: unknown): void => {};
  try {
    parts.add(listening(await catalog.listen()));
    // Subscribed before anything is cached, so no invalidation can be missed.
    parts.add(listening(await contextCache.listen()));
    const directory = createDirectory({ store, config: directorySettings(config), contextCache });
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
    parts.add(listening(await accessPolicy.listen()));
    const knownGroups = async () => {
      const names = await directory.knownGroups();
      for (const m of config.oidcGroupMappings) if (m.group) names.add(m.group);
      return names;
    };
    trustChanged = () => {
      accessPolicy.reloadTrust().catch((err: unknown) => reloadFailed(err));
    };
    const recertifyDays = parseRecertifyDays(config.recertifyDays);
    const governance = createServerGovernance({
      store,
      recertifyDays: recertifyDays.ok ? recertifyDays.value : {},
      knownGroups,
      governanceChanged: (names) => {
        catalog.governanceChanged(names);
        // A trust of `blocked` is refused by the gateway: this replica's block set learns it at once (others by notification).
        for (const name of names) void blocks.changed(name);
      },
      trustChanged: () => trustChanged(),
    });
    if (config.accessRulesFile) await applyAccessRulesFile(accessPolicy, config.accessRulesFile);
    await accessPolicy.reload();
    const tokens = createRegistryTokens({ keys: keys.signingKeys, ttlSeconds: config.registryTokenTtlSeconds });
    const methods = enabledProofMethods(proofMethodSettings(config), { outbound });
    await applyConfiguredSources(federation, config.federationSources);
    // The API and the schedule sync through one tracker: a second run is refused, and outcomes are counted.
    const tracked = trackSyncs(federation);
    const authenticate = createBearerAuthenticator({ adminToken: admin.token, tokens });
    const apiTokens = createApiTokens({ store, directory, config: apiTokensSettings(config), contextCache, onError: (err, what) => log?.error({ err }, `${what} failed`) });
    // Token uses still being recorded are written before the store closes.
    parts.add({ value: apiTokens, close: () => apiTokens.lastUsesWritten() });
    let signIn;
    try {
      const settings = signInSettings(config);
      signIn = signInConfigured(settings) ? createSignIn({ config: settings, db: store.db, directory, outbound, secretBox }) : undefined;
    } catch (err) {
      throw err instanceof SignInConfigError ? new ConfigError(`Invalid configuration: ${err.message}`) : err;
    }
    const identifyCaller = createIdentifyCaller({
      bearer: [...(options.extraResolvers ?? []), apiTokenResolver(apiTokens), registryBearerResolver(authenticate, (token) => token.split('.').length === 3)],
      ambient: signIn ? [sessionResolver(signIn, directory)] : [],
    });
    const metrics = createMetrics({ db: store.db, federation: tracked });
    // Rate limits, the audit writer and the gateway's metrics, handed to the relay as two narrow hooks.
    // Relayed exchanges have ended when it closes (after the app): their records are queued, and are written before the store closes.
    const gatewayAudit = parts.add(
      part(
        createGatewayAudit({
          config: gatewayAuditSettings(config),
          db: store.db,
          registry: metrics.registry,
          ...(ca ? { ca } : {}),
          log: { warn: (details, message) => log?.warn(details, message), info: (details, message) => log?.info(details, message) },
          ...(options.schedule ? { retention: options.auditRetention ?? {} } : {}),
        }),
      ),
    );
    // The gateway: connections, their credentials, and the relay deciding with the access rules.
    // Legacy SSE sessions span replicas on PostgreSQL; SQLite has one process, so the local bus suffices.
    const sessionBus: SharedSessionBus | undefined = store.name === 'postgres' ? parts.add(part(await createSharedSessionBus(store))) : undefined;
    const { findServer, sourceOf } = catalogServerFinder(catalog);
    const upstreamSecrets = createUpstreamSecrets({ store, secretBox, findServer, contextCache, ...(config.hosting ? { hosted: (doc: object) => hostablePackage(doc) !== undefined } : {}) });
    // Hosted package servers: per-server settings, this process's instances, and the gateway's route to their bridges.
    const hostingSettings = createHostingSettingsStore({
      db: store.db,
      serverExists: async (name) => (await findServer(name)) !== undefined,
      async personalInputsOf(name) {
        const server = await findServer(name);
        const pkg = server && hostablePackage(server.doc);
        const shared = new Set((await upstreamSecrets.list(name, null)).map((s) => s.name));
        return (pkg?.environmentVariables ?? []).filter((v) => v.isSecret && !shared.has(v.name)).map((v) => v.name);
      },
    });
    const hostedInstances = parts.add(
      part(
        createHostedInstances({
          enabled: config.hosting,
          dataDir: config.dataDir,
          preparer: options.hostingPreparer ?? packagePreparer,
          settingsOf: (server) => hostingSettings.settingsOf(server),
          maxInstances: config.hostingMaxInstances,
          maxPerServer: config.hostingMaxPerServer,
          idleSeconds: config.hostingIdleSeconds,
          startTimeoutSeconds: config.hostingStartTimeoutSeconds,
          memoryMb: config.hostingMemoryMb,
          maxProcesses: config.hostingMaxProcesses,
          version: toolshedVersion().version,
          registry: metrics.registry,
          log: { info: (details, message) => log?.info(details, message), warn: (details, message) => log?.warn(details, message) },
        }),
      ),
    );
    const gatewayDispatcher = config.hosting ? createHostedDispatcher(upstreamAgent, (id) => hostedInstances.socketOf(id)) : upstreamAgent;
    // The inventory probes a hosted-only version through its instance's bridge URL, connected by the same hosting dispatcher.
    // Only with preparation at review on: otherwise publishing a package-only version downloads and runs nothing.
    const hostedProbes =
      config.hosting && config.packagePrepareAtReview
        ? createHostedProbes(hostedInstances, {
            ...outbound,
            dispatcher: createHostedDispatcher(outbound.dispatcher, (id) => hostedInstances.socketOf(id)),
            checkUrl: (url, schemes) => {
              let bridge: URL | undefined;
              try {
                bridge = hostedBridgeUrl(url);
              } catch {
                bridge = undefined;
              }
              return bridge ?? outbound.checkUrl(url, schemes);
            },
          })
        : undefined;
    const foreground = createForegroundLoad(options.probePacing ? { now: options.probePacing.now } : {});
    const inventory = parts.add(
      part(
        createInventory({
          store,
          outbound,
          secretBox,
          sharedSecrets: upstreamSecrets,
          registry: metrics.registry,
          ...(hostedProbes ? { hosted: hostedProbes } : {}),
          settings: {
            intervalSeconds: config.probeIntervalSeconds,
            jitter: config.probeJitter,
            concurrency: config.probeConcurrency,
            timeoutSeconds: config.probeTimeoutSeconds,
            healthRetentionDays: config.healthRetentionDays,
            busyShare: config.probeBusyShare,
          },
          // Scheduled and publish-triggered probes yield to the requests this process serves (counted below, on the app's server).
          foreground,
          ...(options.probePacing ? { pacing: options.probePacing } : {}),
          // A new current snapshot changes the read API's `_meta` summary; the catalog drops its cached answers.
          capabilitiesChanged: (names) => catalog.capabilitiesChanged(names),
          log: { warn: (details, message) => log?.warn(details, message) },
        }),
      ),
    );
    versionsAdded = (versions) => inventory.versionsAdded(versions);
    if (config.driftWebhookUrl && !config.driftWebhookSecret)
      throw new ConfigError('Invalid configuration:\n  TOOLSHED_DRIFT_WEBHOOK_SECRET (driftWebhookSecret): required with TOOLSHED_DRIFT_WEBHOOK_URL');
    if (config.governanceWebhookUrl && !config.governanceWebhookSecret)
      throw new ConfigError('Invalid configuration:\n  TOOLSHED_GOVERNANCE_WEBHOOK_SECRET (governanceWebhookSecret): required with TOOLSHED_GOVERNANCE_WEBHOOK_URL');
    // One sender for every webhook receiver: drift and governance share the outbox, the signature and the backoff.
    const timings = options.notifications ?? {};
    const webhooks = parts.add(
      part(
        createWebhookSender({
          store,
          endpoints: {
            drift: config.driftWebhookUrl && config.driftWebhookSecret ? { url: config.driftWebhookUrl, secret: config.driftWebhookSecret } : undefined,
            governance: config.governanceWebhookUrl && config.governanceWebhookSecret ? { url: config.governanceWebhookUrl, secret: config.governanceWebhookSecret } : undefined,
          },
          fetch: (url, o) => outbound.fetch(url, o),
          ...(options.schedule ? { schedule: true } : {}),
          ...(timings.deliveryIntervalMs !== undefined ? { deliveryIntervalMs: timings.deliveryIntervalMs } : {}),
          ...(timings.retryBaseMs !== undefined ? { retryBaseMs: timings.retryBaseMs } : {}),
          log: { warn: (details, message) => log?.warn(details, message) },
        }),
      ),
    );
    const notifications = parts.add(
      part(
        createNotifications({
          store,
          settings: {
            webhook: Boolean(config.governanceWebhookUrl && config.governanceWebhookSecret),
            format: config.governanceWebhookFormat,
            events: config.governanceWebhookEvents,
            ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
          },
          enqueued: () => webhooks.kick(),
          ...(options.schedule ? { schedule: true } : {}),
          ...(timings.relayIntervalMs !== undefined ? { intervalMs: timings.relayIntervalMs } : {}),
          ...(timings.settleMs !== undefined ? { settleMs: timings.settleMs } : {}),
          log: { warn: (details, message) => log?.warn(details, message) },
        }),
      ),
    );
    const attention = parts.add(
      part(
        createAttention({
          store,
          notifications,
          unusedDays: config.attentionUnusedDays,
          unhealthyDays: config.attentionUnhealthyDays,
          digestHours: config.attentionDigestHours,
          ...(options.schedule ? { schedule: true } : {}),
          ...(timings.attentionIntervalMs !== undefined ? { intervalMs: timings.attentionIntervalMs } : {}),
          log: { warn: (details, message) => log?.warn(details, message) },
        }),
      ),
    );
    // Pins and drift: the guard the relay asks from memory, and the watch that turns new snapshots into drift events.
    const drift = parts.add(
      part(
        await createPinsAndDrift({
          store,
          inventory,
          defaultAction: config.driftAction,
          registry: metrics.registry,
          ...(config.driftWebhookUrl && config.driftWebhookSecret ? { webhook: { url: config.driftWebhookUrl, secret: config.driftWebhookSecret } } : {}),
          ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
          fetch: (url, o) => outbound.fetch(url, o),
          sender: webhooks,
          announce: (tx, d) =>
            notifications.announce(tx, {
              event: 'drift.detected',
              key: `drift:${d.id}`,
              server: d.server,
              version: d.version,
              actor: null,
              at: d.detectedAt,
              reason: null,
              summary: `drift.detected: ${d.server} ${d.version} (${d.changes} changes, severity ${d.severity}, action ${d.action})`,
              details: { driftEvent: d.id, via: d.via, severity: d.severity, action: d.action, changes: d.changes },
            }),
          log: { warn: (details, message) => log?.warn(details, message) },
        }),
      ),
    );
    // Blocks are held in memory for the relay: subscribed before the first load, so no change can be missed.
    const blocks = createServerBlocks({ store, log: { warn: (details, message) => log?.warn(details, message) } });
    parts.add(listening(await blocks.listen()));
    await blocks.reload();
    const moderation = createModeration({ store, catalog, blocks, reportsPerHour: config.reportsPerHour });
    // People's discovery (connect, "my servers", secrets, inventory) does not find a blocked server;
    // the relay still does, and refuses it with its own answer (GATEWAY_SERVER_BLOCKED).
    const findUnblocked: FindCatalogServer = async (name) => (blocks.blocked(name) ? undefined : findServer(name));
    probeForReview = (server, version) => inventory.probe(server, version);
    pinForReview = (input) => drift.watch.pin(input);
    const connections = createGatewayConnections({
      store,
      access: accessPolicy,
      findServer: findUnblocked,
      secrets: upstreamSecrets,
      contextCache,
      catalogVisibility: config.catalogVisibility,
      ...(config.hosting ? { hosts: (doc: object) => hostablePackage(doc) !== undefined } : {}),
    });
    const gateway = {
      gateway: createGateway({
        policy: options.gateway?.policy ?? policyFromAccess(accessPolicy, sourceOf),
        checkUrl: memoizeUrlCheck((url) => internalRemoteUrl(internalRemotes, url) ?? hostedBridgeUrl(url) ?? outbound.checkUrl(url)),
        dispatcher: gatewayDispatcher,
        sessionKey: deriveSessionKey(secretKeyHex),
        callTimeoutMs: config.gatewayCallTimeoutSeconds * 1000,
        maxResponseBytes: config.gatewayMaxResponseMb * 1024 * 1024,
        keepAliveMs: config.gatewayKeepAliveSeconds * 1000,
        maxBatch: config.gatewayMaxBatch,
        tasks: createTaskOwners(store.db),
        ...(sessionBus ? { bus: sessionBus } : {}),
        log: { warn: (details, message) => log?.warn(details, message) },
        ...gatewayAudit.gatewayOptions,
        guard: drift.guard,
        blocks,
      }),
      findServer,
      connections,
      secrets: upstreamSecrets,
      directory,
      ...(config.hosting ? { hosted: createHostedUpstreams(hostedInstances, hostingSettings) } : {}),
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
    const app: FastifyInstance = await buildApp({
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
      gatewayApi: {
        connections: {
          connections,
          findServer,
          discoverableServer: (caller, name) => discoverableServer(findUnblocked, accessPolicy, caller, name),
          publicUrl: config.gatewayUrl ?? config.publicUrl,
          toolMarks: createToolMarks({ store, access: accessPolicy, guard: drift.guard }),
          ...(config.hosting ? { hosts: (doc: object) => hostablePackage(doc) !== undefined } : {}),
        },
        secrets: { secrets: upstreamSecrets, discoverable: async (caller, name) => (await discoverableServer(findUnblocked, accessPolicy, caller, name)) !== undefined },
      },
      inventory: {
        inventory,
        discoverable: async (caller, name) => (await discoverableServer(findUnblocked, accessPolicy, caller, name)) !== undefined,
        driftState: (name) => drift.watch.state(name),
      },
      gatewayAudit: {
        list: (filter, limit) => listGatewayCalls({ tx: store.db, filter, limit }),
        usage: (query) => summarizeGatewayUsage({ tx: store.db, query }),
      },
      drift: { watch: drift.watch },
      hosting: { settings: hostingSettings, instances: hostedInstances },
      moderation: {
        moderation,
        viewOf: (caller) => (config.catalogVisibility === 'private' ? catalogViewFor(caller, options.accessPolicy ?? accessPolicy) : undefined),
      },
      notifications: {
        webhooks,
        notifications,
        attention,
        verifiedEmailOf: async (id) => {
          const user = await findUser({ tx: store.db, id });
          return user?.email && user.email_verified ? user.email : undefined;
        },
      },
      reviews: { reviews },
      governance: { governance },
      ...(config.githubClientId ? { githubClientId: config.githubClientId } : {}),
      signIn: { signIn, directory },
      ...(options.webUiDir ? { webUiDir: options.webUiDir } : {}),
      onForegroundRequest: () => foreground.hit(),
      async checkHealth() {
        try {
          await sql`SELECT 1`.execute(store.db);
        } catch (err) {
          throw new UnavailableError('STORE_UNAVAILABLE', 'The registry database is unavailable right now; retry shortly.', undefined, { cause: err });
        }
      },
    });
    parts.add({
      value: app,
      async close() {
        // Relayed streams end when their upstream connections go, so the app can finish closing;
        // connections still open after the grace (a silent client) are cut.
        await gatewayDispatcher.destroy();
        await closeApp(app, config.shutdownGraceSeconds * 1000);
      },
    });
    reloadFailed = (err) => app.log.error({ err }, 'reloading the access rules failed; the previous rules stay in force');
    log = app.log;
    // Shared secrets from before approvals were recorded are bound now, before any request, to where their servers point today.
    const { unopened } = await upstreamSecrets.settleLegacyApprovals('toolshed:start');
    if (unopened.length)
      app.log.warn({ servers: unopened }, 'shared upstream secrets that do not open with this secret key cannot be sent and stay without approved origins until a start with the key that sealed them');
    if (options.schedule) {
      const scheduler = startSyncScheduler({ federation: tracked, log: app.log });
      parts.add({ value: scheduler, close: () => scheduler.stop() });
      const probes = startProbeSchedule({ inventory, log: app.log, ...options.probeSchedule });
      parts.add({ value: probes, close: () => probes.stop() });
    }
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
      inventory,
      contextCache,
      admin,
      drift,
      hosting: { instances: hostedInstances, settings: hostingSettings },
      governance: { moderation, blocks },
      webhooks,
      notifications,
      attention,
      serverGovernance: governance,
      packagePreparer,
      ...(gatewayAudit ? { gatewayAudit } : {}),
      close: () => parts.closeAll(),
    };
  } catch (err) {
    await parts.closeAll();
    throw err;
  }
}

/** A part whose value closes itself. */
function part<T extends { close(): unknown }>(value: T): Part<T> {
  return { value, close: () => value.close() };
}

/** A subscription, closed by the stop function it handed back. */
function listening(stop: () => Promise<void>): Part<() => Promise<void>> {
  return { value: stop, close: stop };
}
