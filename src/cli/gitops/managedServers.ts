/**
 * Which servers a GitOps repository manages, and retiring the ones whose folder
 * is gone. `apply` records the repository on every version it publishes, in the
 * document's publisher-provided `_meta` (`io.toolshed/gitops`: `{ repository,
 * folder }`), so the record travels with the version and needs nothing beside the
 * catalog. A server is managed by a repository when its latest version carries that
 * record; one published by hand (or from another repository) after it is not. Only
 * servers whose recorded folder lies under the DIR apply was given are candidates,
 * so `apply servers/team-a` never retires `servers/team-b`'s servers.
 * Retiring deprecates every version (official status `deprecated`, with the
 * status message "removed from the GitOps repository", in the registry audit
 * log as a `status` event); nothing is deleted. Servers already deprecated or
 * deleted are left alone.
 */
import { call, expect2xx, type Connection } from '../accessCommands.js';
import { refusedError } from '../publisher/publisherError.js';
import { describeProblem, isObject } from '../publisher/registryClient.js';

const PUBLISHER_META = 'io.modelcontextprotocol.registry/publisher-provided';
const OFFICIAL_META = 'io.modelcontextprotocol.registry/official';
/** The key apply writes under the publisher-provided `_meta`. */
export const GITOPS_MARKER = 'io.toolshed/gitops';
export const RETIRE_REASON = 'removed from the GitOps repository';
const PAGE = 100;

export interface Retirement {
  name: string;
  version: string;
}

/** The document with this repository recorded in its publisher-provided `_meta` (the folder's own `_meta` kept). */
export interface ManagedMarker {
  repository: string;
  /** The server's folder in the repository, e.g. `servers/weather`. */
  folder: string;
}

export function withManagedMarker(doc: Record<string, unknown>, marker: ManagedMarker | undefined): Record<string, unknown> {
  if (marker === undefined) return doc;
  const meta = isObject(doc._meta) ? doc._meta : {};
  const provided = isObject(meta[PUBLISHER_META]) ? meta[PUBLISHER_META] : {};
  return { ...doc, _meta: { ...meta, [PUBLISHER_META]: { ...provided, [GITOPS_MARKER]: { repository: marker.repository, folder: marker.folder } } } };
}

function markerOf(entry: Record<string, unknown>): Partial<ManagedMarker> {
  const server = isObject(entry.server) ? entry.server : {};
  const meta = isObject(server._meta) ? server._meta : {};
  const provided = isObject(meta[PUBLISHER_META]) ? meta[PUBLISHER_META] : {};
  const marker = isObject(provided[GITOPS_MARKER]) ? provided[GITOPS_MARKER] : {};
  return {
    ...(typeof marker.repository === 'string' ? { repository: marker.repository } : {}),
    ...(typeof marker.folder === 'string' ? { folder: marker.folder } : {}),
  };
}

/** Whether a recorded folder lies under `scope` (the DIR apply was given, as the repository knows it; '' is the whole repository). */
function under(scope: string, folder: string | undefined): boolean {
  if (scope === '' || scope === '.') return true;
  return folder !== undefined && (folder === scope || folder.startsWith(`${scope}/`));
}

/** Servers whose latest version this repository applied from a folder under `scope`, still active, and no longer in `present`. */
export async function serversToRetire(c: Connection, repository: string, scope: string, present: ReadonlySet<string>): Promise<Retirement[]> {
  const found: Retirement[] = [];
  let cursor: string | undefined;
  do {
    const res = await call(c, 'GET', `/v0/servers?version=latest&limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    const body = expect2xx('cannot list the servers this repository manages', res);
    for (const entry of Array.isArray(body.servers) ? body.servers.filter(isObject) : []) {
      const server = isObject(entry.server) ? entry.server : {};
      const official = isObject(entry._meta) && isObject(entry._meta[OFFICIAL_META]) ? entry._meta[OFFICIAL_META] : {};
      const name = typeof server.name === 'string' ? server.name : undefined;
      const marker = markerOf(entry);
      if (!name || present.has(name) || marker.repository !== repository || !under(scope, marker.folder) || official.status !== 'active') continue;
      found.push({ name, version: String(server.version ?? '?') });
    }
    const next = isObject(body.metadata) ? body.metadata.nextCursor : undefined;
    cursor = typeof next === 'string' && next !== '' ? next : undefined;
  } while (cursor);
  return found;
}

/** Deprecates every version of each server, with the reason as the status message. */
export async function retireServers(c: Connection, retirements: Retirement[], write: (line: string) => void): Promise<void> {
  for (const r of retirements) {
    const res = await call(c, 'PATCH', `/v0/servers/${encodeURIComponent(r.name)}/status`, { status: 'deprecated', statusMessage: RETIRE_REASON });
    if (res.status < 200 || res.status > 299) throw refusedError(`retiring ${r.name} failed: ${describeProblem(res)}`);
    write(`${r.name}: deprecated (${RETIRE_REASON})`);
  }
}
