/**
 * Runs one federation sync in a process of its own, so a test can SIGKILL it
 * mid-run. Configuration comes from the environment like `toolshed` itself;
 * argv: source name, page size. Prints `page N` after each committed page.
 */
import { loadConfig } from '../../src/config.js';
import { createToolshed } from '../../src/createToolshed.js';
import { createFederation, createSecretBox } from '../../src/federation/index.js';
import { loadSharedSecretKey } from '../../src/instanceKeys.js';

const [source, pageLimit] = process.argv.slice(2);
const config = loadConfig();
const t = await createToolshed(config);
const federation = createFederation({
  store: t.store,
  catalog: t.catalog,
  outbound: t.outbound,
  secretBox: createSecretBox(await loadSharedSecretKey(t.store, config)),
  tuning: { pageLimit: Number(pageLimit), afterPage: (_s, page) => void process.stdout.write(`page ${page}\n`) },
});
await federation.sync(source!);
process.stdout.write('done\n');
await t.close();
