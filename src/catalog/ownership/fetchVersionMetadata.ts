/**
 * The version-document fetch npm and PyPI share: the field preconditions, one GET
 * of the version's JSON metadata, the official failure messages (unreachable,
 * 404 told apart by a probe, 429 and 5xx transient) and the JSON parse. Each
 * registry passes its own paths and wording, so its messages stay its own.
 */
import type { Outbound } from '../../outbound/index.js';
import type { Package } from '../validation/index.js';
import { checkPackageFields, parseJson, pathEscape, registryFetch, versionFetchFailure, type FieldMessages } from './registryFetch.js';

export interface VersionMetadataSource {
  /** As `pickBaseUrl` names it in the mismatch message: `npm`, `pypi`. */
  registryType: string;
  /** As the official messages name the registry: `NPM`, `PyPI`. */
  label: string;
  /** Where a new release may not have appeared yet, in the "exists, but version" message. */
  where: string;
  allowed: readonly string[];
  messages: FieldMessages & { versionRequired: string };
  /** The version document's path under the base URL, from path-escaped segments. */
  versionPath: (id: string, version: string) => string;
  /** The package's path under the base URL (probed after a 404), from a path-escaped id. */
  packagePath: (id: string) => string;
  maxBytes: number;
}

/** The parsed version document, or the failure reason. */
export async function fetchVersionMetadata(outbound: Outbound, pkg: Package, source: VersionMetadataSource): Promise<{ id: string; value: unknown } | { error: string }> {
  const fields = checkPackageFields(pkg, source.registryType, source.allowed, source.messages);
  if ('error' in fields) return fields;
  const { id, version, base } = fields;

  const res = await registryFetch(outbound, `${base}${source.versionPath(pathEscape(id), pathEscape(version))}`, {
    headers: { accept: 'application/json' },
    timeoutMs: 10_000,
    maxBytes: source.maxBytes,
  });
  if ('error' in res) return { error: `failed to fetch package metadata from ${source.label}: ${res.error}` };
  if (res.status !== 200) {
    const probeUrl = `${base}${source.packagePath(pathEscape(id))}`;
    return { error: await versionFetchFailure(outbound, source.label, { identifier: id, version }, res.status, probeUrl, source.where) };
  }
  const parsed = parseJson(res.body);
  if ('error' in parsed) return { error: `failed to parse ${source.label} package metadata: ${parsed.error}` };
  return { id, value: parsed.value };
}
