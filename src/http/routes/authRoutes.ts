/**
 * `POST /auth/<method>`: exchanges a proof of namespace ownership for a registry
 * token, with the official request and response bodies. Only enabled methods are
 * registered (a disabled one is a 404, as upstream).
 */
import type { FastifyInstance } from 'fastify';
import { type RegistryTokens, blockedNamespaceIn, type ProofMethod } from '../../access/index.js';
import { AuthError, ForbiddenError } from '../../errors.js';

export interface AuthRoutesOptions {
  prefix: string;
  methods: ProofMethod[];
  tokens: RegistryTokens;
  blockedNamespaces: string[];
}

export function authRoutes(app: FastifyInstance, options: AuthRoutesOptions, done: () => void): void {
  const version = options.prefix.replace(/^\//, '');
  for (const method of options.methods) {
    app.post<{ Body: Record<string, unknown> }>(
      `/auth/${method.name}`,
      {
        schema: {
          operationId: `exchange-${method.name}-token-${version}`,
          tags: ['auth'],
          summary: `Exchange a ${method.name} proof for a registry token`,
          ...(method.bodySchema ? { body: method.bodySchema } : {}),
        },
      },
      async (request, reply) => {
        const result = await method.exchange((request.body ?? {}) as Record<string, unknown>);
        if (!result.ok) {
          request.log.info({ method: method.name, reason: result.reason }, 'token exchange refused');
          throw new AuthError('AUTH_EXCHANGE_FAILED', method.failureDetail, method.hideReason ? undefined : [{ message: result.reason }]);
        }
        const blocked = blockedNamespaceIn(result.grant, options.blockedNamespaces);
        if (blocked) {
          throw new ForbiddenError('AUTH_NAMESPACE_BLOCKED', `your namespace is blocked (${blocked}). Ask the registry's administrators if you think this is a mistake`);
        }
        const issued = await options.tokens.issue(result.grant);
        return reply.header('content-type', 'application/json').header('cache-control', 'no-store').send(JSON.stringify(issued));
      },
    );
  }
  done();
}
