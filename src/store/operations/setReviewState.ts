import type { ReviewState } from '../../schemas/governance.js';
import type { Tx } from '../schema.js';

/** What readers may see of one version: `server_versions.review_state`. `updated_at` moves, so mirrors syncing with `updated_since` see it. */
export async function setReviewState({ tx, name, version, state, at }: { tx: Tx; name: string; version: string; state: ReviewState; at: number }): Promise<void> {
  await tx.updateTable('server_versions').set({ review_state: state, updated_at: at }).where('name', '=', name).where('version', '=', version).execute();
}
