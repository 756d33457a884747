/** Badges, icons and names the catalog shows for a server version (web/src/catalog/serverSummary.ts). */
import { describe, expect, it } from 'vitest';
import type { ServerResponse } from '../api/catalogTypes.js';
import { badgesOf, ownerOf, pickIcon, summarize } from './serverSummary.js';

const OFFICIAL = 'io.modelcontextprotocol.registry/official';
const PROVENANCE = 'io.toolshed/provenance';
const meta = (status: 'active' | 'deprecated' | 'deleted', extra: Record<string, unknown> = {}) => ({
  status,
  publishedAt: '2025-05-01T00:00:00Z',
  updatedAt: '2025-05-02T00:00:00Z',
  isLatest: true,
  ...extra,
});

describe('summarize', () => {
  it('reads a mirrored, curated, deprecated server', () => {
    const item: ServerResponse = {
      server: {
        name: 'io.github.acme/weather',
        title: 'Acme Weather',
        description: 'Forecasts',
        version: '1.2.0',
        packages: [
          { registryType: 'npm', identifier: '@acme/weather' },
          { registryType: 'npm', identifier: '@acme/w2' },
        ],
        remotes: [{ type: 'sse', url: 'https://w.example/sse' }],
      },
      _meta: {
        [OFFICIAL]: meta('deprecated', { statusMessage: 'Use v2' }),
        [PROVENANCE]: { origin: 'mirror', source: 'official', trust: 'reviewed', tags: ['weather', 'public'] },
      },
    };
    const s = summarize(item);
    expect(s.displayName).toBe('Acme Weather');
    expect(s.packageTypes).toEqual(['npm']);
    expect(s.transports).toEqual(['sse']);
    expect(s.badges.map((b) => [b.kind, b.label])).toEqual([
      ['deprecated', 'Deprecated'],
      ['trust', 'reviewed'],
      ['mirrored', 'Mirrored · official'],
      ['tag', 'weather'],
      ['tag', 'public'],
    ]);
    expect(s.badges[0]!.title).toBe('Deprecated: Use v2');
  });

  it('shows no badge for an active local server and falls back on the name', () => {
    const s = summarize({ server: { name: 'com.example/x', description: 'd', version: '1' }, _meta: { [OFFICIAL]: meta('active') } });
    expect(s.displayName).toBe('com.example/x');
    expect(s.badges).toEqual([]);
    expect(badgesOf(undefined, { origin: 'local', trust: 'internal' }).map((b) => b.kind)).toEqual(['trust']);
  });
});

describe('pickIcon', () => {
  it('prefers an https icon for the theme, then one without a theme, never http or data URLs', () => {
    const icons = [
      { src: 'http://insecure.example/i.png' },
      { src: 'data:image/png;base64,AAAA' },
      { src: 'https://x.example/dark.png', theme: 'dark' as const },
      { src: 'https://x.example/any.png' },
    ];
    expect(pickIcon(icons, 'dark')?.src).toBe('https://x.example/dark.png');
    expect(pickIcon(icons, 'light')?.src).toBe('https://x.example/any.png');
    expect(pickIcon([{ src: 'http://a/b.png' }])).toBeUndefined();
    expect(pickIcon(undefined)).toBeUndefined();
  });
});

describe('ownerOf', () => {
  it('names the GitHub owner or the domain', () => {
    expect(ownerOf('io.github.acme/weather')).toBe('acme (GitHub)');
    expect(ownerOf('com.example.tools/x')).toBe('tools.example.com');
  });
});
