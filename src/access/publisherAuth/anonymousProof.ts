/**
 * `none`: no proof at all, for local development only (off unless configured).
 * Grants publish and edit on `io.modelcontextprotocol.anonymous/*`, as upstream.
 */
import type { ProofMethod } from './proofMethod.js';

export const ANONYMOUS_NAMESPACE = 'io.modelcontextprotocol.anonymous/*';

export function anonymousProof(): ProofMethod {
  return {
    name: 'none',
    failureDetail: 'Anonymous authentication failed',
    async exchange() {
      return {
        ok: true,
        grant: {
          method: 'none',
          subject: 'anonymous',
          permissions: [
            { action: 'publish', resource: ANONYMOUS_NAMESPACE },
            { action: 'edit', resource: ANONYMOUS_NAMESPACE },
          ],
        },
      };
    },
  };
}
