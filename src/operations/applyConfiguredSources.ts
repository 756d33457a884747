/**
 * The `federationSources` of the config file, applied at start-up: a source not
 * yet known is added, a known one gets the settings the file names (settings the
 * file leaves out keep what the API or CLI set). Sources the file does not name
 * are left alone, so removing an entry never deletes a mirror by surprise.
 */
import type { Federation, SourceInput, SourceStatus } from '../federation/index.js';

export const CONFIG_ACTOR = 'config file';

function differs(current: SourceStatus, wanted: SourceInput): boolean {
  const { name: _name, authHeader, ...settings } = wanted;
  // The stored header cannot be read back, so a configured one is always re-applied.
  if (authHeader !== undefined) return true;
  return Object.entries(settings).some(([key, value]) => JSON.stringify(current[key as keyof SourceStatus]) !== JSON.stringify(value));
}

export async function applyConfiguredSources(federation: Federation, sources: SourceInput[]): Promise<void> {
  if (!sources.length) return;
  const known = new Map((await federation.listSources()).map((s) => [s.name, s]));
  for (const source of sources) {
    const current = known.get(source.name);
    if (!current) await federation.addSource(source, CONFIG_ACTOR);
    else if (differs(current, source)) {
      const { name, ...patch } = source;
      await federation.updateSource(name, patch, CONFIG_ACTOR);
    }
  }
}
