/**
 * `toolshed users …` and `toolshed tokens create`: local people (no identity
 * provider; for trials and break-glass) and their personal tokens, over the
 * admin API of a running Toolshed (`--url`, default $TOOLSHED_URL or
 * http://127.0.0.1:8080; `--token`, default $TOOLSHED_TOKEN, e.g. the admin
 * token), so they work while the server runs, on SQLite too. Exit codes: 0 ok,
 * 1 the server refused, 2 usage or local errors.
 */
import type { Command } from 'commander';
import { ROLES, TOKEN_SCOPES } from '../access/index.js';
import { call, connection, expect2xx } from './accessCommands.js';
import { runAction, usageError, usageExitCodes } from './publisher/publisherError.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface UserAnswer {
  id: string;
  email: string | null;
  subject: string;
  roles: string[];
  local?: boolean;
  disabled: boolean;
  lastLoginAt: string | null;
}

const userLine = (u: UserAnswer) => [u.id, u.email ?? u.subject, u.local ? 'local' : 'identity provider', `roles ${u.roles.join(',')}`, u.disabled ? 'DISABLED' : 'enabled'].join('  ');

const withServerOptions = (command: Command) =>
  usageExitCodes(
    command
      .option('--url <url>', 'the Toolshed to talk to (default $TOOLSHED_URL or http://127.0.0.1:8080)')
      .option('--token <token>', 'a token with access.manage, e.g. the admin token (default $TOOLSHED_TOKEN)'),
  );

async function setDisabled(command: Command, person: string, disabled: boolean): Promise<void> {
  const c = connection(command);
  const user = expect2xx(`cannot find ${person}`, await call(c, 'GET', `/api/admin/users/${encodeURIComponent(person)}`)) as unknown as UserAnswer;
  const updated = expect2xx(`cannot change ${person}`, await call(c, 'PATCH', `/api/admin/users/${encodeURIComponent(user.id)}`, { disabled })) as unknown as UserAnswer;
  process.stdout.write(`${disabled ? 'disabled' : 'enabled'}: ${userLine(updated)}\n`);
}

export function registerPeopleCommands(program: Command): void {
  const users = withServerOptions(program.command('users').description('Local people (no identity provider): add, list, disable, enable'));

  usageExitCodes(
    users
      .command('add')
      .description('Add a local person; then make them a token with `toolshed tokens create --user <email>`')
      .argument('<email>', 'their email address (it identifies them)')
      .option('--name <name>', 'their name, as lists show it')
      .option('--role <role>', `a role (repeatable): ${ROLES.join(', ')}`, collect)
      .action(
        runAction(async (email: string, opts: { name?: string; role?: string[] }, command: Command) => {
          const body = { email, ...(opts.name ? { name: opts.name } : {}), ...(opts.role ? { roles: opts.role } : {}) };
          const user = expect2xx(`cannot add ${email}`, await call(connection(command), 'POST', '/api/admin/users', body)) as unknown as UserAnswer;
          process.stdout.write(`added ${userLine(user)}\n`);
        }),
      ),
  );

  usageExitCodes(
    users
      .command('list')
      .description('Everyone Toolshed knows: local people and people who signed in with the identity provider')
      .option('--json', 'print them as JSON')
      .action(
        runAction(async (opts: { json?: boolean }, command: Command) => {
          const c = connection(command);
          const all: UserAnswer[] = [];
          let localPeople: unknown;
          for (let cursor: string | undefined, first = true; first || cursor; first = false) {
            const page = expect2xx('cannot list people', await call(c, 'GET', `/api/admin/users?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
            all.push(...((page.users as UserAnswer[]) ?? []));
            const meta = (page.metadata ?? {}) as { nextCursor?: string; localPeople?: boolean };
            cursor = meta.nextCursor;
            localPeople = meta.localPeople;
          }
          if (opts.json) process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
          else for (const u of all) process.stdout.write(`${userLine(u)}\n`);
          if (!opts.json) process.stdout.write(`${all.length} people; local people are ${localPeople === false ? 'off (TOOLSHED_LOCAL_PEOPLE)' : 'on'}\n`);
        }),
      ),
  );

  usageExitCodes(
    users
      .command('disable')
      .description('Stop a person: their tokens and sessions stop working at once')
      .argument('<person>', 'their email or user id (usr_…)')
      .action(runAction(async (person: string, _opts: unknown, command: Command) => setDisabled(command, person, true))),
  );

  usageExitCodes(
    users
      .command('enable')
      .description('Let a disabled person act again')
      .argument('<person>', 'their email or user id (usr_…)')
      .action(runAction(async (person: string, _opts: unknown, command: Command) => setDisabled(command, person, false))),
  );

  const tokens = withServerOptions(program.command('tokens').description('Personal tokens for local people'));

  usageExitCodes(
    tokens
      .command('create')
      .description('Create a personal token for a local person; prints its secret once, on standard output')
      .requiredOption('--user <person>', 'the local person: email or user id (usr_…)')
      .option('--scope <scope>', `what it may be used for (repeatable): ${TOKEN_SCOPES.join(', ')}`, collect)
      .option('--name <name>', 'what the token is for', 'created with toolshed tokens create')
      .option('--expires-days <days>', 'days until it expires (default 90, at most tokenMaxDays)')
      .action(
        runAction(async (opts: { user: string; scope?: string[]; name: string; expiresDays?: string }, command: Command) => {
          if (!opts.scope?.length) throw usageError(`give it at least one --scope (${TOKEN_SCOPES.join(', ')}); gateway is what MCP clients need`);
          if (opts.expiresDays !== undefined && !/^\d{1,5}$/.test(opts.expiresDays)) throw usageError('--expires-days must be a whole number of days');
          const body = { name: opts.name, scopes: opts.scope, ...(opts.expiresDays ? { expiresInDays: Number(opts.expiresDays) } : {}) };
          const created = expect2xx(`cannot create a token for ${opts.user}`, await call(connection(command), 'POST', `/api/admin/users/${encodeURIComponent(opts.user)}/tokens`, body));
          const t = created.token as { id: string; scopes: string[]; expiresAt: string };
          process.stderr.write(`created token ${t.id} for ${opts.user}: scopes ${t.scopes.join(',')}, expires ${t.expiresAt}. The secret below is shown only now; store it safely.\n`);
          process.stdout.write(`${String(created.secret)}\n`);
        }),
      ),
  );
}
