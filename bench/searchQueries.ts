/**
 * Realistic `q=` queries taken from the dataset's own descriptions: single words
 * across the frequency range (very common ones like "server" match most of the
 * catalog, rare ones a handful), adjacent word pairs as people type them, and
 * 3–4 letter prefixes (search-as-you-type). Deterministic, so runs compare.
 */
import type { Doc } from './catalogFixture.js';

export interface SearchQuery {
  kind: 'word' | 'twoWords' | 'prefix';
  q: string;
}

const STOPWORDS = new Set('the and for with that this from your into using via are can its use you all any not but our has have was will'.split(' '));

function words(text: string): string[] {
  // Descriptions were shortened with "…"; the cut word is no word.
  return (
    text
      .replace(/\S*…/g, ' ')
      .toLowerCase()
      .match(/[a-z][a-z0-9]+/g) ?? []
  ).filter((w) => w.length >= 3 && !STOPWORDS.has(w));
}

/** Every `step`-th item of a list ranked by document frequency, so common and rare terms both appear. */
function spread<T>(ranked: T[], count: number): T[] {
  if (ranked.length <= count) return ranked;
  const step = ranked.length / count;
  return Array.from({ length: count }, (_, i) => ranked[Math.floor(i * step)]!);
}

export function searchQueries(dataset: Doc[], perKind = 16): SearchQuery[] {
  const wordDocs = new Map<string, number>();
  const pairDocs = new Map<string, number>();
  for (const doc of dataset) {
    const ws = words(doc.description);
    for (const w of new Set(ws)) wordDocs.set(w, (wordDocs.get(w) ?? 0) + 1);
    const pairs = new Set(ws.slice(1).map((w, i) => `${ws[i]} ${w}`));
    for (const p of pairs) pairDocs.set(p, (pairDocs.get(p) ?? 0) + 1);
  }
  const byFrequency = (m: Map<string, number>, min: number) =>
    [...m.entries()]
      .filter(([, n]) => n >= min)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([k]) => k);
  const single = spread(byFrequency(wordDocs, 2), perKind);
  const pairs = spread(byFrequency(pairDocs, 2), perKind);
  const prefixes = [...new Set(spread(byFrequency(wordDocs, 3), perKind * 2).map((w, i) => w.slice(0, 3 + (i % 2))))].slice(0, perKind);
  return [...single.map((q) => ({ kind: 'word' as const, q })), ...pairs.map((q) => ({ kind: 'twoWords' as const, q })), ...prefixes.map((q) => ({ kind: 'prefix' as const, q }))];
}
