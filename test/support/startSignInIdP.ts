/**
 * A real OpenID provider (oidc-provider) on 127.0.0.1 for browser sign-in: one
 * confidential web client (authorization code, PKCE required, Toolshed's callback
 * as redirect URI), test accounts with a `groups` claim in the ID token, the
 * login interaction completed by the provider's own API as `loginAs` (or refused
 * when it is null), RP-initiated logout, and key rotation. For the refusal tests
 * the token endpoint can be replaced by `tokenResponse` (crafted ID tokens),
 * while discovery, the keys and the authorization step stay the real provider's.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';
import type { Config } from '../../src/config.js';
import { rsaKey } from './startIdP.js';

export const PUBLIC_URL = 'https://toolshed.test';
export const WEB_CLIENT_ID = 'toolshed-web';
export const WEB_CLIENT_SECRET = 'a-web-client-secret-of-decent-length';

/** Accounts by subject; `emailVerified` is the `email_verified` claim (true when not given). */
export const ACCOUNTS: Record<string, { email: string; emailVerified?: boolean; name: string; groups: string[] }> = {
  alice: { email: 'alice@acme.example', name: 'Alice Admin', groups: ['platform-team', 'toolshed-admins'] },
  bob: { email: 'bob@acme.example', name: 'Bob', groups: ['marketing'] },
  // The bootstrap admin's address, claimed without verification, by someone else with it verified, and by the real person.
  'boss-unverified': { email: 'boss@acme.example', emailVerified: false, name: 'Not The Boss', groups: [] },
  boss: { email: 'boss@acme.example', name: 'The Boss', groups: [] },
  'boss-twin': { email: 'boss@acme.example', name: 'Second Account', groups: [] },
  // Named in adminUsers by subject; their email is not verified.
  root: { email: 'root@acme.example', emailVerified: false, name: 'Root', groups: [] },
};

/** The settings a Toolshed needs to sign people in through this provider (on loopback, over http). */
export function signInSettings(idp: SignInIdP) {
  return { publicUrl: PUBLIC_URL, oidcIssuer: idp.issuer, oidcClientId: WEB_CLIENT_ID, oidcClientSecret: WEB_CLIENT_SECRET, outboundAllow: ['127.0.0.0/8'], outboundAllowHttp: true };
}

/** Where the provider sends the browser back: the end of a sign-in for `TestBrowser.follow`. */
export const isSignInCallback = (res: { url: URL }) => res.url.origin === PUBLIC_URL && res.url.pathname === '/auth/callback';

export interface SignInIdP {
  issuer: string;
  requests: string[];
  /** The account the next login interaction signs in as; null refuses it (access_denied). */
  loginAs: string | null;
  /** The query of the last authorization request (state, nonce, code_challenge…). */
  lastAuthorization: URLSearchParams | undefined;
  /** When set, POST /token answers with this JSON instead of the provider's. */
  tokenResponse: (() => Promise<Record<string, unknown>>) | undefined;
  /** The current signing key, private parts included. */
  jwk: JWK;
  rotate(): Promise<void>;
  close(): Promise<void>;
}

type Grant = { addOIDCScope(scope: string): void; save(): Promise<string> };
type ProviderInstance = {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<{ prompt: { name: string }; params: Record<string, string>; session?: { accountId?: string } }>;
  interactionFinished(req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
  Grant: new (init: { clientId: string; accountId: string }) => Grant;
};
type ProviderClass = new (issuer: string, config: Record<string, unknown>) => ProviderInstance;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `publicUrl` is the Toolshed the web client is registered for (its callback and post-logout URIs); a real browser test passes Toolshed's loopback URL. */
/**
 * Toolshed's configuration for browser sign-in through this provider on loopback: the
 * web client, a `groups` claim kept as groups and `toolshed-admins` made administrators.
 */
export function webSignInConfig(publicUrl: string, idp: SignInIdP): Partial<Config> {
  return {
    publicUrl,
    oidcIssuer: idp.issuer,
    oidcClientId: WEB_CLIENT_ID,
    oidcClientSecret: WEB_CLIENT_SECRET,
    oidcScopes: ['openid', 'email', 'profile', 'groups'],
    oidcGroupMappings: [{ claim: 'groups' }, { claim: 'groups', equals: 'toolshed-admins', role: 'admin' }],
    outboundAllow: ['127.0.0.0/8'],
    outboundAllowHttp: true,
  };
}

export async function startSignInIdP(publicUrl: string = PUBLIC_URL): Promise<SignInIdP> {
  const { default: Provider } = (await import('oidc-provider' as string)) as { default: ProviderClass };
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let provider: ProviderInstance | undefined;
  let handler: (req: IncomingMessage, res: ServerResponse) => void = () => undefined;

  async function interaction(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const details = await provider!.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      const result = idp.loginAs === null ? { error: 'access_denied', error_description: 'the person declined' } : { login: { accountId: idp.loginAs } };
      await provider!.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
      return;
    }
    const grant = new provider!.Grant({ clientId: details.params.client_id!, accountId: details.session!.accountId! });
    grant.addOIDCScope(details.params.scope!);
    const grantId = await grant.save();
    await provider!.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    idp.requests.push(`${req.method} ${req.url}`);
    const url = new URL(req.url ?? '/', issuer);
    if (url.pathname === '/auth') idp.lastAuthorization = url.searchParams;
    if (url.pathname.startsWith('/interaction/')) {
      interaction(req, res).catch((err: Error) => {
        res.statusCode = 500;
        res.end(String(err.message));
      });
      return;
    }
    if (url.pathname === '/token' && req.method === 'POST' && idp.tokenResponse) {
      const respond = idp.tokenResponse;
      readBody(req)
        .then(() => respond())
        .then((body) => {
          res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
          res.end(JSON.stringify(body));
        })
        .catch((err: Error) => {
          res.statusCode = 500;
          res.end(String(err.message));
        });
      return;
    }
    handler(req, res);
  });

  const idp: SignInIdP = {
    issuer,
    requests: [],
    loginAs: 'alice',
    lastAuthorization: undefined,
    tokenResponse: undefined,
    jwk: {},
    async rotate() {
      const { jwk } = await rsaKey(`signin-${Math.random().toString(36).slice(2)}`);
      idp.jwk = jwk;
      provider = new Provider(issuer, {
        clients: [
          {
            client_id: WEB_CLIENT_ID,
            client_secret: WEB_CLIENT_SECRET,
            grant_types: ['authorization_code'],
            response_types: ['code'],
            redirect_uris: [`${publicUrl}/auth/callback`],
            post_logout_redirect_uris: [`${publicUrl}/`],
            token_endpoint_auth_method: 'client_secret_basic',
          },
        ],
        jwks: { keys: [jwk] },
        findAccount: async (_ctx: unknown, id: string) => {
          const account = ACCOUNTS[id];
          return account
            ? { accountId: id, claims: async () => ({ sub: id, email: account.email, email_verified: account.emailVerified ?? true, name: account.name, groups: account.groups }) }
            : undefined;
        },
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
        scopes: ['openid', 'email', 'profile', 'groups'],
        // Scope claims in the ID token itself, as Okta and Entra ID do for groups.
        conformIdTokenClaims: false,
        pkce: { required: () => true },
        features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
        interactions: { url: (_ctx: unknown, i: { uid: string }) => `/interaction/${i.uid}` },
        cookies: { keys: ['a-cookie-signing-key-for-tests'] },
        ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 3600 },
      });
      handler = provider.callback();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  await idp.rotate();
  return idp;
}
