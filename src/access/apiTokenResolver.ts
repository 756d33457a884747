/**
 * The credential resolver of personal and service tokens: claims bearer values
 * that start with `tsp_` or `tss_` and leaves every other bearer value to the
 * next resolver. A claimed token that is not valid is a 401, never anonymous.
 */
import type { ApiTokens } from './apiTokens.js';
import { tokenKindOf } from './apiTokens.js';
import type { CredentialResolver } from './caller.js';
import { bearerTokenOf } from './identifyCaller.js';

export function apiTokenResolver(tokens: ApiTokens): CredentialResolver {
  return async (request) => {
    const header = request.headers.authorization;
    const token = bearerTokenOf((Array.isArray(header) ? header[0] : header) ?? '');
    if (!tokenKindOf(token)) return undefined;
    return tokens.authenticate(token, request.ip);
  };
}
