/**
 * The Toolshed server under test, in its own process so the load generator does
 * not share its event loop. Configured from the environment like `toolshed serve`
 * (DATABASE_URL, TOOLSHED_DATA_DIR, TOOLSHED_RESPONSE_CACHE_MB, …), it listens on
 * an ephemeral loopback port and prints `{"address":…}` as one line on stdout.
 */
import { loadConfig } from '../src/config.js';
import { createToolshed } from '../src/createToolshed.js';

// Package ownership checks would call npm/PyPI/… over the internet: off, so publish
// measures validation and the store, and the bench stays on loopback.
// BENCH_WEB_UI_DIR: a built web UI to serve at `/` (the web UI figures).
const webUiDir = process.env.BENCH_WEB_UI_DIR;
const toolshed = await createToolshed(loadConfig(process.env, { host: '127.0.0.1', port: 0, logLevel: 'silent', verifyPackages: [] }), webUiDir ? { webUiDir } : {});
const address = await toolshed.app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ address })}\n`);

let closing = false;
process.on('SIGTERM', () => {
  if (closing) return;
  closing = true;
  // Closing releases the SQLite pid lock, so the next child can open the same file.
  void toolshed.close().finally(() => process.exit(0));
});
