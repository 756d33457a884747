/** The one check of a trust level wherever one arrives (a reviewer's change, a federation curation): 422 for anything else. */
import { ValidationError } from '../errors.js';
import { TRUST_LEVELS, type TrustLevel } from './governance.js';

export function checkTrustLevel(value: unknown, location = 'body.trust'): TrustLevel {
  if (typeof value === 'string' && (TRUST_LEVELS as readonly string[]).includes(value)) return value as TrustLevel;
  throw new ValidationError('GOVERNANCE_TRUST_UNKNOWN', `Unknown trust level ${JSON.stringify(value)}: use one of ${TRUST_LEVELS.join(', ')}`, [
    { message: `must be one of ${TRUST_LEVELS.join(', ')}`, location, value },
  ]);
}
