/**
 * An upstream credential as the gateway holds it once opened: what it is, its
 * value, whose it is, and for a shared one where it may be sent. Its own module
 * so the resolution of an upstream (connectionUpstream) and the store of
 * secrets (upstreamSecrets) can both name it without importing each other.
 */
export type SecretKind = 'header' | 'query' | 'variable';

export interface SecretValue {
  kind: SecretKind;
  value: string;
  /** `shared` (an administrator's) or `personal` (the person's own). */
  scope: 'shared' | 'personal';
  /** For a personal value: the shared one of the same name it replaces. */
  replaces?: SecretValue | undefined;
  /** For a shared value: the origins it may be sent to; undefined for a row not yet settled (bound to the origin its URL has now). */
  origins?: readonly string[] | undefined;
}
