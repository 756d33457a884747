/**
 * What `validate DIR` and `apply DIR` run with: the configuration from the
 * environment (outbound guard, package registries, validation options, probe
 * timeout, exactly as a Toolshed with the same settings checks a publish), the
 * Toolshed to talk to (--url/--token or TOOLSHED_URL/TOOLSHED_TOKEN) and who the
 * token is there.
 */
import type { Command } from 'commander';
import { decodeJwt } from 'jose';
import { ConfigError, loadConfig } from '../../config.js';
import { createOwnershipVerifier } from '../../catalog/index.js';
import { ownershipVerifierSettings } from '../../compose/planeSettings.js';
import { validationOptions } from '../../createToolshed.js';
import { createOutbound, loadCaBundle, type Outbound } from '../../outbound/index.js';
import { call, connection, type Connection } from '../accessCommands.js';
import { usageError } from '../publisher/publisherError.js';
import { isObject } from '../publisher/registryClient.js';
import type { CheckDeps, TokenFacts } from './checkServerFolder.js';

export interface GitopsContext {
  deps: CheckDeps;
  /** Undefined when neither --url nor TOOLSHED_URL is set. */
  connection: Connection | undefined;
  outbound: Outbound;
}

async function tokenFacts(c: Connection | undefined): Promise<TokenFacts | { unchecked: string }> {
  if (!c) return { unchecked: 'no Toolshed configured (set TOOLSHED_URL and TOOLSHED_TOKEN to check that the token may publish this name)' };
  if (!c.token) return { unchecked: `no token for ${c.url} (set TOOLSHED_TOKEN)` };
  const res = await call(c, 'GET', '/api/me');
  if (res.status === 401 || res.status === 403) throw usageError(`${c.url} does not accept the token (HTTP ${res.status}); check TOOLSHED_TOKEN`);
  if (res.status !== 200 || !isObject(res.body)) throw usageError(`${c.url} answered GET /api/me with HTTP ${res.status}`);
  const body = res.body;
  let registryPermissions: TokenFacts['registryPermissions'] = [];
  if (body.via === 'registry-token') {
    // The server accepted the token just now; its claims say which namespaces it proves (the server checks them again at publish).
    try {
      const claims = decodeJwt(c.token);
      if (Array.isArray(claims.permissions)) {
        registryPermissions = claims.permissions.filter(isObject).map((p) => ({ action: String(p.action), resource: String(p.resource) }));
      }
    } catch {
      registryPermissions = [];
    }
  }
  return {
    id: String(body.id ?? 'unknown'),
    via: String(body.via ?? ''),
    permissions: Array.isArray(body.permissions) ? body.permissions.map(String) : [],
    registryPermissions,
  };
}

export async function gitopsContext(command: Command): Promise<GitopsContext> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw usageError(err.message);
    throw err;
  }
  const opts = command.optsWithGlobals<{ url?: string }>();
  const c = opts.url || process.env.TOOLSHED_URL ? connection(command) : undefined;
  let ca: string[] | undefined;
  try {
    ca = config.caFile ? loadCaBundle(config.caFile) : undefined;
  } catch (err) {
    throw usageError(`TOOLSHED_CA_FILE: ${(err as Error).message}`);
  }
  const outbound = createOutbound({ allow: config.outboundAllow, allowHttp: config.outboundAllowHttp, ...(ca ? { ca } : {}) });
  return {
    connection: c,
    outbound,
    deps: {
      outbound,
      validation: validationOptions(config),
      verifyOwnership: config.verifyPackages.length ? createOwnershipVerifier(ownershipVerifierSettings(config), outbound) : undefined,
      token: await tokenFacts(c),
      probeTimeoutMs: config.probeTimeoutSeconds * 1000,
    },
  };
}
