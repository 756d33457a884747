/**
 * Rate limits shared by every gateway process through Redis: one atomic Lua
 * script per request (EVALSHA via ioredis `defineCommand`) refills and takes
 * from all the request's buckets on Redis's own clock, so processes with
 * skewed clocks still agree. Each bucket is a hash that expires once it would
 * be full again. When Redis fails, the limiter fails open (requests pass) or
 * closed (requests are refused as `limiter_unavailable`), as configured, and
 * says so in the log at most once a minute.
 */
import { Redis } from 'ioredis';
import { compileRateLimits, NOT_LIMITED, type RateLimiter, type RateLimitRule, type RateLimitVerdict } from './rateLimiter.js';
import { retryAfterSeconds } from './tokenBucket.js';

/** KEYS: the buckets. ARGV: rate (tokens/ms) and burst per bucket. Returns {allowed, waitMs, limiting index (0-based)}. */
const TAKE_TOKEN_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local tokens = {}
local limiting = -1
local wait = 0
for i = 1, #KEYS do
  local rate = tonumber(ARGV[2 * i - 1])
  local burst = tonumber(ARGV[2 * i])
  local s = redis.call('HMGET', KEYS[i], 't', 'u')
  local tk = tonumber(s[1])
  local at = tonumber(s[2])
  if tk == nil or at == nil then tk = burst; at = now end
  tk = math.min(burst, tk + math.max(0, now - at) * rate)
  tokens[i] = tk
  if tk < 1 then
    local ms = math.ceil((1 - tk) / rate)
    if limiting < 0 or ms > wait then wait = ms; limiting = i - 1 end
  end
end
if limiting >= 0 then return {0, wait, limiting} end
for i = 1, #KEYS do
  local rate = tonumber(ARGV[2 * i - 1])
  local burst = tonumber(ARGV[2 * i])
  local left = tokens[i] - 1
  redis.call('HSET', KEYS[i], 't', string.format('%.17g', left), 'u', string.format('%d', now))
  redis.call('PEXPIRE', KEYS[i], math.ceil((burst - left) / rate) + 1000)
end
return {1, 0, -1}
`;

export type LimiterFailureMode = 'open' | 'closed';

export interface RedisRateLimiterOptions {
  rules: readonly RateLimitRule[];
  url: string;
  /** Prefix of every key (separates deployments or test runs sharing one Redis). */
  keyPrefix?: string;
  /** What to do when Redis cannot answer: let requests through (`open`) or refuse them (`closed`). */
  onFailure: LimiterFailureMode;
  /** Longest a check may wait for Redis before it counts as failed, in ms. */
  commandTimeoutMs?: number;
  /** Certificate authorities to trust for a `rediss://` URL (TOOLSHED_CA_FILE with Node's roots); Node's roots otherwise. */
  ca?: string[];
  log?: { warn(details: Record<string, unknown>, message: string): void };
}

type TakeTokenCommand = (...args: Array<string | number>) => Promise<[number, number, number]>;

export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter & { readonly failures: number } {
  const bucketsFor = compileRateLimits(options.rules);
  const prefix = options.keyPrefix ?? 'toolshed:ratelimit:';
  const redis = new Redis(options.url, {
    // Never queue checks while disconnected: a request waits for Redis at most commandTimeoutMs.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 500,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
    ...(options.ca && options.url.startsWith('rediss:') ? { tls: { ca: options.ca } } : {}),
  });
  // Connection errors are reported through failed checks, below; unhandled ones would crash the process.
  redis.on('error', () => {});
  redis.defineCommand('toolshedTakeToken', { lua: TAKE_TOKEN_LUA });
  const takeToken = (redis as unknown as { toolshedTakeToken: TakeTokenCommand }).toolshedTakeToken.bind(redis);
  let failures = 0;
  let lastWarned = 0;

  function failed(err: unknown): RateLimitVerdict {
    failures++;
    const now = Date.now();
    if (now - lastWarned >= 60_000) {
      lastWarned = now;
      options.log?.warn(
        { reason: (err as Error)?.message ?? String(err), failOpen: options.onFailure === 'open' },
        options.onFailure === 'open'
          ? 'the shared rate limiter (Redis) is unavailable; requests pass unlimited until it is back'
          : 'the shared rate limiter (Redis) is unavailable; requests are refused until it is back',
      );
    }
    if (options.onFailure === 'open') return NOT_LIMITED;
    return { limited: true, retryAfterSeconds: 1, scope: 'user', reason: 'limiter_unavailable' };
  }

  return {
    get failures() {
      return failures;
    },
    async take(subject) {
      const specs = bucketsFor(subject);
      if (specs.length === 0) return NOT_LIMITED;
      const args: Array<string | number> = [specs.length];
      for (const s of specs) args.push(prefix + s.key);
      for (const s of specs) args.push(s.ratePerMs, s.burst);
      let answer: [number, number, number];
      try {
        answer = await takeToken(...args);
      } catch (err) {
        return failed(err);
      }
      const [allowed, waitMs, limiting] = answer;
      if (allowed === 1) return NOT_LIMITED;
      return { limited: true, retryAfterSeconds: retryAfterSeconds(waitMs), scope: specs[limiting]?.scope ?? 'user', reason: 'rate_limited' };
    },
    async close() {
      redis.disconnect();
    },
  };
}
