/**
 * The Toolshed gateway under test, in its own process (so its RSS is its own and
 * the load generator does not share its event loop). Configured from the
 * environment like `toolshed serve`, with the gateway on and the access plane's
 * stored rules as its policy. It registers the bench upstreams in the catalog
 * (BENCH_ECHO_URL, BENCH_PROGRESS_URL; BENCH_LIST_URL, a 50-tool upstream, twice:
 * `com.bench/list-pinned`, probed and pinned, and `com.bench/list-unpinned`), stores a realistic rule set, signs a user
 * in, issues them a personal access token (scope `gateway`) and creates their
 * gateway connections (the `/mcp/{connection}` URLs `toolshed serve` gives out),
 * writes `{token, connections, features}` to BENCH_INFO_FILE and prints
 * `{"address":…}` on stdout. The gateway is composed exactly as in production:
 * no test hooks, the stored access rules as its policy.
 */
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../src/config.js';
import { createToolshed } from '../src/createToolshed.js';

const GROUPS = Array.from({ length: 16 }, (_, i) => `team-${i}`);

/** ~40 rules in the shape a company would write: teams on their namespaces, a few denials. */
function ruleSet() {
  const rules: unknown[] = [
    { id: 'no-destructive-tools', effect: 'deny', subject: { everyone: true }, actions: ['call'], resource: { server: '*', tool: 'delete_everything' } },
    { id: 'contractors-not-internal', effect: 'deny', subject: { group: 'contractors' }, actions: ['connect', 'call'], resource: { server: 'com.bench/internal-*' } },
    { id: 'platform-uses-bench', effect: 'allow', subject: { group: 'platform' }, actions: ['discover', 'connect', 'call'], resource: { server: 'com.bench/*' } },
  ];
  for (const group of GROUPS) {
    rules.push({ id: `${group}-own`, effect: 'allow', subject: { group }, actions: ['discover', 'connect', 'call'], resource: { server: `com.${group}/*` } });
    rules.push({ id: `${group}-no-admin`, effect: 'deny', subject: { group }, actions: ['call'], resource: { server: `com.${group}/*`, tool: 'admin' } });
  }
  rules.push({ id: 'everyone-discovers-public', effect: 'allow', subject: { everyone: true }, actions: ['discover'], resource: { server: 'io.public/*' } });
  return rules;
}

const config = loadConfig(process.env, {
  host: '127.0.0.1',
  port: 0,
  logLevel: 'silent',
  verifyPackages: [],
  outboundAllow: ['127.0.0.0/8'],
  outboundAllowHttp: true,
  accessDefaultEffect: 'deny',
});
const toolshed = await createToolshed(config);

const servers = [
  ['com.bench/echo', process.env.BENCH_ECHO_URL],
  ['com.bench/progress', process.env.BENCH_PROGRESS_URL],
  // Distinct URLs (the upstream answers on any path), as two registered servers would have.
  ['com.bench/list-pinned', process.env.BENCH_LIST_URL && `${process.env.BENCH_LIST_URL}/pinned`],
  ['com.bench/list-unpinned', process.env.BENCH_LIST_URL && `${process.env.BENCH_LIST_URL}/unpinned`],
] as const;
for (const [name, url] of servers) {
  if (!url) continue;
  await toolshed.catalog.importDocument({
    $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
    name,
    description: 'Gateway benchmark upstream',
    version: '1.0.0',
    remotes: [{ type: 'streamable-http', url }],
  } as never);
}
if (process.env.BENCH_LIST_URL) {
  // The drift check compares every relayed list with this pin.
  const probed = await toolshed.inventory.probe('com.bench/list-pinned');
  if (!probed.up) throw new Error(`probing the list upstream failed: ${JSON.stringify(probed.failure)}`);
  await toolshed.drift.watch.pin({ server: 'com.bench/list-pinned', by: 'bench' });
}
// Rules may only name groups Toolshed knows: one sign-in that carries them all.
await toolshed.directory.recordSignIn({ issuer: 'https://idp.bench', subject: 'seed', claimGroups: [...GROUPS, 'platform', 'contractors'], claimRoles: [] });
await toolshed.accessPolicy.replaceAll(ruleSet(), { actor: 'bench' });
const user = await toolshed.directory.recordSignIn({ issuer: 'https://idp.bench', subject: 'bench-user', email: 'bench@example.com', claimGroups: ['platform', 'team-3'], claimRoles: [] });
const caller = await toolshed.directory.callerForUser(user.id, 'session');
if (!caller) throw new Error('the bench user has no caller');
const { secret } = await toolshed.apiTokens.createPersonal(caller, { name: 'bench', scopes: ['gateway'] });
const connections: Record<string, string> = {};
for (const [name, url] of servers) {
  if (url) connections[name] = (await toolshed.connections.create(caller, { server: name, label: 'bench / autocannon' })).connection.id;
}

// Rate limits and audit are turned on by their own configuration keys when this
// Toolshed has them; report every such key and its value, so the figures say what was on.
const optional = Object.fromEntries(Object.entries(config).filter(([key]) => /rate.?limit|audit|redis/i.test(key)));
const features = {
  auth: 'personal access token (scope gateway) on a gateway connection (/mcp/{connection})',
  policy: `${toolshed.accessPolicy.rules.length} stored access rules, default ${toolshed.accessPolicy.defaultEffect}`,
  rateLimitAndAuditConfig: optional,
};
if (process.env.BENCH_INFO_FILE) writeFileSync(process.env.BENCH_INFO_FILE, JSON.stringify({ token: secret, connections, features }));

const address = await toolshed.app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ address })}\n`);

let closing = false;
process.on('SIGTERM', () => {
  if (closing) return;
  closing = true;
  void toolshed.close().finally(() => process.exit(0));
});
