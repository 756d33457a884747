/**
 * Which era each streamable-HTTP endpoint answered in last, so a repeat probe
 * of a session-era (or HTTP+SSE fallback) server goes straight to that era
 * instead of first paying for a modern discovery it knows fails. Nothing here is
 * trusted beyond a hint: a remembered era that no longer answers is forgotten
 * and the probe negotiates from the start (negotiateEra), a failed probe forgets
 * its endpoint, and an entry expires after `maxAgeMs` so a server that gains the
 * modern era is found in that era again. Bounded: the oldest entry goes first.
 */
import type { ProbeEra } from './snapshot.js';

export interface EraMemo {
  get(url: string): ProbeEra | undefined;
  set(url: string, era: ProbeEra): void;
  forget(url: string): void;
}

export function createEraMemo(options: { maxEntries?: number; maxAgeMs?: number; now?: () => number } = {}): EraMemo {
  const maxEntries = options.maxEntries ?? 20_000;
  const maxAgeMs = options.maxAgeMs ?? 6 * 3_600_000;
  const now = options.now ?? Date.now;
  const eras = new Map<string, { era: ProbeEra; at: number }>();
  return {
    get(url) {
      const entry = eras.get(url);
      if (!entry) return undefined;
      if (now() - entry.at > maxAgeMs) {
        eras.delete(url);
        return undefined;
      }
      return entry.era;
    },
    set(url, era) {
      const entry = eras.get(url);
      // An unchanged era keeps its age, so the expiry re-checks the modern era on schedule.
      if (entry?.era === era) return;
      eras.delete(url);
      if (eras.size >= maxEntries) eras.delete(eras.keys().next().value!);
      eras.set(url, { era, at: now() });
    },
    forget(url) {
      eras.delete(url);
    },
  };
}
