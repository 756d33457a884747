/**
 * Which version of a server is "latest": the highest non-deleted version by the
 * official CompareVersions (semver beats non-semver; non-semver by publish time);
 * if every version is deleted, the highest deleted one, so `include_deleted`
 * lookups still find the server.
 */
import type { VersionHead } from '../store/index.js';
import { compareVersions } from './validation/index.js';

function highest(heads: VersionHead[]): VersionHead | undefined {
  let best: VersionHead | undefined;
  for (const h of heads) {
    if (!best || compareVersions(h.version, best.version, h.published_at, best.published_at) > 0) best = h;
  }
  return best;
}

function pick(heads: VersionHead[]): VersionHead | undefined {
  return highest(heads.filter((h) => h.status !== 'deleted')) ?? highest(heads);
}

/**
 * Latest means the latest approved version (issue #21): until a new version is
 * approved, readers and the gateway keep the previous one. A server with no
 * approved version yet still has a latest (its newest pending one), which only
 * those who may see pending versions see.
 */
export function pickLatestVersion(heads: VersionHead[]): VersionHead | undefined {
  return pick(heads.filter((h) => h.review_state === 'approved')) ?? pick(heads);
}
