/**
 * Query-string values the route schemas leave as strings, parsed with the official
 * semantics (Go's strconv.ParseBool, RFC 3339 `updated_since`) and errors.
 */
import { InputError, ValidationError } from '../errors.js';
import { parseRfc3339Nanos } from '../store/index.js';

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

export function parseBoolParam(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw new ValidationError('HTTP_INVALID_QUERY', 'validation failed', [{ message: 'invalid boolean', location: `query.${name}`, value }]);
}

export function parseUpdatedSince(value: string | undefined): bigint | undefined {
  if (value === undefined || value === '') return undefined;
  const nanos = parseRfc3339Nanos(value);
  if (nanos === undefined) {
    throw new InputError('CATALOG_BAD_UPDATED_SINCE', 'Invalid updated_since format: expected RFC3339 timestamp (e.g., 2025-08-07T13:15:04.280Z)');
  }
  return nanos;
}

/** A comma-separated list whose items must come from `allowed` (when given). */
export function parseListParam<T extends string>(name: string, value: string | undefined, allowed?: readonly T[]): T[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (allowed) {
    const bad = items.filter((i) => !allowed.includes(i as T));
    if (bad.length) {
      throw new ValidationError('HTTP_INVALID_QUERY', 'validation failed', [{ message: `expected value to be one of "${allowed.join(', ')}"`, location: `query.${name}`, value: bad[0] }]);
    }
  }
  return items as T[];
}

/** The second decoding of a path value, as the official handlers do after the router's. */
export function decodePathValue(value: string, what: 'server name' | 'version'): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    throw new InputError('HTTP_BAD_ENCODING', `Invalid ${what} encoding`);
  }
  // `%2500` passes the NUL guard but decodes to NUL here; no name or version holds one,
  // and PostgreSQL text cannot.
  if (decoded.includes('\0')) throw new InputError('HTTP_NUL_IN_PATH', 'Invalid request: URL path contains null bytes');
  return decoded;
}
