/**
 * `npm run bench:web`: only the web UI figures (see webUiFigures.ts), on the same
 * dataset-derived catalog as `npm run bench`, printed as one JSON document with
 * their targets. `npm run bench` includes them as its `webUi` section.
 */
import { deriveCatalog, loadDataset, splitValid } from './catalogFixture.js';
import { progress } from './progress.js';
import { searchQueries } from './searchQueries.js';
import { webUiTargets } from './targets.js';
import { webUiFigures } from './webUiFigures.js';

const SERVERS = Number(process.env.BENCH_SERVERS ?? 10_000);

async function main(): Promise<number> {
  const dataset = loadDataset();
  const { valid } = splitValid(dataset);
  const webUi = await webUiFigures(deriveCatalog(valid, SERVERS), searchQueries(dataset));
  process.stdout.write(`${JSON.stringify({ webUi, targets: webUiTargets(webUi) }, null, 2)}\n`);
  progress('done');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  },
);
