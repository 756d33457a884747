/**
 * `toolshed servers governance|trust|owners|recertify`: a server's trust level,
 * owners and re-certification over a running Toolshed's API (`--url`, default
 * $TOOLSHED_URL or http://127.0.0.1:8080; `--token`, default $TOOLSHED_TOKEN). A
 * change reads the server's governance first and sends its revision as If-Match, so
 * a change someone made in between is refused (412), never overwritten.
 * Exit codes: 0 ok, 1 the server refused, 2 usage or local errors.
 */
import type { Command } from 'commander';
import { TRUST_LEVELS } from '../schemas/governance.js';
import { call, connection, expect2xx, type Connection } from './accessCommands.js';
import { runAction, usageError, usageExitCodes } from './publisher/publisherError.js';

type Owner = { kind: 'user'; id: string; email?: string } | { kind: 'group'; name: string };

const pathOf = (name: string) => `/api/servers/${encodeURIComponent(name)}`;

async function read(c: Connection, name: string): Promise<Record<string, unknown>> {
  return expect2xx(`cannot read the governance of ${name}`, await call(c, 'GET', `${pathOf(name)}/governance`));
}

const etagOf = (g: Record<string, unknown>) => `W/"${String(g.revision)}"`;

function show(g: Record<string, unknown>): void {
  const owners = ((g.owners as Owner[]) ?? []).map((o) => (o.kind === 'group' ? `group ${o.name}` : (o.email ?? o.id)));
  const lines = [
    `${String(g.name)}`,
    `  trust:          ${g.trust ? `${String(g.trust)} (${g.trustSource === 'curation' ? 'curated default' : `set by ${String(g.trustSetBy)} at ${String(g.trustSetAt)}`})` : '(none)'}`,
    `  owners:         ${owners.length ? owners.join(', ') : '(none)'}`,
    `  support:        ${String(g.supportContact ?? '(none)')}`,
    `  docs:           ${String(g.docsUrl ?? '(none)')}`,
    `  re-certified:   ${g.recertifiedAt ? `${String(g.recertifiedAt)} by ${String(g.recertifiedBy)}` : '(never)'}`,
    `  due:            ${String(g.recertifyDueAt ?? '(no due date)')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function registerServerGovernanceCommands(program: Command): void {
  const servers = program
    .command('servers')
    .description('Governance of catalog servers on a running Toolshed: trust levels, owners, re-certification')
    .option('--url <url>', 'the Toolshed to talk to (default $TOOLSHED_URL or http://127.0.0.1:8080)')
    .option('--token <token>', 'your Toolshed token (default $TOOLSHED_TOKEN)');
  usageExitCodes(servers);

  usageExitCodes(
    servers
      .command('governance')
      .description('A server’s trust level, owners, support contact, docs URL and re-certification')
      .argument('<name>', 'the server name')
      .option('--json', 'print the answer as JSON')
      .action(
        runAction(async (name: string, opts: { json?: boolean }, command: Command) => {
          const g = await read(connection(command), name);
          if (opts.json) process.stdout.write(`${JSON.stringify(g, null, 2)}\n`);
          else show(g);
        }),
      ),
  );

  usageExitCodes(
    servers
      .command('trust')
      .description(`Set a server’s trust level (${TRUST_LEVELS.join(', ')}, or none to clear); needs catalog.approve`)
      .argument('<name>', 'the server name')
      .argument('<level>', 'the trust level')
      .option('--reason <text>', 'why, for the audit log')
      .action(
        runAction(async (name: string, level: string, opts: { reason?: string }, command: Command) => {
          if (level !== 'none' && !(TRUST_LEVELS as readonly string[]).includes(level)) {
            throw usageError(`unknown trust level "${level}": use one of ${TRUST_LEVELS.join(', ')}, or none`);
          }
          const c = connection(command);
          const before = await read(c, name);
          const body = { trust: level === 'none' ? null : level, ...(opts.reason !== undefined ? { reason: opts.reason } : {}) };
          show(expect2xx(`cannot set the trust of ${name}`, await call(c, 'PATCH', `${pathOf(name)}/governance`, body, { 'if-match': etagOf(before) })));
        }),
      ),
  );

  const collect = (value: string, previous: string[]) => [...previous, value];
  usageExitCodes(
    servers
      .command('owners')
      .description('Add or remove a server’s owners, or set its support contact and docs URL; needs catalog.approve or being an owner')
      .argument('<name>', 'the server name')
      .option('--add-user <email>', 'add a person by their verified email (repeatable)', collect, [])
      .option('--add-group <group>', 'add a group (repeatable)', collect, [])
      .option('--remove-user <email-or-id>', 'remove a person (repeatable)', collect, [])
      .option('--remove-group <group>', 'remove a group (repeatable)', collect, [])
      .option('--support <contact>', 'support contact: an email address or an http(s) URL ("" clears)')
      .option('--docs <url>', 'docs URL, https ("" clears)')
      .option('--reason <text>', 'why, for the audit log')
      .action(
        runAction(
          async (name: string, opts: { addUser: string[]; addGroup: string[]; removeUser: string[]; removeGroup: string[]; support?: string; docs?: string; reason?: string }, command: Command) => {
            const c = connection(command);
            const before = await read(c, name);
            const current = (before.owners as Owner[]) ?? [];
            const removedUsers = new Set(opts.removeUser.map((u) => u.toLowerCase()));
            const kept: Array<Record<string, string>> = current
              .filter((o) => (o.kind === 'group' ? !opts.removeGroup.includes(o.name) : !removedUsers.has(o.id.toLowerCase()) && !removedUsers.has((o.email ?? '').toLowerCase())))
              .map((o): Record<string, string> => (o.kind === 'group' ? { kind: 'group', name: o.name } : { kind: 'user', id: o.id }));
            const owners = [...kept, ...opts.addUser.map((email) => ({ kind: 'user', email })), ...opts.addGroup.map((g) => ({ kind: 'group', name: g }))];
            const changesOwners = opts.addUser.length + opts.addGroup.length + opts.removeUser.length + opts.removeGroup.length > 0;
            if (!changesOwners && opts.support === undefined && opts.docs === undefined)
              throw usageError('nothing to change: name --add-user, --add-group, --remove-user, --remove-group, --support or --docs');
            const body = {
              ...(changesOwners ? { owners } : {}),
              ...(opts.support !== undefined ? { supportContact: opts.support === '' ? null : opts.support } : {}),
              ...(opts.docs !== undefined ? { docsUrl: opts.docs === '' ? null : opts.docs } : {}),
              ...(opts.reason !== undefined ? { reason: opts.reason } : {}),
            };
            show(expect2xx(`cannot change the owners of ${name}`, await call(c, 'PATCH', `${pathOf(name)}/governance`, body, { 'if-match': etagOf(before) })));
          },
        ),
      ),
  );

  usageExitCodes(
    servers
      .command('recertify')
      .description('Re-certify a server (an owner or catalog.approve): records who and when and sets the next due date')
      .argument('<name>', 'the server name')
      .option('--reason <text>', 'why, for the audit log')
      .action(
        runAction(async (name: string, opts: { reason?: string }, command: Command) => {
          const c = connection(command);
          const before = await read(c, name);
          const body = opts.reason !== undefined ? { reason: opts.reason } : {};
          show(expect2xx(`cannot re-certify ${name}`, await call(c, 'POST', `${pathOf(name)}/recertify`, body, { 'if-match': etagOf(before) })));
        }),
      ),
  );
}
