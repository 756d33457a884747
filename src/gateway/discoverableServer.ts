/**
 * A catalog server as a person may know it: a server the access rules do not let
 * them discover is as unknown to them as one that does not exist, so no answer
 * of the gateway's API confirms that it exists.
 */
import type { AccessPolicy } from '../access/index.js';
import type { CatalogServer, FindCatalogServer } from './catalogServer.js';

export async function discoverableServer(
  findServer: FindCatalogServer,
  access: Pick<AccessPolicy, 'decide'>,
  who: { id: string; groups: readonly string[] },
  name: string,
): Promise<CatalogServer | undefined> {
  const server = await findServer(name);
  if (!server) return undefined;
  const allowed = access.decide({ id: who.id, groups: who.groups as string[] }, 'discover', { server: name, source: server.source }).allowed;
  return allowed ? server : undefined;
}
