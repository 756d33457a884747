/**
 * Which GitOps repository `apply` runs from, as `host/owner/repo` (never with the
 * credentials a remote URL may hold). Apply records it on every version it
 * publishes and retires only servers recorded with this identity (managedServers.ts).
 */
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { usageError } from '../publisher/publisherError.js';

/** The remote URL as an identity: no user or password (a CI token may sit there), no trailing `.git` or `/`. */
export function identityOfRemote(remote: string): string {
  const text = remote.trim();
  let identity = text;
  try {
    const url = new URL(text);
    url.username = '';
    url.password = '';
    identity = `${url.host}${url.pathname}`;
  } catch {
    // scp-like `git@host:owner/repo.git`: the user before @ is not a secret, the host:path is the identity.
    identity = text.replace(/^[^@/]+@/, '').replace(':', '/');
  }
  return identity.replace(/\/+$/, '').replace(/\.git$/, '');
}

function git(dir: string, ...args: string[]): string | undefined {
  try {
    return execFileSync('git', ['-C', dir, ...args], { stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}
const gitOrigin = (dir: string) => git(dir, 'remote', 'get-url', 'origin');

/** A path as the repository knows it (`servers/weather`): relative to the git work tree's top, else to the working directory. */
export function pathInRepository(dir: string, path: string): string {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  // git answers with the real path; the folder may have been reached through a symbolic link (macOS /tmp).
  return relative(real(git(dir, 'rev-parse', '--show-toplevel') ?? process.cwd()), real(path))
    .split(sep)
    .join('/');
}

const set = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';
const hostOf = (url: string | undefined, fallback: string) => {
  try {
    return set(url) ? new URL(url).host : fallback;
  } catch {
    return fallback;
  }
};

/**
 * `host/owner/repo` whichever way it is known, so a run in CI and a run from a clone
 * agree: `--repository` as given; GitHub Actions' GITHUB_REPOSITORY on the host of
 * GITHUB_SERVER_URL (github.com); GitLab's CI_PROJECT_PATH on CI_SERVER_HOST; else
 * the remote `origin`. Undefined when none is known: apply then records nothing,
 * and `--prune` refuses (requireIdentity).
 */
export function repositoryIdentity(dir: string, given: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (set(given)) return given.trim();
  if (set(env.GITHUB_REPOSITORY)) return `${hostOf(env.GITHUB_SERVER_URL, 'github.com')}/${env.GITHUB_REPOSITORY.trim()}`;
  if (set(env.CI_PROJECT_PATH)) return `${set(env.CI_SERVER_HOST) ? env.CI_SERVER_HOST.trim() : 'gitlab.com'}/${env.CI_PROJECT_PATH.trim()}`;
  const origin = gitOrigin(dir);
  return origin ? identityOfRemote(origin) : undefined;
}

export function requireIdentity(identity: string | undefined, dir: string): string {
  if (identity !== undefined) return identity;
  throw usageError(`--prune needs to know which repository ${dir} is (no git remote "origin", no GITHUB_REPOSITORY or CI_PROJECT_PATH): pass --repository NAME`);
}
