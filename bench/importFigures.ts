/**
 * Import figures, both through `importCatalog` (the code behind `toolshed import`:
 * API shape check, full validation, one transaction per document):
 * - the dataset-derived catalog, split by server over `concurrency` workers (each
 *   worker imports whole servers, versions in order);
 * - the real dataset file into an empty database, opened as the CLI opens it.
 */
import { importCatalog, readImportFile, type ImportReport } from '../src/cli/importCatalog.js';
import { createCatalog, type Catalog } from '../src/catalog/index.js';
import { openStore } from '../src/store/index.js';
import { DATASET_PATH, type Doc } from './catalogFixture.js';
import { scratchDatabase, type DatabaseKind } from './scratchDatabases.js';

export interface ImportFigure {
  documents: number;
  created: number;
  failed: number;
  /** Stored with warnings: semantic rules a publish would enforce (import is lenient about them). */
  warned: number;
  concurrency: number;
  seconds: number;
  docsPerSec: number;
  firstFailures?: ImportReport['failed'];
}

function figure(reports: ImportReport[], concurrency: number, ms: number): ImportFigure {
  const documents = reports.reduce((n, r) => n + r.total, 0);
  const failures = reports.flatMap((r) => r.failed);
  return {
    documents,
    created: reports.reduce((n, r) => n + r.created, 0),
    failed: failures.length,
    warned: reports.reduce((n, r) => n + (r.warned?.length ?? 0), 0),
    concurrency,
    seconds: Math.round(ms) / 1000,
    docsPerSec: Math.round((documents / ms) * 1000),
    ...(failures.length ? { firstFailures: failures.slice(0, 3) } : {}),
  };
}

export async function importDerivedCatalog(catalog: Catalog, servers: Doc[][], concurrency: number, onProgress: (done: number) => void = () => {}): Promise<ImportFigure> {
  const chunks = Array.from({ length: concurrency }, (_, w) => servers.filter((_, i) => i % concurrency === w).flat());
  let done = 0;
  const start = performance.now();
  const reports = await Promise.all(chunks.map((items) => importCatalog(catalog, items, () => onProgress(++done))));
  return figure(reports, concurrency, performance.now() - start);
}

export interface DatasetImportFigure extends ImportFigure {
  /** Including opening and migrating the empty database and reading the file, as the CLI does. */
  totalSeconds: number;
}

export async function importDatasetFile(kind: DatabaseKind): Promise<DatasetImportFigure> {
  const db = await scratchDatabase(kind, 'dataset');
  try {
    const start = performance.now();
    const items = readImportFile(DATASET_PATH);
    const store = await openStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
    try {
      const catalog = createCatalog({ store, cacheBytes: 0 });
      const importStart = performance.now();
      const report = await importCatalog(catalog, items);
      const end = performance.now();
      return { ...figure([report], 1, end - importStart), totalSeconds: Math.round(end - start) / 1000 };
    } finally {
      await store.close();
    }
  } finally {
    await db.drop();
  }
}
