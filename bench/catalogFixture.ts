/**
 * The benchmark catalog, derived from the real seed dataset so names, descriptions,
 * packages and arguments look like a registry nobody here wrote. Copy `n` of an
 * original server is `<namespace>/<name>-<n>`; each copy gets three versions
 * (x.y.z, x.y.(z+1), x.(y+1).0). Remote URLs are rewritten per copy because the
 * registry refuses a remote URL that another server name already uses.
 *
 * Only documents that pass publish validation are derived from: the seed predates
 * the official registry's argument rules, and some of its documents break them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { validateServerJson } from '../src/catalog/index.js';

export const DATASET_PATH = '/work/shared/datasets/official-seed-2025-05.json';

export type Doc = Record<string, any> & { name: string; version: string; description: string };

export function loadDataset(path = DATASET_PATH): Doc[] {
  if (!existsSync(path)) throw new Error(`dataset ${path} is missing: the benchmark derives its catalog from it`);
  const docs = JSON.parse(readFileSync(path, 'utf8')) as Doc[];
  if (!Array.isArray(docs) || docs.length === 0) throw new Error(`dataset ${path} holds no documents`);
  return docs;
}

export interface DatasetSplit {
  valid: Doc[];
  rejected: { count: number; byRule: Record<string, number> };
}

/** The documents publish validation accepts, and a count of why the others are refused. */
export function splitValid(dataset: Doc[]): DatasetSplit {
  const valid: Doc[] = [];
  const byRule: Record<string, number> = {};
  for (const doc of dataset) {
    const result = validateServerJson(doc);
    if (result.valid) valid.push(doc);
    else for (const i of result.issues) if (i.severity === 'error') byRule[i.reference] = (byRule[i.reference] ?? 0) + 1;
  }
  return { valid, rejected: { count: dataset.length - valid.length, byRule } };
}

function bumpVersions(base: string): [string, string, string] {
  const [major, minor, patch] = base.split('.').map(Number) as [number, number, number];
  return [`${major}.${minor}.${patch}`, `${major}.${minor}.${patch + 1}`, `${major}.${minor + 1}.0`];
}

/** `https://host/path` → `https://copy-<n>.host/path`: still a real-looking URL, unique per copy. */
function rewriteUrl(url: string, tag: string): string {
  const u = new URL(url);
  u.hostname = `${tag}.${u.hostname}`;
  return u.toString();
}

function deriveVersion(original: Doc, name: string, tag: string, version: string, originalVersion: string): Doc {
  const doc = structuredClone(original) as Doc;
  doc.name = name;
  doc.version = version;
  if (Array.isArray(doc.packages)) {
    for (const p of doc.packages) if (p.version === originalVersion) p.version = version;
  }
  if (Array.isArray(doc.remotes)) {
    for (const r of doc.remotes) if (typeof r.url === 'string') r.url = rewriteUrl(r.url, tag);
  }
  return doc;
}

function copyName(original: string, copy: number, label: string): string {
  const [namespace, rest] = original.split('/') as [string, string];
  return `${namespace}/${rest}-${label}${copy}`;
}

/**
 * `servers` copies (cycling over the dataset), each with its three versions in
 * ascending order, grouped by server so a loader can give each worker whole servers.
 */
export function deriveCatalog(dataset: Doc[], servers: number, label = ''): Doc[][] {
  const out: Doc[][] = [];
  for (let i = 0; i < servers; i++) {
    const original = dataset[i % dataset.length]!;
    const copy = Math.floor(i / dataset.length);
    const name = copyName(original.name, copy, label);
    const tag = `${label || 'copy'}-${copy}`;
    out.push(bumpVersions(original.version).map((v) => deriveVersion(original, name, tag, v, original.version)));
  }
  return out;
}

/** Single documents for the publish benchmark, under names the catalog does not hold. */
export function publishDocuments(dataset: Doc[], count: number, label: string): Doc[] {
  return deriveCatalog(dataset, count, label).map((versions) => versions[0]!);
}
