/**
 * `toolshed login <method>`: obtains a proof (a GitHub token, an Actions OIDC
 * token, a signed timestamp, a company OIDC token, or nothing), exchanges it at
 * `POST {registry}/v0/auth/<method>` and stores the registry token.
 */
import { readFileSync } from 'node:fs';
import { Argument, Option, type Command } from 'commander';
import { githubDeviceFlow } from './githubDeviceFlow.js';
import { refusedError, runAction, usageError } from './publisherError.js';
import { DEFAULT_REGISTRY, callRegistry, callUrl, describeProblem, isObject, normalizeRegistry } from './registryClient.js';
import { KEY_ALGORITHMS, signTimestamp, type KeyAlgorithm } from './signTimestamp.js';
import { writeToken } from './tokenStore.js';

export const LOGIN_METHODS = ['github', 'github-oidc', 'dns', 'http', 'oidc', 'none'] as const;
type LoginMethod = (typeof LOGIN_METHODS)[number];

interface LoginOptions {
  registry: string;
  token?: string;
  domain?: string;
  privateKey?: string;
  privateKeyFile?: string;
  algorithm: KeyAlgorithm;
}

interface Exchange {
  endpoint: string;
  body?: Record<string, string>;
}

async function githubActionsToken(registry: string): Promise<string> {
  const url = process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const bearer = process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!url || !bearer) {
    throw usageError('github-oidc needs ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN: run it in GitHub Actions with `permissions: id-token: write`');
  }
  // The audience is the registry's origin (scheme and lower-cased host), as the registry checks it.
  const res = await callUrl(`${url}${url.includes('?') ? '&' : '?'}audience=${encodeURIComponent(new URL(registry).origin)}`, 'GET', { token: bearer });
  const value = isObject(res.body) ? res.body.value : undefined;
  if (res.status !== 200 || typeof value !== 'string') {
    throw refusedError(`GitHub Actions refused the OIDC token request (HTTP ${res.status})`);
  }
  return value;
}

function privateKeyOf(opts: LoginOptions): string {
  if (opts.privateKey && opts.privateKeyFile) throw usageError('give --private-key or --private-key-file, not both');
  if (opts.privateKey) return opts.privateKey;
  if (opts.privateKeyFile) {
    try {
      return readFileSync(opts.privateKeyFile, 'utf8').trim();
    } catch (err) {
      throw usageError(`cannot read ${opts.privateKeyFile}: ${(err as Error).message}`);
    }
  }
  throw usageError('--private-key <hex> or --private-key-file <path> is required');
}

function signedProof(method: 'dns' | 'http', opts: LoginOptions): Exchange {
  if (!opts.domain) throw usageError(`--domain is required for ${method}`);
  const signed = signTimestamp(privateKeyOf(opts), opts.algorithm);
  process.stdout.write(`Signing in process using key algorithm ${opts.algorithm}\n`);
  if (method === 'dns') {
    process.stdout.write(`Expected proof record (DNS TXT at the apex of ${opts.domain}):\n${opts.domain}. IN TXT "${signed.proofRecord}"\n`);
  } else {
    process.stdout.write(`Expected proof record (at https://${opts.domain}/.well-known/mcp-registry-auth):\n${signed.proofRecord}\n`);
  }
  return { endpoint: method, body: { domain: opts.domain, timestamp: signed.timestamp, signed_timestamp: signed.signedTimestamp } };
}

async function exchangeFor(method: LoginMethod, registry: string, opts: LoginOptions): Promise<Exchange> {
  switch (method) {
    case 'github': {
      const token = opts.token || process.env.MCP_GITHUB_TOKEN || (await githubDeviceFlow(registry));
      return { endpoint: 'github-at', body: { github_token: token } };
    }
    case 'github-oidc':
      return { endpoint: 'github-oidc', body: { oidc_token: await githubActionsToken(registry) } };
    case 'dns':
    case 'http':
      return signedProof(method, opts);
    case 'oidc': {
      const token = opts.token || process.env.TOOLSHED_OIDC_TOKEN;
      if (!token) throw usageError('oidc needs an ID token: pass --token or set TOOLSHED_OIDC_TOKEN');
      return { endpoint: 'oidc', body: { oidc_token: token } };
    }
    case 'none':
      return { endpoint: 'none' };
  }
}

export function loginCommand(program: Command): Command {
  return program
    .command('login')
    .description('Prove namespace ownership to a registry and store its token')
    .addArgument(new Argument('<method>', 'how to prove ownership').choices(LOGIN_METHODS))
    .option('--registry <url>', 'registry URL', DEFAULT_REGISTRY)
    .option('--token <token>', 'github: a GitHub token (or MCP_GITHUB_TOKEN); oidc: an ID token (or TOOLSHED_OIDC_TOKEN)')
    .option('--domain <domain>', 'dns/http: the domain whose namespace to claim')
    .option('--private-key <hex>', 'dns/http: Ed25519 seed (64 hex) or P-384 scalar (96 hex)')
    .option('--private-key-file <path>', 'dns/http: a file holding the private key in hex')
    .addOption(new Option('--algorithm <algorithm>', 'dns/http: key algorithm').choices(KEY_ALGORITHMS).default('ed25519'))
    .action(
      runAction(async (method: LoginMethod, opts: LoginOptions) => {
        const registry = normalizeRegistry(opts.registry);
        process.stdout.write(`Logging in with ${method}...\n`);
        const exchange = await exchangeFor(method, registry, opts);
        const res = await callRegistry(registry, 'POST', `/v0/auth/${exchange.endpoint}`, exchange.body ? { body: exchange.body } : {});
        if (res.status === 404) throw refusedError(`${registry} does not offer the ${method} login method`);
        const token = isObject(res.body) ? res.body.registry_token : undefined;
        if (res.status !== 200 || typeof token !== 'string') throw refusedError(`login failed: ${describeProblem(res)}`);
        const expiresAt = isObject(res.body) && typeof res.body.expires_at === 'number' ? res.body.expires_at : undefined;
        writeToken({ token, method, registry, ...(expiresAt !== undefined ? { expires_at: expiresAt } : {}) });
        process.stdout.write('✓ Successfully logged in\n');
        if (expiresAt !== undefined) process.stdout.write(`  token for ${registry}, valid until ${new Date(expiresAt * 1000).toISOString()}\n`);
      }),
    );
}
