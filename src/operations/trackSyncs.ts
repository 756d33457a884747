/**
 * The federation as the server process uses it: every sync started through it (the
 * admin API, the schedule) is known while it runs, so the API can answer 409
 * instead of silently joining a run, and its outcome reaches the metrics.
 */
import { NotFoundError } from '../errors.js';
import type { Federation, SyncResult } from '../federation/index.js';

export type SyncOutcome = 'success' | 'failure';
export type SyncListener = (source: string, outcome: SyncOutcome, result: SyncResult | undefined) => void;

export interface TrackedFederation extends Federation {
  /** True while a sync of `name` started through this object runs. */
  isSyncing(name: string): boolean;
  onSyncEnd(listener: SyncListener): void;
}

export function trackSyncs(federation: Federation): TrackedFederation {
  const running = new Map<string, number>();
  const listeners: SyncListener[] = [];
  const emit = (source: string, outcome: SyncOutcome, result?: SyncResult) => {
    for (const listener of listeners) listener(source, outcome, result);
  };
  return {
    addSource: (input, actor) => federation.addSource(input, actor),
    updateSource: (name, patch, actor) => federation.updateSource(name, patch, actor),
    removeSource: (name, actor) => federation.removeSource(name, actor),
    listSources: () => federation.listSources(),
    getSource: (name) => federation.getSource(name),
    curate: (input, actor) => federation.curate(input, actor),
    removeCuration: (source, name, actor) => federation.removeCuration(source, name, actor),
    listCurations: (source) => federation.listCurations(source),
    rejections: (source, limit, beforeId) => federation.rejections(source, limit, beforeId),
    async sync(name, onProgress) {
      running.set(name, (running.get(name) ?? 0) + 1);
      try {
        const result = await federation.sync(name, onProgress);
        emit(name, 'success', result);
        return result;
      } catch (err) {
        // An unknown name is a caller's typo, not a sync: counting it would let any
        // request mint a new metrics series.
        if (!(err instanceof NotFoundError)) emit(name, 'failure');
        throw err;
      } finally {
        const left = running.get(name)! - 1;
        if (left) running.set(name, left);
        else running.delete(name);
      }
    },
    isSyncing: (name) => running.has(name),
    onSyncEnd: (listener) => void listeners.push(listener),
  };
}
