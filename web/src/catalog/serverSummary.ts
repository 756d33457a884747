/**
 * What a catalog row and the server page show about one server version: its display
 * name, the icon to use, and the badges for status, trust, origin and tags, read from
 * the official `_meta` and Toolshed's provenance. Pure; unit-tested beside this file.
 */
import { GOVERNANCE_META_KEY, OFFICIAL_META_KEY, PROVENANCE_META_KEY, type GovernanceMeta, type Icon, type OfficialMeta, type Provenance, type ServerResponse } from '../api/catalogTypes.js';

export type BadgeKind = 'deprecated' | 'deleted' | 'trust' | 'mirrored' | 'local' | 'tag';

export interface Badge {
  kind: BadgeKind;
  label: string;
  /** Spelled out for a tooltip and for screen readers. */
  title: string;
}

export interface ServerSummary {
  name: string;
  displayName: string;
  description: string;
  version: string;
  icon?: Icon;
  official?: OfficialMeta;
  provenance?: Provenance;
  badges: Badge[];
  packageTypes: string[];
  transports: string[];
}

/** An https icon, preferring one drawn for the given theme, then one without a theme. */
export function pickIcon(icons: Icon[] | undefined, theme: 'light' | 'dark' = 'light'): Icon | undefined {
  const usable = (icons ?? []).filter((i) => typeof i?.src === 'string' && /^https:\/\//i.test(i.src));
  return usable.find((i) => i.theme === theme) ?? usable.find((i) => !i.theme) ?? usable[0];
}

/** The trust badge shows the trust in force (a reviewer's level over the curated default). */
export function badgesOf(official: OfficialMeta | undefined, provenance: Provenance | undefined, governance?: GovernanceMeta): Badge[] {
  const trust = governance?.trust ?? provenance?.trust;
  const badges: Badge[] = [];
  if (official?.status === 'deprecated') {
    badges.push({ kind: 'deprecated', label: 'Deprecated', title: official.statusMessage ? `Deprecated: ${official.statusMessage}` : 'Deprecated by its publisher' });
  } else if (official?.status === 'deleted') {
    badges.push({ kind: 'deleted', label: 'Deleted', title: official.statusMessage ? `Deleted: ${official.statusMessage}` : 'Deleted' });
  }
  if (trust) badges.push({ kind: 'trust', label: trust, title: `Trust level: ${trust}${governance?.trustSource === 'reviewer' ? ' (set by a reviewer)' : ''}` });
  if (provenance?.origin === 'mirror') {
    const source = provenance.source ?? 'an upstream registry';
    badges.push({ kind: 'mirrored', label: `Mirrored · ${source}`, title: `Mirrored from the ${source} source` });
  }
  for (const tag of provenance?.tags ?? []) badges.push({ kind: 'tag', label: tag, title: `Tag: ${tag}` });
  return badges;
}

export function summarize(item: ServerResponse, theme: 'light' | 'dark' = 'light'): ServerSummary {
  const { server } = item;
  const official = item._meta?.[OFFICIAL_META_KEY];
  const provenance = item._meta?.[PROVENANCE_META_KEY];
  const icon = pickIcon(server.icons, theme);
  return {
    name: server.name,
    displayName: server.title?.trim() || server.name,
    description: server.description ?? '',
    version: server.version,
    ...(icon ? { icon } : {}),
    ...(official ? { official } : {}),
    ...(provenance ? { provenance } : {}),
    badges: badgesOf(official, provenance, item._meta?.[GOVERNANCE_META_KEY]),
    packageTypes: [...new Set((server.packages ?? []).map((p) => p.registryType).filter(Boolean))],
    transports: [...new Set((server.remotes ?? []).map((r) => r.type).filter(Boolean))],
  };
}

/** "io.github.acme/weather" → ["io.github.acme", "weather"]. */
export function splitName(name: string): { namespace: string; shortName: string } {
  const slash = name.indexOf('/');
  return slash < 0 ? { namespace: '', shortName: name } : { namespace: name.slice(0, slash), shortName: name.slice(slash + 1) };
}

/** The owner a person recognises: the GitHub owner for io.github.*, else the reversed domain. */
export function ownerOf(name: string): string {
  const { namespace } = splitName(name);
  const github = /^io\.github\.(.+)$/.exec(namespace);
  if (github) return `${github[1]} (GitHub)`;
  return namespace.split('.').reverse().join('.');
}

/** A date the reader's locale prints, or the raw text when it is not a date. */
export function formatDate(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 10);
}
