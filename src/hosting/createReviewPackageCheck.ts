/**
 * Preparation at review (issue #22, item 5): when a version with a hostable package
 * is submitted, each such package is prepared (fetched, verified, cached) as one of
 * the review's automated checks, and each result is recorded in
 * `package_preparations` (migration 020) with its integrity and prepared size, or its
 * named failure. The check fails when a package is missing, fails its integrity check,
 * is too large or cannot be fetched; a package this machine cannot host
 * (`runtime-missing`, `unsupported`) is recorded and reported but does not fail it,
 * since nothing is wrong with the package.
 */
import type { ServerJson } from '../catalog/index.js';
import { nowMicros, savePackagePreparation, type Store } from '../store/index.js';
import { HOSTABLE_REGISTRY_TYPES, type PackagePreparer } from './hostingTypes.js';
import { sizeOfTree } from './packageCache.js';

export interface ReviewPackageCheck {
  /** Whether the version lists a package hosting prepares (so the check is pending at submit). */
  applies(doc: ServerJson): boolean;
  /** Prepares every hostable package of the version and records each result. Never throws for a package's failure. */
  run(server: string, version: string, doc: ServerJson): Promise<{ outcome: 'pass' | 'fail' | 'skipped'; detail: string }>;
}

type DocPackage = NonNullable<ServerJson['packages']>[number];

function hostable(doc: ServerJson): DocPackage[] {
  return (doc.packages ?? []).filter((p) => (HOSTABLE_REGISTRY_TYPES as readonly string[]).includes(p.registryType) && (p.transport as { type?: unknown } | undefined)?.type === 'stdio');
}

function label(p: DocPackage): string {
  return `${p.registryType} ${p.identifier.slice(0, 200)}${p.version ? `@${p.version.slice(0, 50)}` : ''}`;
}

export function createReviewPackageCheck({ preparer, store }: { preparer: PackagePreparer; store: Store }): ReviewPackageCheck {
  return {
    applies: (doc) => hostable(doc).length > 0,
    async run(server, version, doc) {
      const lines: string[] = [];
      let failed = false;
      let prepared = 0;
      for (const pkg of hostable(doc)) {
        const result = await preparer.prepare(pkg);
        const size = result.ok ? await sizeOfTree(result.prepared.root, Number.MAX_SAFE_INTEGER).catch(() => null) : null;
        await savePackagePreparation({
          tx: store.db,
          row: {
            server,
            version,
            registry_type: pkg.registryType,
            identifier: pkg.identifier,
            outcome: result.ok ? 'ok' : result.problem,
            integrity: result.ok ? result.prepared.integrity : null,
            size_bytes: size,
            reason: result.ok ? null : result.reason,
            prepared_at: nowMicros(),
          },
        });
        if (result.ok) {
          prepared += 1;
          lines.push(`${label(pkg)}: prepared, ${result.prepared.integrity}, ${size === null ? 'size unknown' : `${size} bytes`}`);
        } else {
          if (result.problem !== 'runtime-missing' && result.problem !== 'unsupported') failed = true;
          lines.push(`${label(pkg)}: ${result.problem}: ${result.reason}`);
        }
      }
      const detail = lines.join('; ').slice(0, 2000);
      return { outcome: failed ? 'fail' : prepared > 0 ? 'pass' : 'skipped', detail };
    },
  };
}
