/**
 * `toolshed report NAME[@VERSION] --kind … --text …` (any signed-in person) and
 * `toolshed reports list|show|resolve` (moderators), over the HTTP API of a
 * running Toolshed (`--url`, default $TOOLSHED_URL or http://127.0.0.1:8080;
 * `--token`, default $TOOLSHED_TOKEN). Resolving reads the report first and sends
 * its ETag as If-Match, so a report another moderator resolved meanwhile is
 * refused (412), never decided twice. Exit codes: 0 ok, 1 the server refused,
 * 2 usage or local errors.
 */
import { Option, type Command } from 'commander';
import { MODERATION_ACTIONS, REPORT_KINDS, REPORT_STATES } from '../schemas/governance.js';
import { call, connection, expect2xx } from './accessCommands.js';
import { runAction, usageError, usageExitCodes } from './publisher/publisherError.js';

interface ReportAnswer {
  id: number;
  name: string;
  version: string | null;
  reporter: string;
  kind: string;
  text: string;
  state: string;
  createdAt: string;
  decidedBy: string | null;
  action: string | null;
  reason: string | null;
}

const withServerOptions = (command: Command, who: string) =>
  usageExitCodes(command.option('--url <url>', 'the Toolshed to talk to (default $TOOLSHED_URL or http://127.0.0.1:8080)').option('--token <token>', `a token of ${who} (default $TOOLSHED_TOKEN)`));

const target = (r: ReportAnswer) => (r.version === null ? r.name : `${r.name}@${r.version}`);
const reportLine = (r: ReportAnswer) =>
  [`#${r.id}`, r.state, r.kind, target(r), `by ${r.reporter}`, r.createdAt, r.action ? `${r.action}${r.reason ? `: ${r.reason}` : ''}` : ''].filter(Boolean).join('  ');

function reportId(text: string): number {
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id < 1) throw usageError(`not a report id: ${text}`);
  return id;
}

export function registerReportCommands(program: Command): void {
  withServerOptions(
    program
      .command('report')
      .description('Report a server (NAME) or one version (NAME@VERSION) to the moderators')
      .argument('<target>', 'server name, or name@version')
      .addOption(new Option('--kind <kind>', 'what is wrong').choices([...REPORT_KINDS]).makeOptionMandatory())
      .option('--text <text>', 'what you saw (required for --kind other)')
      .action(
        runAction(async (spec: string, opts: { kind: string; text?: string }, command: Command) => {
          const at = spec.lastIndexOf('@');
          const [name, version] = at > 0 ? [spec.slice(0, at), spec.slice(at + 1)] : [spec, undefined];
          if (version === '') throw usageError('give a version after @, or none');
          const body = { name, ...(version ? { version } : {}), kind: opts.kind, ...(opts.text !== undefined ? { text: opts.text } : {}) };
          const report = expect2xx(`cannot report ${spec}`, await call(connection(command), 'POST', '/api/reports', body)) as unknown as ReportAnswer;
          process.stdout.write(`reported: ${reportLine(report)}\n`);
        }),
      ),
    'a signed-in person',
  );

  const reports = withServerOptions(program.command('reports').description('The moderation queue: list, show and resolve reports (catalog.moderate)'), 'a moderator');

  usageExitCodes(
    reports
      .command('list')
      .description('Reports, newest first')
      .addOption(new Option('--state <state>', 'only reports in this state').choices([...REPORT_STATES]))
      .option('--name <name>', 'only reports about this server')
      .option('--json', 'print them as JSON')
      .action(
        runAction(async (opts: { state?: string; name?: string; json?: boolean }, command: Command) => {
          const query = new URLSearchParams({ limit: '200', ...(opts.state ? { state: opts.state } : {}), ...(opts.name ? { name: opts.name } : {}) });
          const page = expect2xx('cannot list reports', await call(connection(command), 'GET', `/api/reports?${query}`));
          const list = (page.reports as ReportAnswer[]) ?? [];
          if (opts.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
          else {
            for (const r of list) process.stdout.write(`${reportLine(r)}\n`);
            process.stdout.write(`${list.length} report${list.length === 1 ? '' : 's'}\n`);
          }
        }),
      ),
  );

  usageExitCodes(
    reports
      .command('show')
      .description('One report, with its text')
      .argument('<id>', 'the report id')
      .action(
        runAction(async (id: string, _opts: unknown, command: Command) => {
          const report = expect2xx(`cannot read report ${id}`, await call(connection(command), 'GET', `/api/reports/${reportId(id)}`)) as unknown as ReportAnswer;
          process.stdout.write(`${reportLine(report)}\n\n${report.text}\n`);
        }),
      ),
  );

  usageExitCodes(
    reports
      .command('resolve')
      .description('Resolve an open report: dismiss it, or deprecate, delete or block what it names')
      .argument('<id>', 'the report id')
      .addOption(new Option('--action <action>', 'what to do').choices([...MODERATION_ACTIONS]).makeOptionMandatory())
      .option('--reason <reason>', 'why (required except for dismiss)')
      .action(
        runAction(async (id: string, opts: { action: string; reason?: string }, command: Command) => {
          const c = connection(command);
          const path = `/api/reports/${reportId(id)}`;
          const read = expect2xx(`cannot read report ${id}`, await call(c, 'GET', path));
          // The report's ETag is its revision: what this moderator saw is what they decide on.
          const etag = `W/"${Number(read.revision)}"`;
          const body = { action: opts.action, ...(opts.reason !== undefined ? { reason: opts.reason } : {}) };
          const report = expect2xx(`cannot resolve report ${id}`, await call(c, 'POST', `${path}/resolve`, body, { 'if-match': etag })) as unknown as ReportAnswer;
          process.stdout.write(`resolved: ${reportLine(report)}\n`);
        }),
      ),
  );
}
