/**
 * A real OpenID provider (oidc-provider) on 127.0.0.1 for the company `oidc`
 * proof: machine clients get RS256 JWT access tokens by client credentials, with
 * their `groups` (and `email`) as claims and Toolshed's client id as audience;
 * the provider can rotate its signing key.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

/** The client id Toolshed is registered under (`oidcClientId`): the audience of the tokens for `urn:toolshed`. */
export const CLIENT_ID = 'toolshed-registry';

/** Who each machine client of the provider is: its groups become the `groups` claim. */
export const CLIENTS: Record<string, { groups: string[]; email?: string }> = {
  'payments-bot': { groups: ['payments-team', 'everyone'], email: 'payments@acme.example' },
  'admin-bot': { groups: ['registry-admins'] },
  'marketing-bot': { groups: ['marketing'], email: 'marketing@acme.example' },
};
export const SECRET = 'a-client-secret-of-decent-length';

export interface IdP {
  issuer: string;
  requests: string[];
  /** An RS256 JWT for `client`, whose `aud` is the client id unless another resource is asked for. */
  token(client: string, resource?: string): Promise<string>;
  /** Restarts the provider with a new signing key (the old one is no longer published). */
  rotate(): Promise<void>;
  jwk: JWK;
  close(): Promise<void>;
}

export async function rsaKey(kid: string): Promise<{ jwk: JWK; privateKey: CryptoKey }> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { privateKey, jwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' } };
}

/** oidc-provider has no type declarations; the few members used here. */
type ProviderClass = new (issuer: string, config: Record<string, unknown>) => { callback(): (req: IncomingMessage, res: ServerResponse) => void };

export async function startIdP(signingJwk?: JWK): Promise<IdP> {
  const { default: Provider } = (await import('oidc-provider' as string)) as { default: ProviderClass };
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const requests: string[] = [];
  let handler: (req: IncomingMessage, res: ServerResponse) => void = () => undefined;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    requests.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  let generation = 0;
  const idp: IdP = {
    issuer,
    requests,
    jwk: {},
    async rotate() {
      const jwk = generation === 0 && signingJwk ? signingJwk : (await rsaKey(`key-${generation}-${Math.random().toString(36).slice(2)}`)).jwk;
      generation++;
      idp.jwk = jwk;
      const provider = new Provider(issuer, {
        clients: Object.keys(CLIENTS).map((client_id) => ({
          client_id,
          client_secret: SECRET,
          grant_types: ['client_credentials'],
          redirect_uris: [],
          response_types: [],
        })),
        jwks: { keys: [jwk] },
        features: {
          devInteractions: { enabled: false },
          clientCredentials: { enabled: true },
          resourceIndicators: {
            enabled: true,
            defaultResource: () => 'urn:toolshed',
            useGrantedResource: () => true,
            getResourceServerInfo: (_ctx: unknown, resource: string) => ({
              scope: 'openid',
              audience: resource === 'urn:toolshed' ? CLIENT_ID : 'another-app',
              accessTokenFormat: 'jwt',
              jwt: { sign: { alg: 'RS256' } },
            }),
          },
        },
        extraTokenClaims: async (_ctx: unknown, token: { clientId?: string }) => {
          const who = CLIENTS[token.clientId ?? ''];
          return who ? { groups: who.groups, ...(who.email ? { email: who.email } : {}) } : undefined;
        },
        ttl: { ClientCredentials: 600 },
      });
      handler = provider.callback();
    },
    async token(client, resource = 'urn:toolshed') {
      const res = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${client}:${SECRET}`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', resource, scope: 'openid' }),
      });
      const body = (await res.json()) as { access_token?: string };
      if (!body.access_token) throw new Error(`the provider issued no token: ${JSON.stringify(body)}`);
      return body.access_token;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  await idp.rotate();
  return idp;
}
