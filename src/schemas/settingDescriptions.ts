/**
 * What each setting of src/config.ts means, as docs/configuration.md shows it
 * (rendered by scripts/renderConfigDoc.ts). Typed by the config's keys, so a
 * setting without a description does not compile; test/configurationDoc.test.ts
 * also checks it at run time. A leaf module: it imports only the Config type.
 */
import type { Config } from '../config.js';

export interface SettingDescription {
  /** The default as a reader should see it (`generated`, `unset (off)`, a value). */
  default: string;
  /** Markdown: what the setting does. */
  meaning: string;
}

export const SETTING_DESCRIPTIONS: Record<keyof Config, SettingDescription> = {
  host: {
    default: '`127.0.0.1`',
    meaning: 'listen address',
  },
  port: {
    default: '`8080`',
    meaning: 'listen port',
  },
  dataDir: {
    default: '`./data`',
    meaning: 'embedded database, its lock, and the generated admin token; created 0700 (the database files 0600)',
  },
  databaseUrl: {
    default: 'unset',
    meaning: '`postgres://…` switches to PostgreSQL',
  },
  databasePoolSize: {
    default: '`10`',
    meaning: 'PostgreSQL connections per process',
  },
  adminToken: {
    default: 'generated',
    meaning: 'bearer token allowed to publish and edit everything (≥ 16 characters)',
  },
  cacheMaxAge: {
    default: '`0`',
    meaning: '`Cache-Control: public, max-age=N` on registry GETs (clients revalidate with the ETag either way)',
  },
  responseCacheMb: {
    default: '`64`',
    meaning: 'in-memory cache of rendered GET responses; `0` disables it',
  },
  logLevel: {
    default: '`info`',
    meaning: 'pino level (`silent` … `trace`); authorization headers are redacted',
  },
  logFormat: {
    default: '`json`',
    meaning:
      '`json`: one JSON object per line, for log collectors; `pretty`: one readable line per record, for a person at a terminal. Either way each request is one line once answered (`method`, route template `path`, `status`, `durationMs`, `caller` when the request was authenticated), and gateway refusals and failures are logged at `warn` with their `reason`',
  },
  headersTimeoutSeconds: {
    default: '`60`',
    meaning:
      "how long a client has to send a whole request head, counted from connecting or from the head's first byte; a connection that stays silent is closed (the limit ends with the first request, so long calls and streams are not cut)",
  },
  requestTimeoutSeconds: {
    default: '`300`',
    meaning: 'how long a client has to send a whole request, body included (`408` after it); answers, long tool calls and event streams are not bounded by it',
  },
  shutdownGraceSeconds: {
    default: '`10`',
    meaning: 'on `SIGTERM`/`SIGINT`, how long requests in flight may take to finish before the connections still open are cut (relayed MCP streams end at once); `0` cuts them at once',
  },
  publicUrl: {
    default: 'unset',
    meaning: 'the URL clients use to reach this server; required for sign-in',
  },
  registryJwtKey: {
    default: 'generated',
    meaning: 'hex 32-byte Ed25519 seed signing registry tokens',
  },
  registryJwtPreviousKeys: {
    default: 'none',
    meaning: 'comma-separated previous seeds, still accepted',
  },
  registryTokenTtlSeconds: {
    default: '`300`',
    meaning: 'registry token lifetime',
  },
  anonymousAuth: {
    default: '`false`',
    meaning: 'offer `POST /v0.1/auth/none`',
  },
  blockedNamespaces: {
    default: 'none',
    meaning: 'namespaces no token may be issued for',
  },
  dnsAuth: {
    default: '`true`',
    meaning: 'offer the dns proof',
  },
  httpAuth: {
    default: '`true`',
    meaning: 'offer the http proof',
  },
  dnsServers: {
    default: 'system resolver',
    meaning: '`host:port` list for DNS proofs',
  },
  githubAuth: {
    default: '`true`',
    meaning: 'offer `github-at`',
  },
  githubApiUrl: {
    default: '`https://api.github.com`',
    meaning: 'GitHub (Enterprise) API base',
  },
  githubClientId: {
    default: 'unset',
    meaning: 'device-flow client id, advertised on `/v0/health`',
  },
  githubOidcIssuer: {
    default: '`https://token.actions.githubusercontent.com`',
    meaning: 'Actions token issuer',
  },
  githubOidcAudience: {
    default: 'unset (off)',
    meaning: 'audience Actions tokens must carry',
  },
  oidcIssuer: {
    default: 'unset (off)',
    meaning: 'the company OpenID provider for `POST /v0.1/auth/oidc`',
  },
  oidcClientId: {
    default: 'unset (off)',
    meaning: 'the client id (audience) at the company OpenID provider for `POST /v0.1/auth/oidc`',
  },
  oidcClaimRules: {
    default: 'none',
    meaning: 'JSON list of `{claim, equals, grant:[{action, resource}]}`',
  },
  oidcClientSecret: {
    default: 'unset (sign-in off)',
    meaning: 'client secret of browser [sign-in](access.md#sign-in)',
  },
  oidcScopes: {
    default: '`openid,profile,email`',
    meaning: 'scopes asked for at sign-in',
  },
  oidcGroupMappings: {
    default: 'none',
    meaning: 'JSON list of `{claim, equals?, group?, role?, prefix?}`: claims → groups and roles',
  },
  adminUsers: {
    default: 'none',
    meaning: 'emails (verified by the IdP, held by nobody else) or IdP subjects who get the `admin` role at their first sign-in (see [Access](access.md))',
  },
  sessionTtlSeconds: {
    default: '`43200`',
    meaning: 'absolute lifetime of a browser session',
  },
  sessionIdleSeconds: {
    default: '`7200`',
    meaning: 'a session unused this long ends',
  },
  sessionCookieSecure: {
    default: '`publicUrl` is https',
    meaning: 'Secure, `__Host-` session cookies',
  },
  localPeople: {
    default: '`true` without company sign-in, `false` with it',
    meaning: '[local people](access.md#local-people) (no identity provider) may be added and act',
  },
  tokenMaxDays: {
    default: '`365`',
    meaning: 'longest lifetime a personal or service token may be given, in days (tokens default to 90)',
  },
  verifyPackages: {
    default: '`npm,pypi,nuget,oci,mcpb`',
    meaning: 'package ownership checks at publish; empty or `none` turns them off',
  },
  npmRegistryUrls: {
    default: 'the public registries',
    meaning: 'accepted npm `registryBaseUrl`s; the first is the default',
  },
  pypiRegistryUrls: {
    default: 'the public registries',
    meaning: 'accepted PyPI `registryBaseUrl`s; the first is the default',
  },
  nugetRegistryUrls: {
    default: 'the public registries',
    meaning: 'accepted NuGet `registryBaseUrl`s; the first is the default',
  },
  ociRegistries: {
    default: "upstream's lists",
    meaning: 'where images may come from',
  },
  mcpbHosts: {
    default: "upstream's lists",
    meaning: 'where bundles may come from',
  },
  packageCacheDir: {
    default: '`<dataDir>/packages`',
    meaning: 'where hosted packages (npm, MCPB) are fetched, verified and unpacked, one content-addressed folder each (docs/hosting.md, "Preparation")',
  },
  packageMaxMb: {
    default: '`100`',
    meaning: 'largest package download hosting accepts (npm tarball, MCPB bundle), in MiB; past it a preparation fails `too-large`',
  },
  packageUnpackedMaxMb: {
    default: '`1024`',
    meaning: 'largest prepared package, unpacked with its dependencies, in MiB; past it a preparation fails `too-large`',
  },
  packagePrepareTimeoutSeconds: {
    default: '`300`',
    meaning: 'bound on each step of a package preparation (download, unpack, dependency install), in seconds',
  },
  packagePrepareAtReview: {
    default: '`false`',
    meaning:
      'when a version listing an npm, MCPB, PyPI or OCI stdio package is submitted, prepare each package (fetch, verify, cache) as the review check `package`; a missing, tampered, too large or unreachable package fails the checks (docs/hosting.md, "Preparation")',
  },
  packageContainerRuntime: {
    default: 'unset',
    meaning: 'container runtime for hosting OCI images; unset, OCI packages are refused as `runtime-missing` (running them is not built yet)',
  },
  outboundAllow: {
    default: 'none',
    meaning: 'private addresses the server may fetch from (federation upstreams included)',
  },
  outboundAllowHttp: {
    default: '`false`',
    meaning: 'plain http the server may fetch from (federation upstreams included)',
  },
  internalRemotes: {
    default: 'none',
    meaning:
      "the company's own MCP servers: host names, `*.` wildcards, addresses or CIDRs, each optionally after `http://` to allow plain http there. Their remotes pass publish although the public rules refuse plain http and loopback, and the gateway may connect to the private and loopback addresses they resolve to (never link-local or metadata); a CIDR lets the gateway reach those addresses whatever name leads there. Other fetches keep `TOOLSHED_OUTBOUND_ALLOW`'s policy (see [gateway.md](gateway.md#internal-servers-and-private-certificate-authorities))",
  },
  caFile: {
    default: 'unset',
    meaning:
      "a PEM bundle of certificate authorities (a company CA) trusted, in addition to Node's bundled roots, for every outbound TLS connection: gateway upstreams, federation sources, package registries, proofs, the OpenID provider and a `rediss://` Redis (PostgreSQL: `sslrootcert=` in `DATABASE_URL`). A file that cannot be read or holds no valid certificate stops the start. A certificate that does not verify is named as such (`certificate signed by an unknown authority for host X`) in the client's error, the audit and the log",
  },
  catalogVisibility: {
    default: '`public`',
    meaning: '`private`: the read API needs `catalog.read` and shows each caller what access rules let them discover (see [Private catalog](access.md#private-catalog))',
  },
  accessDefaultEffect: {
    default: '`deny`',
    meaning: 'what access rules decide when no rule matches (`allow` or `deny`)',
  },
  accessRulesFile: {
    default: 'unset',
    meaning: 'a YAML or JSON rules file applied at every start, replacing the stored rules (see [Access rules](access.md#access-rules))',
  },
  recertifyDays: {
    default: '`verified=180,internal=365,community=90,experimental=30`',
    meaning:
      'how many days a trust decision or a re-certification holds, per trust level (`level=days`, comma-separated): setting a trust level or re-certifying a server sets its re-certification due date that far ahead; a level left out (and `blocked`) gets no due date (see [Owners](governance.md#owners))',
  },
  secretKey: {
    default: 'generated',
    meaning:
      "hex 32-byte key encrypting upstream auth headers at rest and sealing the gateway's legacy SSE session URLs; generated into the data directory (SQLite) or the database (PostgreSQL, shared by the replicas: see [PostgreSQL](operations.md#postgresql)); when set, every replica must have the same one",
  },
  gatewayCallTimeoutSeconds: {
    default: '`300`',
    meaning: 'longest a relayed MCP call (request and its event stream) may take through the gateway',
  },
  gatewayMaxResponseMb: {
    default: '`8`',
    meaning: 'largest upstream JSON answer, or single event, the gateway relays',
  },
  gatewayMaxBatch: {
    default: '`100`',
    meaning: 'most messages in one JSON-RPC batch sent to the gateway; a larger batch is refused whole (`-32600`)',
  },
  gatewayKeepAliveSeconds: {
    default: '`25`',
    meaning: 'seconds of silence on an event stream towards a client before the gateway writes a keep-alive comment; `0` turns them off',
  },
  gatewayIdentityHeaders: {
    default: 'none',
    meaning: 'servers (names, or patterns ending in `*`) the gateway sends signed `X-Toolshed-User`/`-Groups` headers (see [gateway.md](gateway.md#identity-headers))',
  },
  gatewayIdentityKey: {
    default: 'derived from `secretKey`',
    meaning: 'hex 32-byte HMAC key of the identity headers; give the same value to the upstreams that verify them',
  },
  gatewayUrl: {
    default: '`publicUrl`',
    meaning: 'where clients reach the gateway when it is served from an origin of its own (`https://mcp.example.com`, see [security.md](security.md)): connection URLs are built on it',
  },
  reportsPerHour: {
    default: '`20`',
    meaning:
      'most reports one person may file about servers in an hour; more are refused with `429` `GOVERNANCE_REPORT_RATE_LIMITED` and Retry-After (see [governance.md](governance.md#reports-and-moderation))',
  },
  driftAction: {
    default: '`warn`',
    meaning:
      'what the gateway does with a server whose tools, prompts or resources drifted from the snapshot an administrator pinned, unless the server has its own action: `warn` relays as is, `hide` filters new and changed items out of lists and refuses calls to them, `block` refuses the server until re-pinned (see [inventory.md](inventory.md#pinning-and-drift))',
  },
  reviewDefault: {
    default: '`review`',
    meaning:
      'what happens to a newly published or mirrored version when its source has no stored approval policy: `review` keeps it from readers and the gateway until a reviewer approves it, `approve` makes it live at once (see [governance.md](governance.md#approval-policy))',
  },
  driftWebhookUrl: {
    default: 'none',
    meaning: 'where a signed JSON webhook is POSTed for every drift (through the outbound guard, retried with backoff for about a day; see [inventory.md](inventory.md#webhook))',
  },
  driftWebhookSecret: {
    default: 'none (required with `driftWebhookUrl`)',
    meaning: "key of the webhook's `Toolshed-Signature` HMAC-SHA256; at least 16 characters",
  },
  governanceWebhookUrl: {
    default: 'none',
    meaning:
      'where a signed webhook is POSTed for every governance event (submitted, approved, rejected, reported, blocked, drift, re-certification due, …) and the attention digest, through the outbound guard, retried with backoff; see [governance.md](governance.md#notifications)',
  },
  governanceWebhookSecret: {
    default: 'none (required with `governanceWebhookUrl`)',
    meaning: "key of the governance webhook's `Toolshed-Signature` HMAC-SHA256; at least 16 characters",
  },
  governanceWebhookFormat: {
    default: '`toolshed`',
    meaning: "the governance webhook's body: `toolshed` (Toolshed's JSON) or `slack` (a Slack incoming-webhook message, `{text, blocks}`)",
  },
  governanceWebhookEvents: {
    default: 'none (every event)',
    meaning: 'comma-separated governance events sent to the governance webhook (`review.submitted,server.blocked,attention.digest`); the others are still recorded for owners',
  },
  attentionUnusedDays: {
    default: '`90`',
    meaning: '"Needs attention": a server nobody called through the gateway for this many days (as far as the gateway audit\'s retention reaches)',
  },
  attentionUnhealthyDays: {
    default: '`3`',
    meaning: '"Needs attention": a server whose health probes have failed without a success for this many days',
  },
  attentionDigestHours: {
    default: '`168` (weekly)',
    meaning: 'how often the "Needs attention" digest is sent to the governance webhook, in hours; `0` turns it off',
  },
  gatewayAllowedOrigins: {
    default: "none (only `publicUrl`'s origin)",
    meaning:
      "comma-separated origins (`https://inspector.example.com`), besides Toolshed's own, whose pages may call the gateway (browser-based MCP clients, with a token); a gateway request with any other `Origin` gets `403`, one without `Origin` is unaffected",
  },
  gatewayRateLimits: {
    default: '`[]` (no limits)',
    meaning: 'token-bucket rules `{scope: user\\|server\\|tool\\|user+server\\|user+tool, server?, tool?, ratePerMinute, burst?}` (JSON); see [gateway.md](gateway.md#rate-limits)',
  },
  redisUrl: {
    default: '—',
    meaning: 'Redis shared by gateway processes for rate limits (in-process limits when unset)',
  },
  redisKeyPrefix: {
    default: '`toolshed:`',
    meaning: 'prefix of every key Toolshed writes in Redis',
  },
  gatewayRateLimitFailure: {
    default: '`open`',
    meaning: 'when Redis cannot answer: `open` lets requests pass, `closed` refuses them',
  },
  gatewayAuditPayloads: {
    default: '`false`',
    meaning: 'keep redacted request and response payloads (16 KiB each) in the gateway audit',
  },
  gatewayAuditQueueSize: {
    default: '`10000`',
    meaning: 'audit records waiting to be written past which the overflow rule applies',
  },
  gatewayAuditOverflow: {
    default: '`refuse`',
    meaning: 'when the audit cannot keep up: `refuse` new gateway calls with 503 and `Retry-After` (no call goes unrecorded), or `drop` records (counted) and relay on',
  },
  gatewayAuditFlushMs: {
    default: '`1000`',
    meaning: 'longest an audit record waits before it is written',
  },
  gatewayAuditRetentionDays: {
    default: '`90`',
    meaning: 'gateway audit rows older than this many days are deleted, hourly; `0` keeps them forever (see [gateway.md](gateway.md#audit))',
  },
  probeIntervalSeconds: {
    default: '`900`',
    meaning: 'seconds between two scheduled probes of a server version (30 to 604800; see [inventory.md](inventory.md#probes-and-health))',
  },
  probeJitter: {
    default: '`0.1`',
    meaning: 'from 0 to 1: each scheduled probe moves by up to this share of the interval, earlier or later, so probes spread out',
  },
  probeConcurrency: {
    default: '`8`',
    meaning: 'probes running at once in this process (1 to 256)',
  },
  probeTimeoutSeconds: {
    default: '`15`',
    meaning: 'longest one probe may take before it counts as a `timeout` failure (1 to 300)',
  },
  probeBusyShare: {
    default: '`0.1`',
    meaning:
      'from 0.01 to 1: while the server answers foreground requests (5 or more a second), scheduled and publish-triggered probes run one at a time and take at most this share of the time; on-demand probes are never held back (see [inventory.md](inventory.md#pacing))',
  },
  hosting: {
    default: '`true`',
    meaning: 'host package servers (npm, PyPI, MCPB, OCI) as sandboxed instances behind the gateway; when `false`, a server with no remote cannot be connected (see [Hosting](hosting.md))',
  },
  hostingMaxInstances: {
    default: '`100`',
    meaning: 'most hosted instances this process runs at once; past it a new one is refused (`capacity`)',
  },
  hostingMaxPerServer: {
    default: '`50`',
    meaning: 'most hosted instances of one server this process runs at once; past it a new one is refused (`capacity`)',
  },
  hostingIdleSeconds: {
    default: '`900`',
    meaning: 'a hosted instance with no request for this many seconds is stopped (started again on its next use)',
  },
  hostingStartTimeoutSeconds: {
    default: '`30`',
    meaning: 'longest a hosted instance may take from its start to its answer to `initialize`; past it the start fails (`start-timeout`) and the process is ended',
  },
  hostingMemoryMb: {
    default: '`512`',
    meaning: 'memory limit of one hosted instance, all its processes together, in MiB; the kernel ends the instance past it (memory cgroup, see [Sandbox](hosting.md#sandbox))',
  },
  hostingMaxProcesses: {
    default: '`64`',
    meaning: 'most processes and threads one hosted instance may have at once (pids cgroup); a fork past it fails inside the instance',
  },
  healthRetentionDays: {
    default: '`30`',
    meaning: 'health readings (probe results) older than this many days are deleted, hourly, by `toolshed serve`',
  },
  federationSources: {
    default: 'none',
    meaning: 'upstream sources added or updated at start-up (see [Federation](federation.md))',
  },
};
