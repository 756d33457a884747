/**
 * `toolshed status <name> [version] --status …`: marks one version, or every
 * version with --all-versions, active, deprecated or deleted through the PATCH
 * endpoints, showing each change as `from → to` first. Changing every version
 * asks for confirmation; without a terminal to ask on, it needs --yes.
 */
import { createInterface } from 'node:readline/promises';
import { Option, type Command } from 'commander';
import { refusedError, runAction, usageError } from './publisherError.js';
import { callRegistry, describeProblem, isObject, type RegistryResponse } from './registryClient.js';
import { loginAgainHint, storedLogin } from './storedLogin.js';
import type { StoredToken } from './tokenStore.js';

const STATUSES = ['active', 'deprecated', 'deleted'] as const;
const OFFICIAL_META = 'io.modelcontextprotocol.registry/official';

interface StatusOptions {
  status: (typeof STATUSES)[number];
  message?: string;
  allVersions?: boolean;
  yes?: boolean;
}

function currentStatus(entry: unknown): { version: string; status: string } {
  const server = isObject(entry) && isObject(entry.server) ? entry.server : {};
  const meta = isObject(entry) && isObject(entry._meta) && isObject(entry._meta[OFFICIAL_META]) ? entry._meta[OFFICIAL_META] : {};
  return { version: String(server.version ?? '?'), status: String(meta.status ?? 'unknown') };
}

function refused(what: string, res: RegistryResponse, login: StoredToken): never {
  const hint = res.status === 401 ? `\n${loginAgainHint(login)}` : '';
  throw refusedError(`${what}: ${describeProblem(res)}${hint}`);
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export function statusCommand(program: Command): Command {
  return program
    .command('status')
    .description('Set the status of a published version (or of every version) of a server')
    .argument('<name>', 'server name, e.g. io.github.acme/weather')
    .argument('[version]', 'the version to change (omit with --all-versions)')
    .addOption(new Option('--status <status>', 'the new status').choices(STATUSES).makeOptionMandatory())
    .option('--message <message>', 'status message shown to clients (e.g. what to use instead)')
    .option('--all-versions', 'change every version of the server')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(
      runAction(async (name: string, version: string | undefined, opts: StatusOptions) => {
        if (opts.allVersions && version) throw usageError('give a version or --all-versions, not both');
        if (!opts.allVersions && !version) throw usageError('a version is required (or --all-versions)');
        const login = storedLogin();
        const body = { status: opts.status, ...(opts.message !== undefined ? { statusMessage: opts.message } : {}) };
        const base = `/v0/servers/${encodeURIComponent(name)}`;

        if (!opts.allVersions) {
          const path = `${base}/versions/${encodeURIComponent(version!)}`;
          const current = await callRegistry(login.registry, 'GET', `${path}?include_deleted=true`);
          if (current.status !== 200) refused(`cannot read ${name} ${version}`, current, login);
          process.stdout.write(`${name} ${version}: ${currentStatus(current.body).status} → ${opts.status}\n`);
          const res = await callRegistry(login.registry, 'PATCH', `${path}/status`, { body, token: login.token });
          if (res.status !== 200) refused('status change failed', res, login);
          process.stdout.write(`✓ ${name} version ${version} is now ${opts.status}\n`);
          return;
        }

        const listed = await callRegistry(login.registry, 'GET', `${base}/versions?include_deleted=true`);
        if (listed.status !== 200) refused(`cannot list the versions of ${name}`, listed, login);
        const entries = isObject(listed.body) && Array.isArray(listed.body.servers) ? listed.body.servers : [];
        for (const entry of entries) {
          const { version: v, status } = currentStatus(entry);
          process.stdout.write(`${name} ${v}: ${status} → ${opts.status}\n`);
        }
        if (!opts.yes) {
          if (!process.stdin.isTTY) {
            throw usageError(`refusing to change ${entries.length} versions without confirmation: pass --yes`);
          }
          if (!(await confirm(`Change the status of ${entries.length} versions of ${name}? Continue? [y/N] `))) {
            throw usageError('cancelled');
          }
        }
        const res = await callRegistry(login.registry, 'PATCH', `${base}/status`, { body, token: login.token });
        if (res.status !== 200) refused('status change failed', res, login);
        process.stdout.write(`✓ ${entries.length} versions of ${name} are now ${opts.status}\n`);
      }),
    );
}
