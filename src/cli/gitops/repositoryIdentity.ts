/**
 * Which GitOps repository `apply` runs from: `--repository`, else the CI system's
 * own name for it (GITHUB_REPOSITORY, CI_PROJECT_PATH), else the git remote
 * `origin` of the folder (without any credentials in its URL and without `.git`).
 * Apply records it on every version it publishes (managedMarker.ts) and retires
 * only servers recorded with this identity.
 */
import { execFileSync } from 'node:child_process';
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

function gitOrigin(dir: string): string | undefined {
  try {
    const remote = execFileSync('git', ['-C', dir, 'remote', 'get-url', 'origin'], { stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' }).trim();
    return remote || undefined;
  } catch {
    return undefined;
  }
}

/** Undefined when none is known: apply then records nothing, and `--prune` refuses (requireIdentity). */
export function repositoryIdentity(dir: string, given: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const named = [given, env.GITHUB_REPOSITORY, env.CI_PROJECT_PATH].find((v) => v !== undefined && v.trim() !== '');
  if (named !== undefined) return named.trim();
  const origin = gitOrigin(dir);
  return origin ? identityOfRemote(origin) : undefined;
}

export function requireIdentity(identity: string | undefined, dir: string): string {
  if (identity !== undefined) return identity;
  throw usageError(`--prune needs to know which repository ${dir} is (no git remote "origin", no GITHUB_REPOSITORY or CI_PROJECT_PATH): pass --repository NAME`);
}
