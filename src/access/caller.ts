/**
 * Who is making a request, as every plane sees it: a person (through a browser
 * session or a personal access token), a service token, the bootstrap admin
 * token, or a registry token from a namespace proof. Planes decide with
 * `permissions` (what the roles and token scopes allow) and, for servers and
 * tools, with the access rules through `decide()` using `id` and `groups`.
 */
import type { RegistryPrincipal } from './registryPermissions.js';
import type { Permission, Role } from './roles.js';
import type { TokenScope } from './tokenScopes.js';

export type CallerVia = 'session' | 'personal-token' | 'service-token' | 'admin-token' | 'registry-token' | 'capability-url';

export interface Caller {
  /** A user id (`usr_…`), a service token id (`tok_…`), `admin`, or a registry token's subject. */
  id: string;
  /** For people and logs: an email, a name, or the token's name. */
  label: string;
  via: CallerVia;
  /** Toolshed groups, for access rules. */
  groups: readonly string[];
  roles: readonly Role[];
  /** What the roles allow, narrowed by the token's scopes. */
  permissions: ReadonlySet<Permission>;
  /** What this caller may publish and edit through the registry API. */
  registry: RegistryPrincipal;
  /** The token used, when one was (for revocation and last-used records). */
  tokenId?: string;
  /** That token's scopes (personal and service tokens): what it admits beyond permissions, such as an owner's publishing. */
  tokenScopes?: readonly TokenScope[];
  /** When that token expires (µs since the epoch), when it does. */
  tokenExpiresAt?: number;
  /** The browser session, when the request came with one. */
  sessionId?: string;
}

/**
 * Reads one kind of credential from a request. Resolves to undefined when the
 * request does not carry that kind, to a Caller when it is valid, and throws an
 * AuthError when it carries that kind and it is not valid (expired, revoked,
 * forged), so a bad credential is never silently ignored.
 */
export interface CredentialRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  /** Cookies already parsed. */
  cookies: Record<string, string | undefined>;
  ip: string;
}
export type CredentialResolver = (request: CredentialRequest) => Promise<Caller | undefined>;
