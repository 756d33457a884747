import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { identityOfRemote, repositoryIdentity } from './repositoryIdentity.js';

describe('the repository identity', () => {
  it('is host/owner/repo from any remote form, without credentials or .git', () => {
    expect(identityOfRemote('https://x-access-token:ghs_secret@github.com/acme/servers.git')).toBe('github.com/acme/servers');
    expect(identityOfRemote('https://github.com/acme/servers/')).toBe('github.com/acme/servers');
    expect(identityOfRemote('git@github.com:acme/servers.git')).toBe('github.com/acme/servers');
    expect(identityOfRemote('ssh://git@gitlab.example.com:2222/team/servers.git')).toBe('gitlab.example.com:2222/team/servers');
  });

  it('agrees between CI variables and a clone; --repository wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'toolshed-identity-'));
    try {
      expect(repositoryIdentity(dir, undefined, { GITHUB_REPOSITORY: 'acme/servers' })).toBe('github.com/acme/servers');
      expect(repositoryIdentity(dir, undefined, { GITHUB_REPOSITORY: 'acme/servers', GITHUB_SERVER_URL: 'https://ghe.example.com' })).toBe('ghe.example.com/acme/servers');
      expect(repositoryIdentity(dir, undefined, { CI_PROJECT_PATH: 'team/servers', CI_SERVER_HOST: 'gitlab.example.com' })).toBe('gitlab.example.com/team/servers');
      expect(repositoryIdentity(dir, 'catalog', { GITHUB_REPOSITORY: 'acme/servers' })).toBe('catalog');
      // Not a git repository and no CI variables: unknown.
      expect(repositoryIdentity(dir, undefined, {})).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
