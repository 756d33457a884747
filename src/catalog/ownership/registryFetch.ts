/**
 * What every package ownership check shares: the deps it runs with, the official
 * validator's User-Agent, Go's `url.PathEscape`, the base-URL allow-list and a
 * fetch that turns an unreachable registry into a message instead of a throw.
 */
import { OutboundError, type FetchOptions, type Outbound, type OutboundResponse } from '../../outbound/index.js';
import type { Package } from '../validation/index.js';

export const USER_AGENT = 'MCP-Registry-Validator/1.0';

/** Where packages are looked up, built from the configuration by the composition. */
export interface OwnershipConfig {
  npmRegistryUrls: string[];
  pypiRegistryUrls: string[];
  nugetRegistryUrls: string[];
  ociRegistries: string[];
  mcpbHosts: string[];
}

export interface OwnershipDeps {
  outbound: Outbound;
  config: OwnershipConfig;
}

/** Resolves to the failure reason, or undefined when the package proves the server name. */
export type PackageCheck = (pkg: Package, serverName: string) => Promise<string | undefined>;

/** Go's `url.PathEscape`: `@scope/name` becomes `@scope%2Fname`, so an identifier stays one path segment. */
export function pathEscape(segment: string): string {
  let out = '';
  for (const byte of Buffer.from(segment, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~$&+:=@]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const trimSlashes = (url: string) => url.replace(/\/+$/, '');

/**
 * The base URL to fetch from: the package's own, or the first configured one, and
 * only if configured (the allow-list keeps publishers from pointing the server at
 * arbitrary hosts). Returns `{error}` with the official mismatch message otherwise.
 */
export function pickBaseUrl(pkg: Package, registryType: string, allowed: readonly string[]): { base: string } | { error: string } {
  const given = pkg.registryBaseUrl ?? '';
  const chosen = given === '' ? allowed[0] : allowed.find((a) => trimSlashes(a) === trimSlashes(given));
  if (chosen === undefined) {
    return {
      error: `registry type and base URL do not match: '${given}' is not valid for registry type '${registryType}'. Expected: ${allowed.join(', ') || '(no registry configured)'}`,
    };
  }
  return { base: trimSlashes(chosen) };
}

/** The per-registry wording of the field preconditions checked by `checkPackageFields`. */
export interface FieldMessages {
  identifierRequired: string;
  /** Left out when the registry checks the version later (NuGet, after the base URL). */
  versionRequired?: string;
  noFileSha256: string;
}

/**
 * The preconditions npm, PyPI and NuGet share, in this order: identifier,
 * version (when its message is given), no `fileSha256`, then the allow-listed base URL.
 */
export function checkPackageFields(pkg: Package, registryType: string, allowed: readonly string[], messages: FieldMessages): { id: string; version: string; base: string } | { error: string } {
  const id = pkg.identifier ?? '';
  const version = pkg.version ?? '';
  if (id === '') return { error: messages.identifierRequired };
  if (messages.versionRequired !== undefined && version === '') return { error: messages.versionRequired };
  if ((pkg.fileSha256 ?? '') !== '') return { error: messages.noFileSha256 };
  const picked = pickBaseUrl(pkg, registryType, allowed);
  if ('error' in picked) return picked;
  return { id, version, base: picked.base };
}

/** A fetch through the guarded client with the validator's User-Agent; failures become `{error}`. */
export async function registryFetch(outbound: Outbound, url: string, options: FetchOptions): Promise<OutboundResponse | { error: string }> {
  try {
    return await outbound.fetch(url, { ...options, headers: { 'user-agent': USER_AGENT, ...options.headers } });
  } catch (err) {
    if (err instanceof OutboundError) return { error: err.message };
    throw err;
  }
}

/** One header value, whatever shape undici gave it. */
export function header(res: OutboundResponse, name: string): string | undefined {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** JSON.parse that reports instead of throwing. */
export function parseJson(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export type ProbeResult = 'exists' | 'missing' | 'transient' | 'unknown';

/**
 * After a version 404: does the package exist at all? Only refines the message, so
 * it is a bodiless HEAD bounded to 3 s rather than another full timeout.
 */
export async function probePackage(outbound: Outbound, url: string): Promise<ProbeResult> {
  const res = await registryFetch(outbound, url, { method: 'HEAD', timeoutMs: 3_000, maxBytes: 64 * 1024 });
  if ('error' in res) return 'transient';
  if (res.status === 200) return 'exists';
  if (res.status === 404) return 'missing';
  if (res.status === 429 || (res.status >= 500 && res.status < 600)) return 'transient';
  return 'unknown';
}

/**
 * The official messages for a failed version-metadata fetch (npm and PyPI word
 * them alike): 404 disambiguated by the probe, 429 and 5xx called transient.
 */
export async function versionFetchFailure(outbound: Outbound, label: string, pkg: { identifier: string; version: string }, status: number, probeUrl: string, where: string): Promise<string> {
  const { identifier: id, version } = pkg;
  if (status === 429) return `${label} rate-limited the metadata request for package '${id}' (status: 429). Likely transient, retry later`;
  if (status >= 500 && status < 600) {
    return `${label} upstream error fetching metadata for package '${id}' (status: ${status}). Likely transient, retry later`;
  }
  if (status !== 404) return `${label} package '${id}' metadata fetch failed (status: ${status})`;
  switch (await probePackage(outbound, probeUrl)) {
    case 'exists':
      return `${label} package '${id}' exists, but version '${version}' was not found (status: 404). A newly published release can take a moment to appear on ${where}. Wait and retry, or publish version '${version}' before registering it`;
    case 'missing':
      return `${label} package '${id}' not found (status: 404)`;
    case 'transient':
      return `${label} could not confirm package '${id}' version '${version}' (version status: 404, package check inconclusive). Likely transient, retry later`;
    default:
      return `${label} package '${id}' version '${version}' not found (status: 404)`;
  }
}
