/**
 * The stored login for commands that write to the registry, refused locally when
 * missing or expired, and the "log in again" hint for a 401.
 */
import { refusedError, usageError } from './publisherError.js';
import { normalizeRegistry } from './registryClient.js';
import { readToken, tokenFilePath, type StoredToken } from './tokenStore.js';

export function loginAgainHint(stored: StoredToken): string {
  const method = stored.method === 'unknown' ? '<method>' : stored.method;
  return `Log in again: toolshed login ${method} --registry ${stored.registry} (registry tokens are short-lived)`;
}

export function storedLogin(now = Date.now()): StoredToken {
  const stored = readToken();
  if (!stored) throw usageError(`not logged in (no ${tokenFilePath()}): run \`toolshed login <method>\` first`);
  stored.registry = normalizeRegistry(stored.registry);
  if (stored.expires_at !== undefined && stored.expires_at * 1000 <= now) {
    throw refusedError(`your registry token expired at ${new Date(stored.expires_at * 1000).toISOString()}.\n${loginAgainHint(stored)}`);
  }
  return stored;
}
