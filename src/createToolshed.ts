/**
 * Wires the planes together from one configuration: store → catalog → HTTP app.
 * Used by `toolshed serve`, the tests and the benchmarks alike, so all three run
 * the same composition.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { createBearerAuthenticator, createRegistryTokens, loadSigningKeys } from './access/index.js';
import { enabledProofMethods } from './access/publisherAuth/index.js';
import { registryBearerResolver } from './access/bearerResolvers.js';
import { createIdentifyCaller } from './access/identifyCaller.js';
import { createOutbound, type Outbound } from './outbound/index.js';
import { createCatalog, type Catalog } from './catalog/index.js';
import { createOwnershipVerifier } from './catalog/ownership/index.js';
import { createFederation, createSecretBox, loadSecretKey, type Federation } from './federation/index.js';
import { startSyncScheduler } from './federation/syncScheduler.js';
import type { Config } from './config.js';
import { UnavailableError } from './errors.js';
import { buildApp } from './http/buildApp.js';
import { applyConfiguredSources } from './operations/applyConfiguredSources.js';
import { createMetrics } from './operations/metrics.js';
import { trackSyncs } from './operations/trackSyncs.js';
import { openStore, type Store } from './store/index.js';
import { toolshedVersion } from './toolshedVersion.js';

export interface Toolshed {
  config: Config;
  store: Store;
  catalog: Catalog;
  /** Upstream sources, sync and curation. */
  federation: Federation;
  /** The guarded client for every server-side fetch. */
  outbound: Outbound;
  app: FastifyInstance;
  /** The admin token in force, and where it came from. */
  admin: { token: string; source: 'config' | 'file' | 'generated'; file?: string };
  close(): Promise<void>;
}

/**
 * The admin token: from configuration, else the one kept in the data directory,
 * else a new random one written there (0600) so a fresh install has a way in.
 */
function resolveAdminToken(config: Config): Toolshed['admin'] {
  if (config.adminToken) return { token: config.adminToken, source: 'config' };
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, 'admin-token');
  if (existsSync(file)) return { token: readFileSync(file, 'utf8').trim(), source: 'file', file };
  const token = `tsa_${randomBytes(32).toString('base64url')}`;
  writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return { token, source: 'generated', file };
}

/** The package registries publishers may name, from configuration (the official defaults otherwise). */
export function validationOptions(config: Config) {
  return {
    allowedRegistryBaseUrls: {
      npm: config.npmRegistryUrls,
      pypi: config.pypiRegistryUrls,
      nuget: config.nugetRegistryUrls,
    },
  };
}

export interface ToolshedOptions {
  /** Sync sources on their intervals in the background (`toolshed serve`; off elsewhere so nothing syncs by surprise). */
  schedule?: boolean;
  /** The built web UI's directory, served at `/` (`toolshed serve` passes web/dist when it is built). */
  webUiDir?: string;
}

export async function createToolshed(config: Config, options: ToolshedOptions = {}): Promise<Toolshed> {
  const admin = resolveAdminToken(config);
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
  });
  const outbound = createOutbound({ allow: config.outboundAllow, allowHttp: config.outboundAllowHttp });
  const catalog = createCatalog({
    store,
    cacheBytes: config.responseCacheMb * 1024 * 1024,
    validation: validationOptions(config),
    ...(config.verifyPackages.length ? { verifyOwnership: createOwnershipVerifier(config, outbound) } : {}),
  });
  const secretBox = createSecretBox(loadSecretKey({ configured: config.secretKey, dataDir: config.dataDir }));
  const federation = createFederation({ store, catalog, outbound, secretBox });
  let stopListening: (() => Promise<void>) | undefined;
  try {
    stopListening = await catalog.listen();
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
    const identifyCaller = createIdentifyCaller({
      bearer: [registryBearerResolver(authenticate, (token) => token.split('.').length === 3)],
      ambient: [],
    });
    const app = await buildApp({
      federation: tracked,
      metrics: createMetrics({ db: store.db, federation: tracked }),
      catalog,
      authenticate,
      identifyCaller,
      publisherAuth: { tokens, methods, blockedNamespaces: config.blockedNamespaces },
      cacheMaxAge: config.cacheMaxAge,
      logLevel: config.logLevel,
      version: toolshedVersion(),
      ...(config.githubClientId ? { githubClientId: config.githubClientId } : {}),
      ...(options.webUiDir ? { webUiDir: options.webUiDir } : {}),
      async checkHealth() {
        try {
          await sql`SELECT 1`.execute(store.db);
        } catch {
          throw new UnavailableError('STORE_UNAVAILABLE', 'The registry database is unavailable right now; retry shortly.');
        }
      },
    });
    const scheduler = options.schedule ? startSyncScheduler({ federation: tracked, log: app.log }) : undefined;
    return {
      config,
      store,
      catalog,
      federation,
      outbound,
      app,
      admin,
      async close() {
        await app.close();
        // The schedule stops starting runs at once; closing the federation stops the runs in progress.
        await Promise.all([scheduler?.stop(), federation.close()]);
        await stopListening?.();
        await store.close();
        await outbound.close();
      },
    };
  } catch (err) {
    await stopListening?.();
    await store.close();
    await outbound.close();
    throw err;
  }
}
