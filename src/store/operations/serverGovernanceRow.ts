import type { Selectable } from 'kysely';
import type { ServerGovernanceTable } from '../schema.js';

/** One server's governance row as stored (owners is JSON ServerOwner[]). */
export type ServerGovernanceRow = Selectable<ServerGovernanceTable>;
