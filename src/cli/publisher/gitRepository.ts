/**
 * The `repository` of a new server.json, from `git remote get-url origin`: the
 * https form for GitHub and GitLab (SSH remotes converted, credentials dropped),
 * and `subfolder` when run below the repository root. Other hosts yield nothing,
 * since the registry accepts only those two sources' URLs.
 */
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { relative, sep } from 'node:path';

export interface GitRepository {
  url: string;
  source: 'github' | 'gitlab';
  owner: string;
  repo: string;
  subfolder?: string;
}

const HOSTS: Record<string, GitRepository['source']> = { 'github.com': 'github', 'gitlab.com': 'gitlab' };

function git(dir: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  } catch {
    return undefined;
  }
}

/** Host and path of a remote in URL form or scp-like SSH form (`git@github.com:owner/repo.git`). */
export function parseRemote(remote: string): { host: string; path: string } | undefined {
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/\/)(.+)$/.exec(remote);
  if (scp && !remote.includes('://')) return { host: scp[1]!.toLowerCase(), path: scp[2]! };
  try {
    const url = new URL(remote);
    return { host: url.hostname.toLowerCase(), path: decodeURIComponent(url.pathname) };
  } catch {
    return undefined;
  }
}

export function repositoryFromRemote(remote: string): Omit<GitRepository, 'subfolder'> | undefined {
  const parsed = parseRemote(remote);
  if (!parsed) return undefined;
  const source = HOSTS[parsed.host.replace(/^www\./, '')];
  const parts = parsed.path
    .replace(/^\/+|\/+$/g, '')
    .replace(/\.git$/, '')
    .split('/');
  // The registry accepts exactly `https://<host>/<owner>/<repo>` (no GitLab subgroups).
  if (!source || parts.length !== 2 || !parts.every((p) => /^[\w.-]+$/.test(p))) return undefined;
  const [owner, repo] = parts as [string, string];
  return { url: `https://${source}.com/${owner}/${repo}`, source, owner, repo };
}

export function gitRepository(dir: string): GitRepository | undefined {
  const remote = git(dir, ['remote', 'get-url', 'origin']);
  const repository = remote ? repositoryFromRemote(remote) : undefined;
  if (!repository) return undefined;
  const top = git(dir, ['rev-parse', '--show-toplevel']);
  const subfolder = top ? relative(realpathSync(top), realpathSync(dir)).split(sep).join('/') : '';
  return subfolder && !subfolder.startsWith('..') ? { ...repository, subfolder } : repository;
}
