/**
 * `toolshed access …`: the access rules of a running Toolshed over its admin API
 * (`--url`, default $TOOLSHED_URL or http://127.0.0.1:8080; `--token`, default
 * $TOOLSHED_TOKEN): list, get, apply a rules file (or preview it with --dry-run),
 * add, remove, export; explain a decision; simulate a file; read the change log.
 * Exit codes: 0 ok, 1 the server refused, 2 usage or local errors.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { type AccessRule, parseRulesDocument, readYaml, renderRulesDocument } from '../access/index.js';
import { ToolshedError } from '../errors.js';
import { refusedError, runAction, usageError, usageExitCodes } from './publisher/publisherError.js';
import { callUrl, describeProblem, isObject, normalizeRegistry, type RegistryResponse } from './publisher/registryClient.js';

export interface Connection {
  url: string;
  token?: string;
}

/** The Toolshed a command talks to: --url and --token, or $TOOLSHED_URL and $TOOLSHED_TOKEN. */
export function connection(command: Command): Connection {
  const opts = command.optsWithGlobals<{ url?: string; token?: string }>();
  const url = normalizeRegistry(opts.url ?? process.env.TOOLSHED_URL ?? 'http://127.0.0.1:8080');
  const token = opts.token ?? process.env.TOOLSHED_TOKEN;
  return { url, ...(token ? { token } : {}) };
}

export async function call(c: Connection, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<RegistryResponse> {
  return callUrl(`${c.url}${path}`, method, { ...(body !== undefined ? { body } : {}), ...(c.token ? { token: c.token } : {}), headers });
}

export function expect2xx(what: string, res: RegistryResponse): Record<string, unknown> {
  if (res.status < 200 || res.status > 299) {
    const hint = res.status === 401 ? '\n(pass --token or set TOOLSHED_TOKEN)' : '';
    throw refusedError(`${what}: ${describeProblem(res)}${hint}`);
  }
  return isObject(res.body) ? res.body : {};
}

/** A rules file's `rules:` list, read locally (problems with the file itself exit 2). */
function readRulesFile(file: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw usageError(`cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return parseRulesDocument(text, file);
  } catch (err) {
    if (err instanceof ToolshedError) throw usageError(err.message);
    throw err;
  }
}

const subjectText = (s: AccessRule['subject']) => ('user' in s ? `user:${s.user}` : 'group' in s ? `group:${s.group}` : 'anonymous' in s ? 'anonymous' : 'everyone');
const resourceText = (r: AccessRule['resource']) => ('source' in r ? `source:${r.source}` : 'tool' in r ? `${r.server} tool:${r.tool}` : r.server);
const ruleLine = (r: AccessRule) => `${r.id}  ${r.effect}  ${subjectText(r.subject)}  ${r.actions.join(',')}  ${resourceText(r.resource)}${r.description ? `  # ${r.description}` : ''}`;

function printSimulation(body: Record<string, unknown>): void {
  const rules = isObject(body.rules) ? body.rules : {};
  const ids = (k: string) => (Array.isArray(rules[k]) ? (rules[k] as string[]) : []);
  process.stdout.write(`rules: ${ids('added').length} added, ${ids('changed').length} changed, ${ids('removed').length} removed\n`);
  for (const [sign, k] of [
    ['+', 'added'],
    ['~', 'changed'],
    ['-', 'removed'],
  ] as const)
    for (const id of ids(k)) process.stdout.write(`  ${sign} ${id}\n`);
  const changes = Array.isArray(body.changes) ? body.changes : [];
  process.stdout.write(`${String(body.changed)} of ${String(body.decisions)} decisions would change (${String(body.principals)} principals × ${String(body.resources)} servers and tools)\n`);
  for (const c of changes) {
    if (!isObject(c) || !isObject(c.principal) || !isObject(c.before) || !isObject(c.after)) continue;
    const who = String(c.principal.label ?? c.principal.id ?? `groups ${(c.principal.groups as string[]).join(',')}`);
    const what = `${String(c.action)} ${String(c.server)}${c.tool !== undefined ? ` tool ${String(c.tool)}` : ''}`;
    const verdict = (d: Record<string, unknown>) => (d.allowed ? 'allowed' : 'denied');
    process.stdout.write(`  ${who}: ${what}: ${verdict(c.before)} → ${verdict(c.after)} (${String(c.after.reason)})\n`);
  }
  if (Number(body.changed) > changes.length) process.stdout.write(`  … and ${Number(body.changed) - changes.length} more\n`);
  if (body.truncated) process.stdout.write('(stopped at the simulation limit: not every decision was checked)\n');
}

export function registerAccessCommands(program: Command): void {
  const access = program
    .command('access')
    .description('Access rules of a running Toolshed: list, apply, explain, simulate, change log')
    .option('--url <url>', 'the Toolshed to talk to (default $TOOLSHED_URL or http://127.0.0.1:8080)')
    .option('--token <token>', 'a token with the access permissions (default $TOOLSHED_TOKEN)');
  usageExitCodes(access);
  const rules = usageExitCodes(access.command('rules').description('List, apply and export the access rules'));

  usageExitCodes(
    rules
      .command('list')
      .description('The rules in order: id, effect, subject, actions, resource')
      .action(
        runAction(async (_opts: unknown, command: Command) => {
          const body = expect2xx('cannot list the rules', await call(connection(command), 'GET', '/api/admin/access/rules'));
          const list = (body.rules as AccessRule[]) ?? [];
          for (const r of list) process.stdout.write(`${ruleLine(r)}\n`);
          const meta = isObject(body.metadata) ? body.metadata : {};
          process.stdout.write(`${list.length} rules; when none matches: ${String(meta.defaultEffect)}; version ${String(meta.etag)}\n`);
        }),
      ),
  );

  usageExitCodes(
    rules
      .command('get')
      .description('One rule as YAML, with its position and who last changed it')
      .argument('<id>', 'the rule id')
      .action(
        runAction(async (id: string, _opts: unknown, command: Command) => {
          const body = expect2xx(`cannot read rule ${id}`, await call(connection(command), 'GET', `/api/admin/access/rules/${encodeURIComponent(id)}`));
          process.stdout.write(renderRulesDocument([body.rule as AccessRule], 'yaml'));
          process.stdout.write(`# position ${String(body.position)}; updated ${String(body.updatedAt)} by ${String(body.updatedBy)}\n`);
        }),
      ),
  );

  usageExitCodes(
    rules
      .command('apply')
      .description('Replace the whole rule set with a rules file (YAML or JSON with a top-level rules: list)')
      .argument('<file>', 'the rules file')
      .option('--dry-run', 'show what would change (simulate) without saving')
      .option('--if-match <etag>', 'refuse if the rules changed since this version (see `rules list`)')
      .action(
        runAction(async (file: string, opts: { dryRun?: boolean; ifMatch?: string }, command: Command) => {
          const list = readRulesFile(file);
          const c = connection(command);
          if (opts.dryRun) {
            printSimulation(expect2xx(`${file} was refused`, await call(c, 'POST', '/api/admin/access/simulate', { rules: list })));
            return;
          }
          const res = await call(c, 'PUT', '/api/admin/access/rules', { rules: list }, opts.ifMatch ? { 'if-match': opts.ifMatch } : {});
          const body = expect2xx(`${file} was refused`, res);
          if (!body.changed) process.stdout.write(`unchanged: the server already holds these ${list.length} rules\n`);
          else process.stdout.write(`applied ${file}: ${String(body.added)} added, ${String(body.updated)} updated, ${String(body.removed)} removed (version ${String(body.etag)})\n`);
        }),
      ),
  );

  usageExitCodes(
    rules
      .command('add')
      .description('Add the rules of a file (one rule, or a rules: list) after the existing ones, or at --position')
      .argument('<file>', 'a rule, or a rules file')
      .option('--position <n>', 'where the (first) rule goes, 0 = first')
      .action(
        runAction(async (file: string, opts: { position?: string }, command: Command) => {
          let value: unknown;
          try {
            value = readYaml(readFileSync(file, 'utf8'), file);
          } catch (err) {
            throw usageError(err instanceof ToolshedError ? err.message : `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
          }
          const list = isObject(value) && 'rules' in value ? readRulesFile(file) : [value];
          if (opts.position !== undefined && !/^\d+$/.test(opts.position)) throw usageError('--position is a number (0 = first)');
          const c = connection(command);
          let position = opts.position === undefined ? undefined : Number(opts.position);
          for (const rule of list) {
            const id = isObject(rule) ? String(rule.id) : '?';
            const res = await call(c, 'POST', `/api/admin/access/rules${position === undefined ? '' : `?position=${position}`}`, rule);
            expect2xx(`rule ${id} was refused`, res);
            process.stdout.write(`added ${id}\n`);
            if (position !== undefined) position++;
          }
        }),
      ),
  );

  usageExitCodes(
    rules
      .command('starter')
      .description('On a fresh install (no rules yet): apply the starter rules, letting everyone find, connect to and call every server')
      .action(
        runAction(async (_opts: unknown, command: Command) => {
          const body = expect2xx('the starter rules were refused', await call(connection(command), 'POST', '/api/admin/access/starter-rules'));
          process.stdout.write(`applied the starter rules: ${String(body.added)} added (version ${String(body.etag)}); list them with \`toolshed access rules list\`\n`);
        }),
      ),
  );

  usageExitCodes(
    rules
      .command('remove')
      .description('Remove one rule')
      .argument('<id>', 'the rule id')
      .action(
        runAction(async (id: string, _opts: unknown, command: Command) => {
          expect2xx(`cannot remove rule ${id}`, await call(connection(command), 'DELETE', `/api/admin/access/rules/${encodeURIComponent(id)}`));
          process.stdout.write(`removed ${id}\n`);
        }),
      ),
  );

  usageExitCodes(
    rules
      .command('export')
      .description('Write the rule set as a rules file (apply it again, or keep it in git)')
      .addOption(new Option('--format <format>', 'yaml or json').choices(['yaml', 'json']).default('yaml'))
      .option('-o, --out <file>', 'write to this file instead of standard output')
      .action(
        runAction(async (opts: { format: 'yaml' | 'json'; out?: string }, command: Command) => {
          const body = expect2xx('cannot read the rules', await call(connection(command), 'GET', '/api/admin/access/rules'));
          const text = renderRulesDocument((body.rules as AccessRule[]) ?? [], opts.format);
          if (!opts.out) {
            process.stdout.write(text);
            return;
          }
          try {
            writeFileSync(opts.out, text);
          } catch (err) {
            throw usageError(`cannot write ${opts.out} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
          }
          process.stderr.write(`exported ${((body.rules as unknown[]) ?? []).length} rules to ${opts.out}\n`);
        }),
      ),
  );

  usageExitCodes(
    access
      .command('explain')
      .description('Why may (or may not) someone do this on a server or tool: the decision, the deciding rule, every matching rule')
      .option('--user <user>', 'a user id or email')
      .option('--group <group>', 'a group (repeatable): someone in these groups', (v: string, all: string[] = []) => [...all, v])
      .addOption(new Option('--action <action>', 'call when a tool is named, connect otherwise').choices(['discover', 'connect', 'call']))
      .requiredOption('--server <name>', 'the server name')
      .option('--tool <tool>', 'a tool of the server')
      .option('--source <source>', 'the federation source the server is mirrored from (looked up when absent)')
      .action(
        runAction(async (opts: { user?: string; group?: string[]; action?: string; server: string; tool?: string; source?: string }, command: Command) => {
          if (opts.user === undefined && !opts.group?.length) throw usageError('name whom to explain for: --user <id or email> and/or --group <name>');
          const q = new URLSearchParams();
          if (opts.user !== undefined) q.append('user', opts.user);
          for (const g of opts.group ?? []) q.append('group', g);
          if (opts.action) q.append('action', opts.action);
          q.append('server', opts.server);
          if (opts.tool !== undefined) q.append('tool', opts.tool);
          if (opts.source !== undefined) q.append('source', opts.source);
          const body = expect2xx('cannot explain', await call(connection(command), 'GET', `/api/admin/access/explain?${q}`));
          const p = isObject(body.principal) ? body.principal : {};
          const who = String(p.label ?? p.id ?? 'someone');
          const groups = Array.isArray(p.groups) && p.groups.length ? ` (groups: ${(p.groups as string[]).join(', ')})` : ' (no groups)';
          process.stdout.write(`${body.allowed ? 'ALLOWED' : 'DENIED'}: ${who}${groups} ${String(body.action)} ${opts.server}${opts.tool ? ` tool ${opts.tool}` : ''}\n`);
          process.stdout.write(`${String(body.reason)}\n`);
          const matched = Array.isArray(body.matched) ? body.matched : [];
          process.stdout.write(matched.length ? 'matching rules, in order:\n' : 'no rule matches\n');
          for (const m of matched) if (isObject(m)) process.stdout.write(`  ${ruleLine(m.rule as AccessRule)}\n`);
        }),
      ),
  );

  usageExitCodes(
    access
      .command('simulate')
      .description('What applying a rules file would change, for every person and server (nothing is saved)')
      .argument('<file>', 'the rules file')
      .option('--user <user>', 'only for this person (repeatable)', (v: string, all: string[] = []) => [...all, v])
      .option('--server <name>', 'only this server (repeatable)', (v: string, all: string[] = []) => [...all, v])
      .option('--tool <server:tool>', 'also check this tool (repeatable)', (v: string, all: string[] = []) => [...all, v])
      .action(
        runAction(async (file: string, opts: { user?: string[]; server?: string[]; tool?: string[] }, command: Command) => {
          const list = readRulesFile(file);
          const tools = (opts.tool ?? []).map((t) => {
            const at = t.lastIndexOf(':');
            if (at <= 0 || at === t.length - 1) throw usageError(`--tool takes <server>:<tool>, not ${JSON.stringify(t)}`);
            return { server: t.slice(0, at), tool: t.slice(at + 1) };
          });
          const body = {
            rules: list,
            ...(opts.user ? { principals: opts.user.map((user) => ({ user })) } : {}),
            ...(opts.server ? { servers: opts.server } : {}),
            ...(tools.length ? { tools } : {}),
          };
          printSimulation(expect2xx(`${file} was refused`, await call(connection(command), 'POST', '/api/admin/access/simulate', body)));
        }),
      ),
  );

  usageExitCodes(
    access
      .command('changes')
      .description('The access change log, newest first')
      .option('--target <id>', 'only changes of this rule (or other target)')
      .option('--actor <id>', 'only changes by this caller')
      .option('--limit <n>', 'how many', '50')
      .action(
        runAction(async (opts: { target?: string; actor?: string; limit: string }, command: Command) => {
          const q = new URLSearchParams({ limit: opts.limit });
          if (opts.target) q.append('target', opts.target);
          if (opts.actor) q.append('actor', opts.actor);
          const body = expect2xx('cannot read the change log', await call(connection(command), 'GET', `/api/admin/access/changes?${q}`));
          const changes = Array.isArray(body.changes) ? body.changes : [];
          for (const ch of changes) {
            if (!isObject(ch)) continue;
            process.stdout.write(`${String(ch.at)}  ${String(ch.actor)}  ${String(ch.action)}  ${String(ch.targetKind)} ${String(ch.target)}\n`);
          }
          if (changes.length === 0) process.stdout.write('no changes\n');
        }),
      ),
  );
}
