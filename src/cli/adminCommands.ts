/**
 * `toolshed admin …`: the way in on a fresh install. Where the bootstrap admin
 * token is, the people who have signed in, granting and taking back roles, and
 * service tokens. They open the configured store directly (as `toolshed import`
 * does; with the embedded SQLite database the server must be stopped), so they
 * need neither an identity provider nor a running server. Exit codes: 0 ok,
 * 1 the store failed, 2 bad usage or a refused change.
 */
import type { Command } from 'commander';
import { createApiTokens, createDirectory, type DirectoryAdmin, type UserRecord, isRole, ROLES, type Role } from '../access/index.js';
import type { Config } from '../config.js';
import { adminTokenSettings } from '../compose/planeSettings.js';
import { loadInstanceKeys, resolveAdminToken } from '../instanceKeys.js';
import { ToolshedError } from '../errors.js';
import { formatTimestamp, openStore } from '../store/index.js';
import { describeError } from './describeError.js';
import { CommandError, cliActor } from './commandError.js';

type Opened = { directory: DirectoryAdmin; apiTokens: ReturnType<typeof createApiTokens> };

/** Opens the store, runs `work`, closes, and exits with its code. */
function withAccess<A extends unknown[]>(loadConfig: () => Config, command: string, work: (opened: Opened, ...args: A) => Promise<number>) {
  return async (...args: A) => {
    const cfg = loadConfig();
    let code: number;
    const store = await openStore({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, poolSize: cfg.databasePoolSize }).catch((err: unknown) => {
      process.stderr.write(`toolshed ${command}: cannot open the database: ${(err as Error).message}\n`);
      process.exit(1);
    });
    try {
      const directory = createDirectory({ store, config: cfg });
      code = await work({ directory, apiTokens: createApiTokens({ store, directory, config: cfg }) }, ...args);
    } catch (err) {
      const failure = err instanceof CommandError ? err : new CommandError(describeError(err), err instanceof ToolshedError && err.status >= 400 && err.status < 500 ? 2 : 1);
      process.stderr.write(`toolshed ${command}: ${failure.message}\n`);
      code = failure.exitCode;
    } finally {
      await store.close();
    }
    process.exit(code);
  };
}

function role(value: string): Role {
  if (!isRole(value)) throw new CommandError(`unknown role '${value}': roles are ${ROLES.join(', ')}`, 2);
  return value;
}

function describeUser(u: UserRecord): string {
  const assigned = u.assignedRoles.length ? u.assignedRoles.join(',') : '-';
  return [
    u.id,
    u.email ?? u.subject,
    `roles ${u.roles.join(',')} (assigned ${assigned})`,
    `groups ${u.groups.length ? u.groups.join(',') : '-'}`,
    u.disabled ? 'DISABLED' : 'enabled',
    `last sign-in ${u.lastLoginAt === null ? 'never' : formatTimestamp(u.lastLoginAt)}`,
  ].join('  ');
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerAdminCommands(program: Command, loadConfig: () => Config): void {
  const admin = program.command('admin').description('Bootstrap and manage access: the admin token, people’s roles, service tokens');

  admin
    .command('token')
    .description('Say where the bootstrap admin token is (generating it into the data directory on a fresh install)')
    .option('--show', 'print the token itself on standard output')
    .action(async (opts: { show?: boolean }) => {
      const cfg = loadConfig();
      let token;
      if (!cfg.databaseUrl || cfg.adminToken) token = resolveAdminToken(adminTokenSettings(cfg));
      else {
        // On PostgreSQL the generated token is the one the replicas share, kept (sealed) in the database.
        const store = await openStore({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, poolSize: 1 }).catch((err: unknown) => {
          process.stderr.write(`toolshed admin token: cannot open the database: ${(err as Error).message}\n`);
          process.exit(1);
        });
        try {
          token = (await loadInstanceKeys(store, cfg)).admin;
        } finally {
          await store.close();
        }
      }
      const where =
        token.source === 'config'
          ? 'set in configuration (TOOLSHED_ADMIN_TOKEN or adminToken in the config file)'
          : `in ${token.file} (mode 0600)${token.source === 'generated' ? ', generated just now' : ''}${cfg.databaseUrl ? ', and sealed in the database every replica shares' : ''}`;
      if (opts.show) {
        process.stderr.write(`The admin token is ${where}.\n`);
        process.stdout.write(`${token.token}\n`);
      } else {
        process.stdout.write(`The admin token is ${where}.\nSend it as "Authorization: Bearer <token>"; print it with --show.\n`);
      }
      process.exit(0);
    });

  admin
    .command('users')
    .description('List the people who have signed in, with their roles and groups')
    .option('--json', 'print them as JSON')
    .action(
      withAccess(loadConfig, 'admin users', async ({ directory }, opts: { json?: boolean }) => {
        const users: UserRecord[] = [];
        for (let page = await directory.listUsers({ limit: 500 }); page.length; page = await directory.listUsers({ limit: 500, after: page[page.length - 1]!.id })) {
          users.push(...page);
        }
        if (opts.json) process.stdout.write(`${JSON.stringify(users, null, 2)}\n`);
        else if (!users.length) process.stdout.write('nobody has signed in yet (name the first admins in TOOLSHED_ADMIN_USERS)\n');
        else for (const u of users) process.stdout.write(`${describeUser(u)}\n`);
        return 0;
      }),
    );

  admin
    .command('grant')
    .description('Assign a role to a person who has signed in')
    .argument('<person>', 'their user id (usr_…), IdP subject, or an email their IdP verified')
    .argument('<role>', ROLES.join(' | '))
    .action(
      withAccess(loadConfig, 'admin grant', async ({ directory }, person: string, roleName: string) => {
        const granted = role(roleName);
        const user = await directory.resolveUser(person);
        if (user.assignedRoles.includes(granted)) {
          process.stdout.write(`${user.email ?? user.id} already has the role ${granted}\n`);
          return 0;
        }
        const updated = await directory.updateUser(user.id, { roles: [...user.assignedRoles, granted] }, cliActor());
        process.stdout.write(`granted ${granted}: ${describeUser(updated)}\n`);
        return 0;
      }),
    );

  admin
    .command('revoke-role')
    .description('Take an assigned role away from a person')
    .argument('<person>', 'their user id (usr_…), IdP subject, or an email their IdP verified')
    .argument('<role>', ROLES.join(' | '))
    .action(
      withAccess(loadConfig, 'admin revoke-role', async ({ directory }, person: string, roleName: string) => {
        const taken = role(roleName);
        const user = await directory.resolveUser(person);
        if (!user.assignedRoles.includes(taken)) {
          const why = taken === 'user' ? 'everyone signed in has it' : user.roles.includes(taken) ? 'it comes from their ID token (config oidcGroupMappings)' : 'they do not have it';
          throw new CommandError(`${user.email ?? user.id} has no assigned role ${taken}: ${why}`, 2);
        }
        const updated = await directory.updateUser(user.id, { roles: user.assignedRoles.filter((r) => r !== taken) }, cliActor());
        process.stdout.write(`revoked ${taken}: ${describeUser(updated)}\n`);
        return 0;
      }),
    );

  admin
    .command('create-service-token')
    .description('Create a service token (for CI and services); prints its secret once, on standard output')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--role <role>', `a role it acts with (repeatable): ${ROLES.join(', ')}`, collect)
    .option('--group <group>', 'a group it belongs to, for access rules (repeatable)', collect)
    .option('--scope <scope>', 'what it may be used for (repeatable; default admin: everything its roles allow)', collect)
    .option('--expires-days <days>', 'days until it expires (default 90, at most tokenMaxDays)')
    .action(
      withAccess(loadConfig, 'admin create-service-token', async ({ apiTokens }, opts: { name: string; role?: string[]; group?: string[]; scope?: string[]; expiresDays?: string }) => {
        if (!opts.role?.length) throw new CommandError(`give it at least one --role (${ROLES.join(', ')})`, 2);
        let expiresInDays: number | undefined;
        if (opts.expiresDays !== undefined) {
          if (!/^\d{1,5}$/.test(opts.expiresDays)) throw new CommandError('--expires-days must be a whole number of days', 2);
          expiresInDays = Number(opts.expiresDays);
        }
        const created = await apiTokens.createService({ name: opts.name, roles: opts.role, groups: opts.group ?? [], scopes: opts.scope ?? ['admin'], expiresInDays }, cliActor());
        const t = created.token;
        process.stderr.write(
          `created service token ${t.id} "${t.name}": roles ${t.roles.join(',')}, groups ${t.groups.join(',') || '-'}, scopes ${t.scopes.join(',')}, ` +
            `expires ${formatTimestamp(t.expiresAt!)}. The secret below is shown only now; store it safely.\n`,
        );
        process.stdout.write(`${created.secret}\n`);
        return 0;
      }),
    );

  for (const command of admin.commands) command.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
}
