/**
 * Local people: people Toolshed keeps itself, for a trial without an identity
 * provider and as a break-glass way in when the provider is down. They have no
 * password: an administrator creates them and their personal tokens, which they
 * use with MCP clients (scope `gateway`) and, to open the web console, in its
 * token sign-in. They are on unless company sign-in is configured; off, none can
 * be added and those that exist cannot act.
 */
import { signInConfigured } from './signIn/createSignIn.js';

/** The issuer of local people (an IdP's issuer is an https URL, so it cannot collide). */
export const LOCAL_ISSUER = 'local';

export interface LocalPeopleConfig {
  localPeople?: boolean | undefined;
  oidcIssuer?: string | undefined;
  oidcClientId?: string | undefined;
  oidcClientSecret?: string | undefined;
}

export function localPeopleEnabled(config: LocalPeopleConfig): boolean {
  return config.localPeople ?? !signInConfigured(config);
}
