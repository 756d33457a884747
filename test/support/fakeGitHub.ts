/**
 * A loopback stand-in for the parts of GitHub the github-at and github-oidc proofs
 * use, speaking GitHub's wire format: `GET /user`, `GET /user/memberships/orgs`
 * (state filter, per_page/page, Link headers, GitHub's membership objects), the
 * 401/403 bodies and headers GitHub sends (bad credentials, primary and secondary
 * rate limits, SAML SSO, a token without org read access), and the GitHub Actions
 * OIDC issuer: `/.well-known/openid-configuration`, `/.well-known/jwks` and an
 * RS256 token endpoint like the runner's `ACTIONS_ID_TOKEN_REQUEST_URL`.
 * github.com cannot be reached from the test machine, so this is the double.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

export type OrgsFailure = 'rate-limit' | 'secondary-rate-limit' | 'sso' | 'no-read-org' | 'server-error' | 'malformed';

export interface FakeMembership {
  org: string;
  role: 'admin' | 'member' | 'billing_manager';
  state?: 'active' | 'pending';
}

export interface FakeUser {
  login: string;
  memberships?: FakeMembership[];
  /** How `GET /user/memberships/orgs` fails for this token, from the given page on (default 1). */
  orgsFailure?: OrgsFailure;
  orgsFailureFromPage?: number;
  /** `/user` answers malformed JSON. */
  malformedUser?: boolean;
}

export interface MintOptions {
  repository?: string;
  audience?: string | string[];
  /** Claims to add or override (`undefined` removes one). */
  claims?: Record<string, unknown>;
  /** `HS256` signs with a shared secret; `foreign` signs with an RSA key the JWKS does not hold (same kid). */
  signing?: 'RS256' | 'HS256' | 'foreign';
  expiresInSeconds?: number;
}

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

export interface FakeGitHub {
  /** The API base URL (`githubApiUrl`) and the Actions OIDC issuer (`githubOidcIssuer`). */
  url: string;
  /** Every request as `METHOD path?query`, oldest first. */
  requests: string[];
  /** The headers of each request in `requests`. */
  requestHeaders: IncomingHttpHeaders[];
  addToken(token: string, user: FakeUser): void;
  /** A token as the Actions runner hands out; `audience` defaults to the one given to startFakeGitHub. */
  mintActionsToken(options?: MintOptions): Promise<string>;
  /** The URL a workflow would find in ACTIONS_ID_TOKEN_REQUEST_URL, and its bearer request token. */
  actionsRequest(repository: string): { url: string; token: string };
  /** Publishes a new signing key (the old one is dropped, as after GitHub's rotation completes). */
  rotateActionsKey(): Promise<void>;
  close(): Promise<void>;
}

const DOCS = 'https://docs.github.com/rest';

async function newSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  const kid = randomUUID();
  return { kid, privateKey, jwk: { ...jwk, kid, alg: 'RS256', use: 'sig' } };
}

function x5t(key: SigningKey): string {
  return createHash('sha1')
    .update(key.jwk.n ?? '')
    .digest('base64url');
}

export async function startFakeGitHub(defaultAudience = 'https://registry.example'): Promise<FakeGitHub> {
  const tokens = new Map<string, FakeUser>();
  const actionsJobs = new Map<string, string>();
  const requests: string[] = [];
  const requestHeaders: IncomingHttpHeaders[] = [];
  let key = await newSigningKey();
  const foreign = await newSigningKey();
  let url = '';
  let requestId = 0;

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': `C0DE:${(++requestId).toString(16).toUpperCase()}:5A11:6B22:67890ABC`,
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4990',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-used': '10',
      'x-ratelimit-resource': 'core',
      vary: 'Accept, Authorization, Cookie, X-GitHub-OTP',
      ...headers,
    });
    res.end(text);
  }

  const userJson = (login: string) => ({
    login,
    id: 1000 + login.length,
    node_id: Buffer.from(`04:User${login}`).toString('base64'),
    avatar_url: `https://avatars.githubusercontent.com/u/${1000 + login.length}?v=4`,
    gravatar_id: '',
    url: `https://api.github.com/users/${login}`,
    html_url: `https://github.com/${login}`,
    organizations_url: `https://api.github.com/users/${login}/orgs`,
    repos_url: `https://api.github.com/users/${login}/repos`,
    type: 'User',
    user_view_type: 'public',
    site_admin: false,
  });

  const membershipJson = (login: string, m: FakeMembership, i: number) => ({
    url: `https://api.github.com/orgs/${m.org}/memberships/${login}`,
    state: m.state ?? 'active',
    role: m.role,
    organization_url: `https://api.github.com/orgs/${m.org}`,
    organization: {
      login: m.org,
      id: 5000 + i,
      node_id: Buffer.from(`012:Organization${5000 + i}`).toString('base64'),
      url: `https://api.github.com/orgs/${m.org}`,
      repos_url: `https://api.github.com/orgs/${m.org}/repos`,
      events_url: `https://api.github.com/orgs/${m.org}/events`,
      hooks_url: `https://api.github.com/orgs/${m.org}/hooks`,
      issues_url: `https://api.github.com/orgs/${m.org}/issues`,
      members_url: `https://api.github.com/orgs/${m.org}/members{/member}`,
      public_members_url: `https://api.github.com/orgs/${m.org}/public_members{/member}`,
      avatar_url: `https://avatars.githubusercontent.com/u/${5000 + i}?v=4`,
      description: null,
    },
    user: userJson(login),
  });

  function orgsFailure(res: ServerResponse, failure: OrgsFailure, org: string): void {
    const reset = String(Math.floor(Date.now() / 1000) + 1800);
    switch (failure) {
      case 'rate-limit':
        return send(
          res,
          403,
          { message: 'API rate limit exceeded for user ID 1004.', documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api`, status: '403' },
          { 'x-ratelimit-remaining': '0', 'x-ratelimit-used': '5000', 'x-ratelimit-reset': reset },
        );
      case 'secondary-rate-limit':
        return send(
          res,
          403,
          {
            message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
            documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits`,
            status: '403',
          },
          { 'retry-after': '60' },
        );
      case 'sso':
        return send(
          res,
          403,
          {
            message: 'Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.',
            documentation_url: 'https://docs.github.com/articles/authenticating-to-a-github-organization-with-saml-single-sign-on/',
            status: '403',
          },
          { 'x-github-sso': `required; url=https://github.com/orgs/${org}/sso?authorization_request=AZSCKtL4U8yX1H3sCQIVnVgmjmon5fWxks5YrqhJgah0b2tlbl9pZM4EuMz4` },
        );
      case 'no-read-org':
        return send(
          res,
          403,
          { message: 'Resource not accessible by personal access token', documentation_url: `${DOCS}/orgs/members#list-organization-memberships-for-the-authenticated-user`, status: '403' },
          { 'x-accepted-github-permissions': 'members=read' },
        );
      case 'server-error':
        return send(res, 502, { message: 'Server Error' });
      case 'malformed':
        return send(res, 200, '[{"state": "active", "role": ');
    }
  }

  function memberships(res: ServerResponse, query: URLSearchParams, user: FakeUser): void {
    const perPage = Math.min(Math.max(Number(query.get('per_page') ?? 30) || 30, 1), 100);
    const page = Math.max(Number(query.get('page') ?? 1) || 1, 1);
    if (user.orgsFailure && page >= (user.orgsFailureFromPage ?? 1)) {
      return orgsFailure(res, user.orgsFailure, user.memberships?.[0]?.org ?? 'acme');
    }
    const state = query.get('state');
    const all = (user.memberships ?? []).filter((m) => !state || (m.state ?? 'active') === state);
    const slice = all.slice((page - 1) * perPage, page * perPage);
    const last = Math.max(Math.ceil(all.length / perPage), 1);
    const link = (p: number) => {
      const q = new URLSearchParams(query);
      q.set('page', String(p));
      return `<${url}/user/memberships/orgs?${q}>`;
    };
    const rels: string[] = [];
    if (page > 1) rels.push(`${link(page - 1)}; rel="prev"`);
    if (page < last) rels.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`);
    if (page > 1) rels.push(`${link(1)}; rel="first"`);
    send(
      res,
      200,
      slice.map((m, i) => membershipJson(user.login, m, (page - 1) * perPage + i)),
      rels.length ? { link: rels.join(', ') } : {},
    );
  }

  async function mint(o: MintOptions = {}): Promise<string> {
    const repository = o.repository ?? 'acme/weather-mcp';
    const [owner = ''] = repository.split('/');
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      jti: randomUUID(),
      sub: `repo:${repository}:ref:refs/heads/main`,
      aud: o.audience ?? defaultAudience,
      ref: 'refs/heads/main',
      sha: 'e0c3b5f8d2a1c4b6a7f9e8d7c6b5a4f3e2d1c0b9',
      repository,
      repository_owner: owner,
      repository_owner_id: '6000',
      run_id: '9876543210',
      run_number: '42',
      run_attempt: '1',
      repository_visibility: 'private',
      repository_id: '7000',
      actor_id: '1004',
      actor: 'octocat',
      workflow: 'Publish MCP server',
      head_ref: '',
      base_ref: '',
      event_name: 'push',
      ref_protected: 'true',
      ref_type: 'branch',
      workflow_ref: `${repository}/.github/workflows/publish.yml@refs/heads/main`,
      workflow_sha: 'e0c3b5f8d2a1c4b6a7f9e8d7c6b5a4f3e2d1c0b9',
      job_workflow_ref: `${repository}/.github/workflows/publish.yml@refs/heads/main`,
      job_workflow_sha: 'e0c3b5f8d2a1c4b6a7f9e8d7c6b5a4f3e2d1c0b9',
      runner_environment: 'github-hosted',
      iss: url,
      nbf: now - 5,
      iat: now,
      exp: now + (o.expiresInSeconds ?? 300),
    };
    for (const [k, v] of Object.entries(o.claims ?? {})) {
      if (v === undefined) delete claims[k];
      else claims[k] = v;
    }
    const signing = o.signing ?? 'RS256';
    const jwt = new SignJWT(claims);
    if (signing === 'HS256') {
      return jwt.setProtectedHeader({ typ: 'JWT', alg: 'HS256', kid: key.kid }).sign(new TextEncoder().encode('a-shared-secret-anyone-could-use!'));
    }
    const signer = signing === 'foreign' ? foreign : key;
    return jwt.setProtectedHeader({ typ: 'JWT', alg: 'RS256', x5t: x5t(key), kid: key.kid }).sign(signer.privateKey);
  }

  const server = createServer((req, res) => {
    void (async () => {
      const u = new URL(req.url ?? '/', 'http://x');
      requests.push(`${req.method} ${u.pathname}${u.search}`);
      requestHeaders.push(req.headers);
      const bearer = /^(?:Bearer|token) (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
      if (u.pathname === '/.well-known/jwks') return send(res, 200, { keys: [{ ...key.jwk, x5t: x5t(key) }] });
      if (u.pathname === '/.well-known/openid-configuration') {
        return send(res, 200, {
          issuer: url,
          jwks_uri: `${url}/.well-known/jwks`,
          subject_types_supported: ['public', 'pairwise'],
          response_types_supported: ['id_token'],
          claims_supported: ['sub', 'aud', 'exp', 'iat', 'iss', 'jti', 'nbf', 'ref', 'repository', 'repository_owner', 'run_id'],
          id_token_signing_alg_values_supported: ['RS256'],
          scopes_supported: ['openid'],
        });
      }
      if (u.pathname === '/_apis/distributedtask/idtoken') {
        const repository = actionsJobs.get(bearer);
        if (!repository) return send(res, 401, { message: 'Unauthorized' });
        const audience = u.searchParams.get('audience') ?? defaultAudience;
        return send(res, 200, { value: await mint({ repository, audience }) });
      }
      const user = tokens.get(bearer);
      if (!user) return send(res, 401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
      if (u.pathname === '/user') {
        if (user.malformedUser) return send(res, 200, '{"login": "half');
        return send(res, 200, userJson(user.login), { 'x-oauth-scopes': 'read:org, repo', 'x-accepted-oauth-scopes': '' });
      }
      if (u.pathname === '/user/memberships/orgs') return memberships(res, u.searchParams, user);
      send(res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
    })().catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    requestHeaders,
    addToken(token, user) {
      tokens.set(token, user);
    },
    mintActionsToken: mint,
    actionsRequest(repository) {
      const token = `ghs_${randomUUID().replace(/-/g, '')}`;
      actionsJobs.set(token, repository);
      return { url: `${url}/_apis/distributedtask/idtoken?api-version=2.0`, token };
    },
    async rotateActionsKey() {
      key = await newSigningKey();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
