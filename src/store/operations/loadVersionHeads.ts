import type { ReviewState } from '../../schemas/governance.js';
import type { Tx } from '../schema.js';

export interface VersionHead {
  version: string;
  status: 'active' | 'deprecated' | 'deleted';
  published_at: number;
  is_latest: number;
  review_state: ReviewState;
}

/** The fields the latest-version computation needs, for every version of one server. */
export async function loadVersionHeads({ tx, name }: { tx: Tx; name: string }): Promise<VersionHead[]> {
  return tx.selectFrom('server_versions').select(['version', 'status', 'published_at', 'is_latest', 'review_state']).where('name', '=', name).execute();
}
