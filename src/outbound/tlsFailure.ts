/**
 * What a TLS failure means, in the words an administrator acts on: a private
 * CA missing from TOOLSHED_CA_FILE reads "certificate signed by an unknown
 * authority for host X", not "could not be reached".
 */
const UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

function codesOf(err: unknown): string[] {
  const codes: string[] = [];
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') codes.push(e.code);
  }
  return codes;
}

/** `certificate signed by an unknown authority for host X` and the like; undefined when the error is not about TLS. */
export function tlsFailure(err: unknown, host: string): string | undefined {
  for (const code of codesOf(err)) {
    if (UNKNOWN_AUTHORITY.has(code)) return `certificate signed by an unknown authority for host ${host}`;
    if (code === 'CERT_HAS_EXPIRED') return `certificate has expired for host ${host}`;
    if (code === 'CERT_NOT_YET_VALID') return `certificate is not yet valid for host ${host}`;
    if (code === 'CERT_REVOKED') return `certificate has been revoked for host ${host}`;
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') return `certificate is not valid for host ${host} (its names do not include it)`;
    if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code === 'EPROTO') return `TLS handshake failed with host ${host} (${code})`;
  }
  return undefined;
}
