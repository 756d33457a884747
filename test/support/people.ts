/**
 * People and tokens for tests, without the browser sign-in: a person is recorded
 * through the directory exactly as the sign-in flow records them, and gets a
 * personal access token through the token plane.
 */
import type { UserRecord } from '../../src/access/directory.js';
import type { Role } from '../../src/access/roles.js';
import type { Toolshed } from '../../src/createToolshed.js';

export const ISSUER = 'https://idp.example.test';

export async function signIn(t: Toolshed, subject: string, options: { email?: string; emailVerified?: boolean; groups?: string[]; claimRoles?: Role[]; roles?: Role[] } = {}): Promise<UserRecord> {
  const user = await t.directory.recordSignIn({
    issuer: ISSUER,
    subject,
    email: options.email ?? `${subject}@example.com`,
    emailVerified: options.emailVerified ?? true,
    name: subject,
    claimGroups: options.groups ?? [],
    claimRoles: options.claimRoles ?? [],
  });
  if (options.roles) return t.directory.updateUser(user.id, { roles: options.roles }, 'test');
  return user;
}

/** A person with a personal access token of these scopes: the secret and the Authorization header. */
export async function personWithToken(
  t: Toolshed,
  subject: string,
  scopes: string[],
  options: { roles?: Role[]; groups?: string[]; email?: string; emailVerified?: boolean } = {},
): Promise<{ user: UserRecord; secret: string; tokenId: string; headers: { authorization: string } }> {
  const user = await signIn(t, subject, options);
  const caller = await t.directory.callerForUser(user.id, 'session');
  const created = await t.apiTokens.createPersonal(caller!, { name: `${subject} test token`, scopes });
  return { user, secret: created.secret, tokenId: created.token.id, headers: { authorization: `Bearer ${created.secret}` } };
}
