/**
 * `toolshed import FILE`: loads a JSON array of server.json documents (or of
 * `{server: …}` items, as a list response holds them). Each document is validated
 * like a publish and refused for what a publish refuses, unless `keepInvalid`
 * (existing catalogs, the official seed included, predate some rules): then rule
 * violations are stored and reported as warnings, and only schema errors and what
 * is unsafe to store refuse. Each is stored in its own transaction, so an
 * interrupted import leaves only whole versions behind, and a re-run skips what is
 * already there.
 *
 * Review (issue #21): each created version starts its review as a publish does. With
 * `--as PERSON` the import is attributed to that person, exactly as their publish
 * would be: submitted by their registry subject (their verified email, else their
 * user id) with their groups, so a `publishedBy` group rule matches and four-eyes
 * keeps them from approving it. Without it the submitter is `toolshed import`, in no
 * group.
 */
import { readFileSync } from 'node:fs';
import { createDirectory, type DirectorySettings } from '../access/index.js';
import { checkApiShape, type Catalog, type ImportOutcome } from '../catalog/index.js';
import { ForbiddenError } from '../errors.js';
import type { Store } from '../store/index.js';
import { describeError } from './describeError.js';

/** Who an import is attributed to: the actor of its publish rows and reviews, and their groups. */
export interface ImportIdentity {
  actor: { subject: string; method: string; permissions: [] };
  groups: readonly string[];
}

/**
 * The person `--as` names (user id, subject or verified email), as their own publish
 * would record them. A disabled person, or one nobody can be, is refused.
 */
export async function importIdentity(store: Store, settings: DirectorySettings, reference: string): Promise<ImportIdentity> {
  const directory = createDirectory({ store, config: settings });
  const user = await directory.resolveUser(reference);
  const caller = await directory.callerForUser(user.id, 'personal-token');
  if (!caller) throw new ForbiddenError('ACCESS_USER_DISABLED', `${reference} (${user.id}) is disabled: an import cannot be attributed to them`);
  return { actor: { subject: caller.registry.subject, method: 'import', permissions: [] }, groups: caller.groups };
}

export interface ImportReport {
  total: number;
  created: number;
  unchanged: number;
  failed: Array<{ index: number; name: string; version: string; reason: string }>;
  /** Stored (with `keepInvalid`), but breaking semantic rules that a publish would refuse. */
  warned: Array<{ index: number; name: string; version: string; reason: string }>;
}

export function readImportFile(path: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path} is not valid JSON: ${(err as Error).message}`);
  }
  if (Array.isArray(parsed)) return parsed;
  if (parsed && typeof parsed === 'object' && Array.isArray((parsed as { servers?: unknown }).servers)) {
    return (parsed as { servers: unknown[] }).servers;
  }
  throw new Error(`${path} must hold a JSON array of server.json documents`);
}

export async function importCatalog(
  catalog: Catalog,
  items: unknown[],
  onProgress: (done: number, outcome: ImportOutcome | 'failed') => void = () => {},
  options: { keepInvalid?: boolean; as?: ImportIdentity } = {},
): Promise<ImportReport> {
  const report: ImportReport = { total: items.length, created: 0, unchanged: 0, failed: [], warned: [] };
  for (const [index, item] of items.entries()) {
    const raw = item && typeof item === 'object' && 'server' in item && !('name' in item) ? (item as { server: unknown }).server : item;
    const label = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    const name = typeof label.name === 'string' ? label.name : '(no name)';
    const version = typeof label.version === 'string' ? label.version : '(no version)';
    let outcome: ImportOutcome | 'failed';
    try {
      const shape = checkApiShape(raw);
      if (!shape.ok) {
        throw new Error(
          shape.errors
            .slice(0, 5)
            .map((e) => `${e.location ?? ''}: ${e.message}`)
            .join('; '),
        );
      }
      const result = await catalog.importDocument(shape.value, { strict: !options.keepInvalid, ...(options.as ? { actor: options.as.actor, groups: options.as.groups } : {}) });
      outcome = result.outcome;
      report[outcome]++;
      if (result.warnings.length) {
        const reason = result.warnings
          .slice(0, 5)
          .map((w) => (w.location ? `${w.location}: ${w.message}` : w.message))
          .join('; ');
        report.warned.push({ index, name, version, reason });
      }
    } catch (err) {
      outcome = 'failed';
      report.failed.push({ index, name, version, reason: describeError(err) });
    }
    onProgress(index + 1, outcome);
  }
  return report;
}
