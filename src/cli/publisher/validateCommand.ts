/**
 * `toolshed validate [file]`: the registry's own verdict on a server.json
 * (`POST /v0/validate`, no login needed), printed issue by issue; exit 1 when invalid.
 * `toolshed validate DIR` (a directory): every GitOps check of every server folder
 * under it, locally and against the Toolshed at --url / TOOLSHED_URL (see src/cli/gitops).
 */
import type { Command } from 'commander';
import { isDirectory, validateDirectory } from '../gitops/gitopsCommands.js';
import { readServerJson } from './readServerJson.js';
import { refusedError, runAction } from './publisherError.js';
import { DEFAULT_REGISTRY, callRegistry, describeProblem, isObject, normalizeRegistry } from './registryClient.js';
import { readToken } from './tokenStore.js';

/** The validate answer as lines: `✗ error packages[0].version: … (rule)`. */
export function formatIssues(issues: unknown): string[] {
  if (!Array.isArray(issues)) return [];
  return issues.filter(isObject).map((issue) => {
    const mark = issue.severity === 'error' ? '✗' : issue.severity === 'warning' ? '!' : '·';
    const where = typeof issue.path === 'string' && issue.path ? ` ${issue.path}:` : '';
    const ref = typeof issue.reference === 'string' && issue.reference ? ` (${issue.reference})` : '';
    return `  ${mark} ${String(issue.severity ?? 'error')}${where} ${String(issue.message ?? '')}${ref}`;
  });
}

/** The registry for commands that need no login: `--registry`, else the logged-in one, else the default. */
export function registryFor(flag: string | undefined): string {
  return normalizeRegistry(flag ?? readToken()?.registry ?? DEFAULT_REGISTRY);
}

/** Validates through the registry; resolves with the issue lines, throws when the document is refused. */
export async function validateRemotely(registry: string, doc: unknown): Promise<{ valid: boolean; lines: string[] }> {
  const res = await callRegistry(registry, 'POST', '/v0/validate', { body: doc });
  if (res.status !== 200 || !isObject(res.body)) throw refusedError(describeProblem(res));
  return { valid: res.body.valid === true, lines: formatIssues(res.body.issues) };
}

export function validateCommand(program: Command): Command {
  return program
    .command('validate')
    .description('Check a server.json with the registry (POST /v0/validate), or every server folder of a GitOps directory; exit 1 when invalid')
    .argument('[file]', 'the server.json to check, or a directory of server folders (server.json + toolshed.yaml each)', 'server.json')
    .option('--registry <url>', `registry URL (default: the logged-in registry, else ${DEFAULT_REGISTRY})`)
    .option('--url <url>', 'with a directory: the Toolshed that checks the namespace (default $TOOLSHED_URL; unchecked without one)')
    .option('--token <token>', 'with a directory: an API token (default $TOOLSHED_TOKEN)')
    .option('--gitlab-report <file>', 'with a directory: also write the findings as a GitLab Code Quality report')
    .action(
      runAction(async (file: string, opts: { registry?: string; gitlabReport?: string }, command: Command) => {
        if (isDirectory(file)) {
          await validateDirectory(file, command, opts);
          return;
        }
        const registry = registryFor(opts.registry);
        const doc = readServerJson(file);
        const { valid, lines } = await validateRemotely(registry, doc);
        if (!valid) throw refusedError([`${file} is invalid:`, ...lines].join('\n'));
        process.stdout.write(`✅ ${file} is valid\n`);
        if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
      }),
    );
}
