/**
 * A Toolshed server for the private-catalog figures: configured from the
 * environment like serve-child.ts (TOOLSHED_CATALOG_VISIBILITY picks public or
 * private), with the access rules read from the JSON file named in argv[2] and the
 * test-only resolver of made-up users (`Bearer test-user:<id>:<groups>`). Both
 * modes run this same script, so the comparison differs only in visibility.
 */
import { readFileSync } from 'node:fs';
import { createDecider } from '../src/access/createDecider.js';
import { loadConfig } from '../src/config.js';
import { createToolshed } from '../src/createToolshed.js';
import { testUserResolver } from '../test/support/testUserResolver.js';

const rules = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
const config = loadConfig(process.env, { host: '127.0.0.1', port: 0, logLevel: 'silent', verifyPackages: [] });
const toolshed = await createToolshed(config, {
  accessPolicy: { ...createDecider(rules, undefined, { defaultEffect: config.accessDefaultEffect }), generation: 1 },
  extraResolvers: [testUserResolver],
});
const address = await toolshed.app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ address })}\n`);

let closing = false;
process.on('SIGTERM', () => {
  if (closing) return;
  closing = true;
  void toolshed.close().finally(() => process.exit(0));
});
