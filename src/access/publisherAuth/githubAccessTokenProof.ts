/**
 * `github-at`: a GitHub token proves a login, and the organizations where that
 * login is an Owner (membership role `admin`). Grants `publish io.github.<login>/*`
 * and `publish io.github.<org>/*` for each such org, as upstream. Anything GitHub
 * might be hiding (rate limit, SAML SSO, a 100th full page) fails closed rather
 * than grant less or more than the truth; only a token lacking `read:org` (a plain
 * 403) falls back to the personal namespace. The publisher sees only "Token
 * exchange failed" (hideReason); the reason is logged by the auth route.
 */
import { OutboundError, type Outbound, type OutboundResponse } from '../../outbound/index.js';
import type { RegistryPermission } from '../registryPermissions.js';
import { fail, type ProofDependencies, type ProofMethod, type ProofResult } from './proofMethod.js';

const GITHUB_NAME = /^[a-zA-Z0-9-]+$/;
const PER_PAGE = 100;
const MAX_PAGES = 100;

class GitHubError extends Error {}

interface Membership {
  state?: unknown;
  role?: unknown;
  organization?: { login?: unknown };
}

function header(res: OutboundResponse, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function hasNextPage(res: OutboundResponse): boolean {
  return /<[^>]*>\s*;\s*rel="?next"?/.test(header(res, 'link') ?? '');
}

/** What the GitHub access-token proof reads from configuration. */
export interface GithubAccessTokenSettings {
  githubApiUrl: string;
}

export function githubAccessTokenProof(config: GithubAccessTokenSettings, deps: ProofDependencies): ProofMethod {
  const base = config.githubApiUrl.replace(/\/+$/, '');

  async function get(outbound: Outbound, path: string, token: string): Promise<OutboundResponse> {
    try {
      return await outbound.fetch(`${base}${path}`, {
        timeoutMs: 10_000,
        maxBytes: 4 * 1024 * 1024,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/vnd.github.v3+json',
          'x-github-api-version': '2022-11-28',
        },
      });
    } catch (err) {
      if (err instanceof OutboundError) throw new GitHubError(`GitHub API unreachable: ${err.message}`);
      throw err;
    }
  }

  function json(res: OutboundResponse, what: string): unknown {
    try {
      return JSON.parse(res.body);
    } catch {
      throw new GitHubError(`GitHub answered ${what} with malformed JSON`);
    }
  }

  /** Logins of the orgs the token's user owns (none when the token may not read memberships). */
  async function adminOrgs(token: string): Promise<string[]> {
    const orgs: string[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      // The URL is built here, never taken from the Link header, so GitHub's answer cannot steer the fetch.
      const res = await get(deps.outbound, `/user/memberships/orgs?state=active&per_page=${PER_PAGE}&page=${page}`, token);
      if (res.status === 403) {
        if (header(res, 'x-ratelimit-remaining') === '0' || header(res, 'retry-after') !== undefined) {
          throw new GitHubError('GitHub rate limit reached while listing organization memberships');
        }
        if (header(res, 'x-github-sso') !== undefined) {
          throw new GitHubError('GitHub requires SAML SSO authorization of this token for an organization');
        }
        return []; // no read:org: the personal namespace only, as upstream
      }
      if (res.status !== 200) throw new GitHubError(`GitHub API error listing organization memberships (status ${res.status})`);
      const memberships = json(res, 'the organization memberships');
      if (!Array.isArray(memberships)) throw new GitHubError('GitHub answered the organization memberships with something other than a list');
      for (const m of memberships as Membership[]) {
        const login = m?.organization?.login;
        if (m?.state !== 'active' || m.role !== 'admin' || typeof login !== 'string') continue;
        if (GITHUB_NAME.test(login)) orgs.push(login);
      }
      if (memberships.length < PER_PAGE && !hasNextPage(res)) return orgs;
    }
    throw new GitHubError(`more than ${MAX_PAGES} pages of organization memberships; refusing rather than granting a partial list`);
  }

  async function exchange(token: string): Promise<ProofResult> {
    if (!/^[\x21-\x7e]{1,1024}$/.test(token)) return fail('github_token is not a GitHub token');
    const res = await get(deps.outbound, '/user', token);
    if (res.status !== 200) return fail(`GitHub API error getting the user (status ${res.status})`);
    const login = (json(res, 'the user') as { login?: unknown } | null)?.login;
    if (typeof login !== 'string' || !GITHUB_NAME.test(login)) return fail('GitHub user login is missing or not a valid GitHub name');
    const orgs = await adminOrgs(token);
    const permissions: RegistryPermission[] = [login, ...new Set(orgs)].map((name) => ({
      action: 'publish',
      resource: `io.github.${name}/*`,
    }));
    return { ok: true, grant: { method: 'github-at', subject: login, permissions } };
  }

  return {
    name: 'github-at',
    failureDetail: 'Token exchange failed',
    hideReason: true,
    bodySchema: {
      type: 'object',
      required: ['github_token'],
      properties: { github_token: { type: 'string' } },
    },
    async exchange(body) {
      try {
        return await exchange(String(body.github_token ?? ''));
      } catch (err) {
        if (err instanceof GitHubError) return fail(err.message);
        throw err;
      }
    },
  };
}
