/**
 * GitOps onboarding: `npx toolshed validate DIR` runs every check of every server
 * folder under DIR without writing anything; `npx toolshed apply DIR [--dry-run]`
 * prints the difference with a running Toolshed and reconciles it. Exit codes:
 * 0 ok, 1 a finding of error severity (validate) or a refusal (apply), 2 usage,
 * configuration or I/O errors (no server folder, unreadable report path,
 * unreachable Toolshed). Findings are printed as `path:line:col: severity [check]
 * message`, and as GitHub Actions annotations when GITHUB_ACTIONS=true; with
 * `--gitlab-report FILE` also as a GitLab Code Quality report. Apply records the
 * repository on what it publishes (managedServers.ts); a server it applied whose
 * folder is gone is shown "to retire", and deprecated only with `--prune`.
 */
import { statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { refusedError, runAction, usageError, usageExitCodes } from '../publisher/publisherError.js';
import { findingLine, githubAnnotation, gitlabReport, repoPath } from './annotations.js';
import { checkServerFolder, type CheckedFolder } from './checkServerFolder.js';
import { gitopsContext } from './gitopsContext.js';
import { RETIRE_REASON, retireServers, serversToRetire, withManagedMarker, type Retirement } from './managedServers.js';
import { describePlan, executePlan, planApply } from './planApply.js';
import { pathInRepository, repositoryIdentity, requireIdentity } from './repositoryIdentity.js';
import { findServerFolders, type Finding } from './serverFolder.js';

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

const out = (line: string) => process.stdout.write(`${line}\n`);

function foldersOf(dir: string): string[] {
  if (!isDirectory(dir)) throw usageError(`${dir} is not a directory`);
  const folders = findServerFolders(resolve(dir));
  if (!folders.length) throw usageError(`no server folder under ${dir}: each server is a folder holding server.json and toolshed.yaml`);
  return folders;
}

function duplicateNames(checked: CheckedFolder[]): Finding[] {
  const seen = new Map<string, string>();
  const findings: Finding[] = [];
  for (const f of checked) {
    if (!f.name) continue;
    const first = seen.get(f.name);
    if (first) findings.push({ severity: 'error', check: 'layout', file: f.serverFile, line: 1, col: 1, message: `${f.name} is also defined in ${repoPath(first)}: one folder per server` });
    else seen.set(f.name, f.serverFile);
  }
  return findings;
}

/** Prints the findings (and annotations), writes the GitLab report; returns whether any is an error. */
function report(checked: CheckedFolder[], gitlabFile: string | undefined): boolean {
  const findings = [...checked.flatMap((f) => f.findings), ...duplicateNames(checked)];
  for (const f of checked) {
    out(`${repoPath(f.folder) || '.'}: ${f.name ?? '(no name)'}${f.version ? `@${f.version}` : ''}`);
    for (const line of f.passed) out(`  ✓ ${line}`);
  }
  for (const f of findings) out(findingLine(f));
  if (process.env.GITHUB_ACTIONS === 'true') for (const f of findings) out(githubAnnotation(f));
  if (gitlabFile) {
    try {
      writeFileSync(gitlabFile, `${JSON.stringify(gitlabReport(findings), null, 2)}\n`);
    } catch (err) {
      throw usageError(`cannot write ${gitlabFile} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  out(`${checked.length} server folder${checked.length === 1 ? '' : 's'}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  return errors > 0;
}

/** `validate DIR` (validateCommand hands a directory argument here). */
export async function validateDirectory(dir: string, command: Command, opts: { gitlabReport?: string }): Promise<void> {
  const folders = foldersOf(dir);
  const context = await gitopsContext(command);
  try {
    const checked: CheckedFolder[] = [];
    for (const folder of folders) checked.push(await checkServerFolder(folder, context.deps));
    if (report(checked, opts.gitlabReport)) throw refusedError('validation failed');
  } finally {
    await context.outbound.close();
  }
}

/** The servers whose folder is gone; they count as changes only with --prune. */
function describeRetirements(retire: Retirement[], prune: boolean): number {
  for (const r of retire) {
    out(`${r.name}@${r.version}: to retire (${RETIRE_REASON})`);
    out(prune ? '  - deprecate every version' : '  ! not retired: apply --prune deprecates it');
  }
  return prune ? retire.length : 0;
}

export function applyCommand(program: Command): Command {
  return program
    .command('apply')
    .description('Reconcile a GitOps folder of servers (server.json + toolshed.yaml each) with a running Toolshed; --dry-run prints the difference')
    .argument('<dir>', 'the folder holding one folder per server')
    .option('--dry-run', 'print what would change; write nothing')
    .option('--url <url>', 'the Toolshed (default $TOOLSHED_URL, else http://127.0.0.1:8080)')
    .option('--token <token>', 'an API token (default $TOOLSHED_TOKEN)')
    .option('--gitlab-report <file>', 'also write the findings as a GitLab Code Quality report')
    .option('--prune', 'deprecate the servers this repository applied whose folder is gone (never deletes; off by default)')
    .option('--repository <name>', 'the repository apply records and prunes for, as host/owner/repo (default from GITHUB_REPOSITORY or CI_PROJECT_PATH, else the git remote "origin")')
    .action(
      runAction(async (dir: string, opts: { dryRun?: boolean; gitlabReport?: string; url?: string; prune?: boolean; repository?: string }, command: Command) => {
        const folders = foldersOf(dir);
        const repository = repositoryIdentity(resolve(dir), opts.repository);
        if (opts.prune) requireIdentity(repository, dir);
        if (!opts.url && !process.env.TOOLSHED_URL) process.env.TOOLSHED_URL = 'http://127.0.0.1:8080';
        const context = await gitopsContext(command);
        try {
          const c = context.connection!;
          if (!c.token) throw usageError('apply needs a token: pass --token or set TOOLSHED_TOKEN');
          const checked: CheckedFolder[] = [];
          // The probe and scan run on the server once published; apply checks what can refuse it here.
          for (const folder of folders) checked.push(await checkServerFolder(folder, { ...context.deps, probe: false }));
          if (report(checked, opts.gitlabReport)) throw refusedError('nothing applied: fix the errors above (npx toolshed validate shows them all)');
          const inRepo = (path: string) => pathInRepository(resolve(dir), path);
          const ready = (checked as Parameters<typeof planApply>[1]).map((f) => ({
            ...f,
            doc: withManagedMarker(f.doc, repository === undefined ? undefined : { repository, folder: inRepo(f.folder) }),
          }));
          const canApprove = 'permissions' in context.deps.token && context.deps.token.permissions.includes('catalog.approve');
          const plan = await planApply(c, ready, canApprove);
          const retire = repository === undefined ? [] : await serversToRetire(c, repository, inRepo(resolve(dir)), new Set(ready.map((f) => f.name)));
          const changes = describePlan(plan, out) + describeRetirements(retire, opts.prune === true);
          if (!changes) {
            out('up to date');
            return;
          }
          if (opts.dryRun) {
            out(`${changes} change${changes === 1 ? '' : 's'} (dry run: nothing written)`);
            return;
          }
          await executePlan(c, plan, ready, canApprove, out);
          if (opts.prune) await retireServers(c, retire, out);
          out(`applied ${changes} change${changes === 1 ? '' : 's'}`);
        } finally {
          await context.outbound.close();
        }
      }),
    );
}

export function registerGitopsCommands(program: Command): void {
  usageExitCodes(applyCommand(program));
}
