/**
 * One validated configuration object. Sources, later ones winning: defaults, an
 * optional JSON or YAML file (TOOLSHED_CONFIG), then environment variables. Every
 * bad value is reported at start-up with the variable's name and what to fix.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { sourceInputSchema } from './schemas/federationInput.js';
import { parseInternalRemote } from './schemas/internalRemoteEntry.js';
import { NOTIFICATION_EVENTS } from './schemas/notifications.js';
import { DEFAULT_RECERTIFY_DAYS, parseRecertifyDays } from './schemas/recertifyDays.js';
import { RATE_LIMIT_SCOPES, rateLimitRuleProblem, type RateLimitRule } from './schemas/rateLimitRule.js';

/** A whole number in a range, with one message that says what to fix. */
const intIn = (min: number, max: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};
const port = intIn(0, 65535);
/** JSON in the environment, structured in a config file. */
const jsonValue = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v);
    } catch {
      return { __invalidJson: v };
    }
  }, schema);
/**
 * `{claim: "groups", equals: "payments-team", grant: [{action: "publish", resource: "com.acme.payments/*"}]}`:
 * when the ID token's claim equals the value (or, for a list claim, contains it), the grant applies.
 */
const oidcClaimRule = z
  .object({
    claim: z.string().min(1),
    equals: z.union([z.string(), z.number(), z.boolean()]),
    grant: z.array(z.object({ action: z.enum(['publish', 'edit']), resource: z.string().min(1) }).strict()).min(1),
  })
  .strict();
export type OidcClaimRule = z.infer<typeof oidcClaimRule>;

/** Schemas made by `list`: for these an empty environment value is a value (the empty list), not "unset". */
const LIST_SCHEMAS = new WeakSet<z.ZodType>();
/**
 * A list: an array in the config file, or comma-separated in the environment,
 * where an empty value or `none` is the empty list (so a default can be turned
 * off). `rule` refuses lists the setting cannot work with, saying why.
 */
const list = <T extends z.ZodTypeAny>(item: T, rule?: { check: (v: z.infer<T>[]) => boolean; error: string }) => {
  const parsed = z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    if (/^\s*none\s*$/i.test(v)) return [];
    return v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }, z.array(item));
  const schema = rule ? parsed.refine(rule.check, { error: rule.error }) : parsed;
  LIST_SCHEMAS.add(schema);
  return schema;
};
const nonEmpty = (error: string) => ({ check: (v: unknown[]) => v.length > 0, error });
const bool = z.preprocess(
  (v) => {
    if (typeof v !== 'string') return v;
    if (/^(1|true|yes|on)$/i.test(v)) return true;
    if (/^(0|false|no|off)$/i.test(v)) return false;
    return v;
  },
  z.boolean({ error: 'must be true or false' }),
);

export const configSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: port.default(8080),
    dataDir: z.string().min(1).default('./data'),
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL (leave unset for the embedded SQLite database)')
      .optional(),
    databasePoolSize: intIn(1, 500).default(10),
    /** Bearer token with publish and edit rights on every name. Generated into the data dir when unset. */
    adminToken: z.string().min(16, 'must be at least 16 characters').optional(),
    /** `Cache-Control: max-age` for registry GET responses, in seconds. */
    cacheMaxAge: intIn(0, 86_400).default(0),
    /** Size bound of the in-memory response cache, in MiB. */
    responseCacheMb: intIn(0, 4096).default(64),
    /** How long a client has to send a whole request head, counted from connecting or from a request's first byte, in seconds. */
    headersTimeoutSeconds: intIn(1, 3_600).default(60),
    /** How long a client has to send a whole request, body included, in seconds (answers are not bounded by it). */
    requestTimeoutSeconds: intIn(1, 86_400).default(300),
    /** On shutdown, how long requests in flight may take to finish before their connections are cut, in seconds. */
    shutdownGraceSeconds: intIn(0, 3_600).default(10),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** `json`: one JSON object per line (for log collectors); `pretty`: one readable line per record, for a person at a terminal. */
    logFormat: z.enum(['json', 'pretty']).default('json'),
    publicUrl: z.string().url().optional(),
    /** Hex 32-byte AES key sealing federation sources' auth headers; generated into the data dir when unset. */
    secretKey: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (`openssl rand -hex 32`)')
      .optional(),
    /** Hex 32-byte Ed25519 seed signing registry tokens; generated into the data dir when unset. */
    registryJwtKey: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (`openssl rand -hex 32`)')
      .optional(),
    /** Previous signing keys, still accepted for tokens issued before a rotation. */
    registryJwtPreviousKeys: list(z.string().regex(/^[0-9a-fA-F]{64}$/, 'each key must be 64 hex characters')).default([]),
    registryTokenTtlSeconds: intIn(30, 86_400).default(300),
    /** `POST /auth/none`: anonymous publishing to io.modelcontextprotocol.anonymous/* (development only). */
    anonymousAuth: bool.default(false),
    /** Namespaces no token may be issued for (e.g. `com.competitor`). */
    blockedNamespaces: list(z.string().min(1)).default([]),

    // Outbound fetches (proofs, package registries, upstreams) refuse private addresses unless allowed here.
    outboundAllow: list(z.string().regex(/^[0-9a-fA-F:.]+(\/\d{1,3})?$/, 'each entry must be an IP address or CIDR')).default([]),
    outboundAllowHttp: bool.default(false),
    /**
     * The company's own MCP servers: host names, `*.` wildcards, addresses or CIDRs (`http://` before one also allows
     * plain http there) whose remotes pass publish and which the gateway may reach at private and loopback addresses.
     */
    internalRemotes: list(
      z.string().superRefine((entry, ctx) => {
        const parsed = parseInternalRemote(entry);
        if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
      }),
    ).default([]),
    /** A PEM bundle of certificate authorities trusted for every outbound TLS connection, in addition to Node's bundled roots. */
    caFile: z.string().min(1).optional(),
    /** Longest a relayed MCP call (a POST and its event stream) may take through the gateway, in seconds. */
    gatewayCallTimeoutSeconds: intIn(1, 86_400).default(300),
    /** Largest upstream JSON response, or single SSE event, the gateway relays, in MiB. */
    gatewayMaxResponseMb: intIn(1, 1024).default(8),
    /** Most messages in one JSON-RPC batch sent to the gateway; a larger batch is refused whole. */
    gatewayMaxBatch: intIn(1, 10_000).default(100),
    /** Seconds of silence on an event stream towards a client before a keep-alive comment (0: none). */
    gatewayKeepAliveSeconds: intIn(0, 3_600).default(25),
    /** Servers (names, or patterns ending in `*`) the gateway sends signed identity headers (X-Toolshed-User…). */
    gatewayIdentityHeaders: list(z.string().min(1)).default([]),
    /** Hex 32-byte HMAC key of the identity headers; derived from the secret key (HKDF) when unset. */
    gatewayIdentityKey: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (`openssl rand -hex 32`)')
      .optional(),
    /** Where clients reach the gateway when it has an origin of its own (`https://mcp.example.com`): connection URLs are built on it instead of `publicUrl`. */
    gatewayUrl: z.string().url().optional(),
    /** Browser origins, besides `publicUrl`'s, whose pages may call the gateway (browser-based MCP clients); requests naming any other Origin are refused. */
    gatewayAllowedOrigins: list(
      z
        .string()
        .regex(/^https?:\/\/[^/?#\s]+\/?$/, 'each entry must be an origin: scheme, host and port without a path (https://inspector.example.com)')
        .refine((v) => URL.canParse(v), 'each entry must be a valid origin (https://inspector.example.com)')
        .transform((v) => new URL(v).origin),
    ).default([]),
    /** Most reports one person may file in an hour (report floods are refused with 429). */
    reportsPerHour: intIn(1, 10_000).default(20),
    /** What the gateway does with a server whose capabilities drifted from its pin, unless the server has its own action. */
    driftAction: z.enum(['warn', 'hide', 'block']).default('warn'),
    /** What happens to a new version of a source without a stored approval policy: `review` (a reviewer approves it) or `approve` (live at once). */
    reviewDefault: z.enum(['review', 'approve']).default('review'),
    /** Where drift webhooks are POSTed (through the outbound guard); none when unset. */
    driftWebhookUrl: z.string().url().optional(),
    /** HMAC-SHA256 key of the drift webhook's Toolshed-Signature header. */
    driftWebhookSecret: z.string().min(16, 'must be at least 16 characters').optional(),
    /** Where governance webhooks (every GOVERNANCE_EVENTS event, the attention digest) are POSTed; none when unset. */
    governanceWebhookUrl: z.string().url().optional(),
    /** HMAC-SHA256 key of the governance webhook's Toolshed-Signature header. */
    governanceWebhookSecret: z.string().min(16, 'must be at least 16 characters').optional(),
    /** The governance webhook's body: Toolshed's JSON, or a Slack incoming-webhook message (`{text, blocks}`). */
    governanceWebhookFormat: z.enum(['toolshed', 'slack']).default('toolshed'),
    /** The governance events sent to the webhook (empty: all of them). */
    governanceWebhookEvents: list(z.enum(NOTIFICATION_EVENTS)).default([]),
    /** "Needs attention": a server with no gateway call for this many days. */
    attentionUnusedDays: intIn(1, 3_650).default(90),
    /** "Needs attention": a server whose health probes have failed without a success for this many days. */
    attentionUnhealthyDays: intIn(1, 3_650).default(3),
    /** How often the attention digest is sent to the governance webhook, in hours (0: never). */
    attentionDigestHours: intIn(0, 8_760).default(168),
    /** Gateway rate limits (JSON in the environment): token buckets per user, server, tool; none by default. */
    gatewayRateLimits: jsonValue(
      z.array(
        z
          .object({
            scope: z.enum(RATE_LIMIT_SCOPES),
            server: z.string().optional(),
            tool: z.string().optional(),
            ratePerMinute: z.number({ error: 'must be a number' }).positive({ error: 'must be above 0' }).max(1_000_000, { error: 'must be at most 1000000' }),
            burst: z
              .number({ error: 'must be a number' })
              .int({ error: 'must be a whole number' })
              .min(1, { error: 'must be at least 1' })
              .max(1_000_000, { error: 'must be at most 1000000' })
              .optional(),
          })
          .strict()
          .superRefine((rule, ctx) => {
            const problem = rateLimitRuleProblem(rule as RateLimitRule);
            if (problem) ctx.addIssue({ code: 'custom', message: problem });
          }),
      ),
    ).default([]),
    /** Redis shared by gateway processes (rate limits); in-process limits when unset. */
    redisUrl: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
    /** Prefix of every key Toolshed writes in Redis (separates deployments sharing one Redis). */
    redisKeyPrefix: z.string().min(1).max(200).default('toolshed:'),
    /** When Redis cannot answer a rate-limit check: `open` lets requests pass, `closed` refuses them. */
    gatewayRateLimitFailure: z.enum(['open', 'closed']).default('open'),
    /** Keep redacted request and response payloads in the gateway audit. */
    gatewayAuditPayloads: bool.default(false),
    /** Gateway audit records waiting to be written past which new calls are refused (or, with `drop`, records are dropped and counted). */
    gatewayAuditQueueSize: intIn(1, 10_000_000).default(10_000),
    /** When the audit cannot keep up: `refuse` new calls with 503 (no call goes unrecorded), or `drop` records and relay on. */
    gatewayAuditOverflow: z.enum(['refuse', 'drop']).default('refuse'),
    /** Longest a gateway audit record waits before it is written, in milliseconds. */
    gatewayAuditFlushMs: intIn(10, 60_000).default(1_000),
    /** Gateway audit rows older than this many days are deleted (hourly, by `toolshed serve`); 0 keeps them forever. */
    gatewayAuditRetentionDays: intIn(0, 36_500).default(90),
    /** Host package servers (npm, PyPI, MCPB, OCI) as sandboxed instances behind the gateway (docs/hosting.md). */
    hosting: bool.default(true),
    /** Most hosted instances this process runs at once; past it a new one is refused (`capacity`). */
    hostingMaxInstances: intIn(1, 10_000).default(100),
    /** Most hosted instances of one server this process runs at once. */
    hostingMaxPerServer: intIn(1, 10_000).default(50),
    /** A hosted instance with no request for this many seconds is stopped. */
    hostingIdleSeconds: intIn(1, 86_400).default(900),
    /** Longest a hosted instance may take from its start to its answered `initialize`, in seconds. */
    hostingStartTimeoutSeconds: intIn(1, 600).default(30),
    /** Memory limit of one hosted instance (all its processes), in MiB; enforced by the kernel's memory cgroup. */
    hostingMemoryMb: intIn(16, 65_536).default(512),
    /** Most processes and threads one hosted instance may have at once; enforced by the kernel's pids cgroup. */
    hostingMaxProcesses: intIn(4, 100_000).default(64),
    /** Seconds between two scheduled probes of a server version (docs/inventory.md). */
    probeIntervalSeconds: intIn(30, 604_800).default(900),
    /** 0-1: each scheduled probe moves by up to this share of the interval, so probes spread out. */
    probeJitter: z.coerce.number({ error: 'must be a number from 0 to 1' }).min(0, { error: 'must be a number from 0 to 1' }).max(1, { error: 'must be a number from 0 to 1' }).default(0.1),
    /** Probes running at once in this process. */
    probeConcurrency: intIn(1, 256).default(8),
    /** Longest one probe may take, in seconds. */
    probeTimeoutSeconds: intIn(1, 300).default(15),
    /** 0.01-1: while the server answers foreground requests, the most of the time scheduled and publish-triggered probes may take (docs/inventory.md). */
    probeBusyShare: z.coerce
      .number({ error: 'must be a number from 0.01 to 1' })
      .min(0.01, { error: 'must be a number from 0.01 to 1' })
      .max(1, { error: 'must be a number from 0.01 to 1' })
      .default(0.1),
    /** Health readings older than this many days are deleted (hourly, by `toolshed serve`). */
    healthRetentionDays: intIn(1, 36_500).default(30),
    /** DNS servers for DNS proofs (`host:port`); the system resolver when empty. */
    dnsServers: list(z.string().min(1)).default([]),
    dnsAuth: bool.default(true),
    httpAuth: bool.default(true),

    githubApiUrl: z.string().url().default('https://api.github.com'),
    githubAuth: bool.default(true),
    /** OAuth/GitHub App client id for `login github` device flow; advertised on /v0/health. */
    githubClientId: z.string().min(1).optional(),
    githubOidcIssuer: z.string().url().default('https://token.actions.githubusercontent.com'),
    /** The audience GitHub Actions tokens must carry; github-oidc is off while unset. */
    githubOidcAudience: z.string().min(1).optional(),

    /** The company OpenID provider for `POST /auth/oidc`; off while unset. */
    oidcIssuer: z.string().url().optional(),
    oidcClientId: z.string().min(1).optional(),
    /** Claim rules: which claims grant which registry permissions (JSON in the environment). */
    oidcClaimRules: jsonValue(z.array(oidcClaimRule)).default([]),

    /** The OAuth client secret of the sign-in flow (people signing in to Toolshed). */
    oidcClientSecret: z.string().min(1).optional(),
    /** Scopes asked for at sign-in. */
    oidcScopes: list(z.string().min(1), { check: (v) => v.includes('openid'), error: 'must include openid (OpenID Connect sign-in needs it)' }).default(['openid', 'profile', 'email']),
    /**
     * How ID-token claims become Toolshed groups and roles at sign-in (JSON in the
     * environment): `{claim, equals?, group?, role?}`. With `equals`, a match adds
     * `group` and/or `role`; without, every value of the claim becomes a group.
     */
    oidcGroupMappings: jsonValue(
      z.array(
        z
          .object({
            claim: z.string().min(1),
            equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
            group: z.string().min(1).optional(),
            role: z.enum(['admin', 'publisher', 'reviewer', 'auditor', 'user']).optional(),
            prefix: z.string().optional(),
          })
          .strict()
          .refine((m) => (m.equals === undefined ? m.group === undefined && m.role === undefined : m.group !== undefined || m.role !== undefined), {
            error: 'a mapping with `equals` needs a `group` and/or a `role`; one without `equals` (every value becomes a group) takes neither, only an optional `prefix`',
          }),
      ),
    ).default([]),
    /** People (email or IdP subject) who are admins from their first sign-in. */
    adminUsers: list(z.string().min(1)).default([]),
    /** Absolute lifetime of a browser session, and how long it may sit unused. */
    sessionTtlSeconds: intIn(60, 30 * 86_400).default(12 * 3600),
    sessionIdleSeconds: intIn(60, 30 * 86_400).default(2 * 3600),
    /** `Secure` session cookies; on by default when TOOLSHED_PUBLIC_URL is https. */
    sessionCookieSecure: bool.optional(),
    /**
     * People kept by Toolshed itself (no identity provider), for trials and break-glass.
     * On by default unless company sign-in is configured; when off, none can be added
     * and those that exist cannot act.
     */
    localPeople: bool.optional(),
    /** Longest lifetime a personal or service token may be given, in days. */
    tokenMaxDays: intIn(1, 3650).default(365),
    /** `public` (anyone may read the catalog API) or `private` (only what access rules let each caller discover). */
    catalogVisibility: z.enum(['public', 'private']).default('public'),
    /** What access rules decide when no rule matches. */
    accessDefaultEffect: z.enum(['allow', 'deny']).default('deny'),
    /** A YAML or JSON file of access rules applied at start-up, replacing the stored set (rules kept in git). */
    accessRulesFile: z.string().min(1).optional(),
    /** Days a trust decision or re-certification holds, per trust level (`verified=180,...`). */
    recertifyDays: z
      .string()
      .default(DEFAULT_RECERTIFY_DAYS)
      .superRefine((v, ctx) => {
        const parsed = parseRecertifyDays(v);
        if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.problem });
      }),

    /** Package ownership checks at publish, by registry type; empty turns them all off. */
    verifyPackages: list(z.enum(['npm', 'pypi', 'nuget', 'oci', 'mcpb'])).default(['npm', 'pypi', 'nuget', 'oci', 'mcpb']),
    /** Accepted `registryBaseUrl`s per type; the first is the default for packages that name none. */
    npmRegistryUrls: list(z.string().url(), nonEmpty('cannot be empty: the first URL is the default npm registry')).default(['https://registry.npmjs.org']),
    pypiRegistryUrls: list(z.string().url(), nonEmpty('cannot be empty: the first URL is the default PyPI')).default(['https://pypi.org']),
    nugetRegistryUrls: list(z.string().url(), nonEmpty('cannot be empty: the first URL is the default NuGet feed')).default(['https://api.nuget.org/v3/index.json']),
    /** OCI registry hosts images may come from (`*.` prefixes allowed). */
    ociRegistries: list(z.string().min(1)).default(['docker.io', 'registry-1.docker.io', 'index.docker.io', 'ghcr.io', 'quay.io', 'mcr.microsoft.com', '*.pkg.dev', '*.azurecr.io']),
    /** Hosts MCPB bundles may be downloaded from. */
    mcpbHosts: list(z.string().min(1)).default(['github.com', 'www.github.com', 'gitlab.com', 'www.gitlab.com']),
    /** Where hosted packages are prepared and cached (content-addressed); unset: `<dataDir>/packages`. */
    packageCacheDir: z.string().min(1).optional(),
    /** Largest package download (npm tarball, MCPB bundle) hosting accepts, in MiB. */
    packageMaxMb: intIn(1, 4096).default(100),
    /** Largest prepared package (unpacked, dependencies included), in MiB. */
    packageUnpackedMaxMb: intIn(1, 65_536).default(1024),
    /** Bound on each step of one package preparation (download, unpack, dependency install), in seconds. */
    packagePrepareTimeoutSeconds: intIn(5, 3_600).default(300),
    /** Prepare (fetch, verify, cache) a version's hostable packages as a review check when it is submitted. */
    packagePrepareAtReview: bool.default(false),
    /** Container runtime for hosting OCI images; unset: OCI packages cannot be hosted (`runtime-missing`). */
    packageContainerRuntime: z.string().min(1).optional(),
    /** Upstream sources, added or updated at start-up (config file only). */
    federationSources: z.array(sourceInputSchema).default([]),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

/** Settings only a config file can hold: lists of structured entries. */
type FileOnlyKey = 'federationSources';

/**
 * Environment variable for each key, as docs/configuration.md lists it. A new setting also
 * needs its meaning in src/schemas/settingDescriptions.ts (typed by these keys) and
 * `npm run docs:config`.
 */
export const ENV_NAMES: Record<Exclude<keyof Config, FileOnlyKey>, string> = {
  host: 'TOOLSHED_HOST',
  port: 'TOOLSHED_PORT',
  dataDir: 'TOOLSHED_DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  databasePoolSize: 'TOOLSHED_DATABASE_POOL_SIZE',
  adminToken: 'TOOLSHED_ADMIN_TOKEN',
  cacheMaxAge: 'TOOLSHED_CACHE_MAX_AGE',
  responseCacheMb: 'TOOLSHED_RESPONSE_CACHE_MB',
  headersTimeoutSeconds: 'TOOLSHED_HEADERS_TIMEOUT_SECONDS',
  requestTimeoutSeconds: 'TOOLSHED_REQUEST_TIMEOUT_SECONDS',
  shutdownGraceSeconds: 'TOOLSHED_SHUTDOWN_GRACE_SECONDS',
  logLevel: 'TOOLSHED_LOG_LEVEL',
  logFormat: 'TOOLSHED_LOG_FORMAT',
  publicUrl: 'TOOLSHED_PUBLIC_URL',
  secretKey: 'TOOLSHED_SECRET_KEY',
  registryJwtKey: 'TOOLSHED_REGISTRY_JWT_KEY',
  registryJwtPreviousKeys: 'TOOLSHED_REGISTRY_JWT_PREVIOUS_KEYS',
  registryTokenTtlSeconds: 'TOOLSHED_REGISTRY_TOKEN_TTL_SECONDS',
  anonymousAuth: 'TOOLSHED_ANONYMOUS_AUTH',
  blockedNamespaces: 'TOOLSHED_BLOCKED_NAMESPACES',
  outboundAllow: 'TOOLSHED_OUTBOUND_ALLOW',
  outboundAllowHttp: 'TOOLSHED_OUTBOUND_ALLOW_HTTP',
  internalRemotes: 'TOOLSHED_INTERNAL_REMOTES',
  caFile: 'TOOLSHED_CA_FILE',
  gatewayCallTimeoutSeconds: 'TOOLSHED_GATEWAY_CALL_TIMEOUT_SECONDS',
  gatewayMaxResponseMb: 'TOOLSHED_GATEWAY_MAX_RESPONSE_MB',
  gatewayMaxBatch: 'TOOLSHED_GATEWAY_MAX_BATCH',
  gatewayKeepAliveSeconds: 'TOOLSHED_GATEWAY_KEEPALIVE_SECONDS',
  gatewayIdentityHeaders: 'TOOLSHED_GATEWAY_IDENTITY_HEADERS',
  gatewayIdentityKey: 'TOOLSHED_GATEWAY_IDENTITY_KEY',
  gatewayUrl: 'TOOLSHED_GATEWAY_URL',
  gatewayAllowedOrigins: 'TOOLSHED_GATEWAY_ALLOWED_ORIGINS',
  gatewayRateLimits: 'TOOLSHED_GATEWAY_RATE_LIMITS',
  reportsPerHour: 'TOOLSHED_REPORTS_PER_HOUR',
  driftAction: 'TOOLSHED_DRIFT_ACTION',
  reviewDefault: 'TOOLSHED_REVIEW_DEFAULT',
  driftWebhookUrl: 'TOOLSHED_DRIFT_WEBHOOK_URL',
  driftWebhookSecret: 'TOOLSHED_DRIFT_WEBHOOK_SECRET',
  governanceWebhookUrl: 'TOOLSHED_GOVERNANCE_WEBHOOK_URL',
  governanceWebhookSecret: 'TOOLSHED_GOVERNANCE_WEBHOOK_SECRET',
  governanceWebhookFormat: 'TOOLSHED_GOVERNANCE_WEBHOOK_FORMAT',
  governanceWebhookEvents: 'TOOLSHED_GOVERNANCE_WEBHOOK_EVENTS',
  attentionUnusedDays: 'TOOLSHED_ATTENTION_UNUSED_DAYS',
  attentionUnhealthyDays: 'TOOLSHED_ATTENTION_UNHEALTHY_DAYS',
  attentionDigestHours: 'TOOLSHED_ATTENTION_DIGEST_HOURS',
  redisUrl: 'TOOLSHED_REDIS_URL',
  redisKeyPrefix: 'TOOLSHED_REDIS_KEY_PREFIX',
  gatewayRateLimitFailure: 'TOOLSHED_GATEWAY_RATE_LIMIT_FAILURE',
  gatewayAuditPayloads: 'TOOLSHED_GATEWAY_AUDIT_PAYLOADS',
  gatewayAuditQueueSize: 'TOOLSHED_GATEWAY_AUDIT_QUEUE_SIZE',
  gatewayAuditOverflow: 'TOOLSHED_GATEWAY_AUDIT_OVERFLOW',
  gatewayAuditFlushMs: 'TOOLSHED_GATEWAY_AUDIT_FLUSH_MS',
  gatewayAuditRetentionDays: 'TOOLSHED_GATEWAY_AUDIT_RETENTION_DAYS',
  probeIntervalSeconds: 'TOOLSHED_PROBE_INTERVAL_SECONDS',
  probeJitter: 'TOOLSHED_PROBE_JITTER',
  probeConcurrency: 'TOOLSHED_PROBE_CONCURRENCY',
  probeTimeoutSeconds: 'TOOLSHED_PROBE_TIMEOUT_SECONDS',
  probeBusyShare: 'TOOLSHED_PROBE_BUSY_SHARE',
  hosting: 'TOOLSHED_HOSTING',
  hostingMaxInstances: 'TOOLSHED_HOSTING_MAX_INSTANCES',
  hostingMaxPerServer: 'TOOLSHED_HOSTING_MAX_PER_SERVER',
  hostingIdleSeconds: 'TOOLSHED_HOSTING_IDLE_SECONDS',
  hostingStartTimeoutSeconds: 'TOOLSHED_HOSTING_START_TIMEOUT_SECONDS',
  hostingMemoryMb: 'TOOLSHED_HOSTING_MEMORY_MB',
  hostingMaxProcesses: 'TOOLSHED_HOSTING_MAX_PROCESSES',
  healthRetentionDays: 'TOOLSHED_HEALTH_RETENTION_DAYS',
  dnsServers: 'TOOLSHED_DNS_SERVERS',
  dnsAuth: 'TOOLSHED_DNS_AUTH',
  httpAuth: 'TOOLSHED_HTTP_AUTH',
  githubApiUrl: 'TOOLSHED_GITHUB_API_URL',
  githubAuth: 'TOOLSHED_GITHUB_AUTH',
  githubClientId: 'TOOLSHED_GITHUB_CLIENT_ID',
  githubOidcIssuer: 'TOOLSHED_GITHUB_OIDC_ISSUER',
  githubOidcAudience: 'TOOLSHED_GITHUB_OIDC_AUDIENCE',
  oidcIssuer: 'TOOLSHED_OIDC_ISSUER',
  oidcClientId: 'TOOLSHED_OIDC_CLIENT_ID',
  oidcClaimRules: 'TOOLSHED_OIDC_CLAIM_RULES',
  oidcClientSecret: 'TOOLSHED_OIDC_CLIENT_SECRET',
  oidcScopes: 'TOOLSHED_OIDC_SCOPES',
  oidcGroupMappings: 'TOOLSHED_OIDC_GROUP_MAPPINGS',
  adminUsers: 'TOOLSHED_ADMIN_USERS',
  sessionTtlSeconds: 'TOOLSHED_SESSION_TTL_SECONDS',
  sessionIdleSeconds: 'TOOLSHED_SESSION_IDLE_SECONDS',
  sessionCookieSecure: 'TOOLSHED_SESSION_COOKIE_SECURE',
  localPeople: 'TOOLSHED_LOCAL_PEOPLE',
  tokenMaxDays: 'TOOLSHED_TOKEN_MAX_DAYS',
  catalogVisibility: 'TOOLSHED_CATALOG_VISIBILITY',
  accessDefaultEffect: 'TOOLSHED_ACCESS_DEFAULT',
  accessRulesFile: 'TOOLSHED_ACCESS_RULES_FILE',
  recertifyDays: 'TOOLSHED_RECERTIFY_DAYS',
  verifyPackages: 'TOOLSHED_VERIFY_PACKAGES',
  npmRegistryUrls: 'TOOLSHED_NPM_REGISTRY_URLS',
  pypiRegistryUrls: 'TOOLSHED_PYPI_REGISTRY_URLS',
  nugetRegistryUrls: 'TOOLSHED_NUGET_REGISTRY_URLS',
  ociRegistries: 'TOOLSHED_OCI_REGISTRIES',
  mcpbHosts: 'TOOLSHED_MCPB_HOSTS',
  packageCacheDir: 'TOOLSHED_PACKAGE_CACHE_DIR',
  packageMaxMb: 'TOOLSHED_PACKAGE_MAX_MB',
  packageUnpackedMaxMb: 'TOOLSHED_PACKAGE_UNPACKED_MAX_MB',
  packagePrepareTimeoutSeconds: 'TOOLSHED_PACKAGE_PREPARE_TIMEOUT_SECONDS',
  packagePrepareAtReview: 'TOOLSHED_PACKAGE_PREPARE_AT_REVIEW',
  packageContainerRuntime: 'TOOLSHED_PACKAGE_CONTAINER_RUNTIME',
};

export class ConfigError extends Error {}

/** Whether a setting is a list, whose empty environment value means the empty list. */
export function isListSetting(key: string): boolean {
  const schema = configSchema.shape[key as keyof typeof configSchema.shape] as z.ZodType;
  return LIST_SCHEMAS.has(schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema);
}

function readFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`TOOLSHED_CONFIG: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let parsed: unknown;
  try {
    parsed = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`TOOLSHED_CONFIG: ${path} is not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`TOOLSHED_CONFIG: ${path} must hold an object of settings`);
  }
  return parsed as Record<string, unknown>;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const file = env.TOOLSHED_CONFIG ? resolve(env.TOOLSHED_CONFIG) : undefined;
  const fromFile = file ? readFile(file) : {};
  const fromEnv: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const value = env[name];
    if (value !== undefined && (value !== '' || isListSetting(key))) fromEnv[key] = value;
  }
  const result = configSchema.safeParse({ ...fromFile, ...fromEnv, ...overrides });
  if (!result.success) {
    // Name where the bad value came from: the variable, or the key in the file.
    const origin = (key: string): string => {
      if (key in overrides) return key;
      if (key in fromEnv) return `${ENV_NAMES[key as keyof typeof ENV_NAMES]} (${key})`;
      if (file && key in fromFile) return `TOOLSHED_CONFIG ${file}: ${key}${key in ENV_NAMES ? ` (${ENV_NAMES[key as keyof typeof ENV_NAMES]})` : ''}`;
      return key in ENV_NAMES ? `${ENV_NAMES[key as keyof typeof ENV_NAMES]} (${key})` : key || 'config';
    };
    const lines = result.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys' && issue.path.length === 0) {
        const where = file ? `TOOLSHED_CONFIG ${file}` : 'config';
        return `  ${where}: unknown setting(s) ${issue.keys.join(', ')} (known: ${Object.keys(configSchema.shape).join(', ')})`;
      }
      const within = issue.path.length > 1 ? `[${issue.path.slice(1).join('.')}]` : '';
      return `  ${origin(String(issue.path[0] ?? ''))}${within}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
