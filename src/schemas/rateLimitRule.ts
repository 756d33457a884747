/**
 * A gateway rate-limit rule as configured (TOOLSHED_GATEWAY_RATE_LIMITS), shared by
 * the configuration schema and the gateway's limiters (src/gateway/rateLimiter.ts).
 */
export const RATE_LIMIT_SCOPES = ['user', 'server', 'tool', 'user+server', 'user+tool'] as const;
export type RateLimitScope = (typeof RATE_LIMIT_SCOPES)[number];

export interface RateLimitRule {
  /** Who shares a bucket: one per user, per server, per tool of a server, or per user on each server or tool. */
  scope: RateLimitScope;
  /** Servers covered: `*` (default) or a prefix ending in `*` or one exact name. */
  server?: string;
  /** Tools covered (tool scopes only): `*` (default) or one exact name. */
  tool?: string;
  /** Steady refill, tokens per minute (may be fractional). */
  ratePerMinute: number;
  /** Bucket size: how many requests may come at once after a quiet spell (default: ratePerMinute, at least 1). */
  burst?: number;
}

/** Why a rule is unusable, or null (for the configuration schema). */
export function rateLimitRuleProblem(rule: RateLimitRule): string | null {
  if (rule.server !== undefined) {
    const star = rule.server.indexOf('*');
    if (rule.server === '' || (star !== -1 && star !== rule.server.length - 1)) return 'server must be "*", a prefix ending in "*", or one server name';
  }
  if (rule.tool !== undefined) {
    if (rule.scope !== 'tool' && rule.scope !== 'user+tool') return `tool is only allowed for the tool and user+tool scopes (this rule's scope is ${rule.scope})`;
    if (rule.tool === '' || (rule.tool !== '*' && rule.tool.includes('*'))) return 'tool must be "*" or one tool name';
  }
  return null;
}
