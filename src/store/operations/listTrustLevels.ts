import type { TrustLevel } from '../../schemas/governance.js';
import type { Tx } from '../schema.js';

export interface TrustLevels {
  /** Trust a reviewer set per server name (server_governance). */
  servers: Array<{ name: string; trust: TrustLevel }>;
  /** Trust curated per source ('' local) and name ('*' the whole source). */
  curations: Array<{ source: string; name: string; trust: string }>;
}

/** Every trust level set anywhere: what the access policy holds in memory to decide trust conditions. */
export async function listTrustLevels({ tx }: { tx: Tx }): Promise<TrustLevels> {
  const servers = await tx.selectFrom('server_governance').select(['name', 'trust']).where('trust', 'is not', null).execute();
  const curations = await tx.selectFrom('curations').select(['source', 'name', 'trust']).where('trust', 'is not', null).execute();
  return {
    servers: servers.map((r) => ({ name: r.name, trust: r.trust! })),
    curations: curations.map((r) => ({ source: r.source, name: r.name, trust: r.trust! })),
  };
}
