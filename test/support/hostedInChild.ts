/**
 * A whole Toolshed in a process of its own with one hosted instance running, so a
 * test can SIGKILL it and look for what it left. Configuration comes from the
 * environment like `toolshed` itself; argv: the fixture's built package folder.
 * Prints `running <pid>` once the instance answers.
 */
import { loadConfig } from '../../src/config.js';
import { createToolshed } from '../../src/createToolshed.js';
import { fixturePackage, fixturePreparer } from './hostedFixture.js';

const [root] = process.argv.slice(2);
const t = await createToolshed(loadConfig(), { hostingPreparer: fixturePreparer(root!) });
const result = await t.hosting.instances.acquire({ server: 'io.test/orphan', version: '1.0.0', person: 'p', package: fixturePackage(), values: new Map([['FIXTURE_TOKEN', 'x']]) });
if (!result.ok) {
  process.stdout.write(`failed ${result.problem}: ${result.reason}\n`);
  process.exit(1);
}
process.stdout.write(`running ${t.hosting.instances.list()[0]!.pid}\n`);
// Stays up until killed.
setInterval(() => undefined, 60_000);
