/**
 * Table shapes shared by both dialects. Timestamps are integer microseconds since
 * the Unix epoch in both databases, so comparisons, cursors and formatting are
 * dialect-free and keep PostgreSQL's precision. Booleans are 0/1 integers for the
 * same reason.
 */
import type { Generated, Kysely, Transaction } from 'kysely';
import type { ModerationAction, RegistryEventAction, ReportKind, ReportState, ReviewState, TrustLevel } from '../schemas/governance.js';

export type { RegistryEventAction };

export interface ServerVersionsTable {
  name: string;
  version: string;
  /** The server.json exactly as accepted, as JSON text (returned verbatim). */
  doc: string;
  status: 'active' | 'deprecated' | 'deleted';
  status_message: string | null;
  status_changed_at: number;
  published_at: number;
  updated_at: number;
  is_latest: number;
  /** Denormalised for full-text search. */
  title: string | null;
  description: string;
  /** Space-delimited, space-padded sets (` npm oci `) for the enterprise filters. */
  package_types: string;
  remote_transports: string;
  /** '' for a locally published version, else the federation source it is mirrored from. */
  origin: Generated<string>;
  /** JSON: upstream timestamps and the curated view of a mirrored version (null when local). */
  provenance: string | null;
  /** What ranked search indexes of the name (`nameSearchFields`), set on insert. */
  search_name: string;
  search_parts: string;
  search_owner: string;
  /** Where the version is in its review (src/schemas/governance.ts); readers see `approved` only. */
  review_state: Generated<ReviewState>;
}

export interface ServerRemoteUrlsTable {
  url: string;
  name: string;
  version: string;
}

export interface RegistryEventsTable {
  id: Generated<number>;
  at: number;
  /** publish, edit, status, or a governance decision (RegistryEventAction). */
  action: RegistryEventAction;
  name: string;
  version: string;
  actor_subject: string;
  actor_method: string;
  /** JSON text of what changed, before and after. */
  old_value: string | null;
  new_value: string;
}

export interface FederationSourcesTable {
  name: string;
  base_url: string;
  /** Encrypted at rest (see src/federation/secretBox.ts); never returned by the API. */
  auth_header: string | null;
  interval_seconds: number;
  /** JSON SourceFilter. */
  filter: string;
  /** Lower wins when two sources carry the same server name. */
  precedence: number;
  enabled: number;
  /** The largest upstream `updatedAt` committed, as the upstream sent it (RFC 3339). */
  high_water: string | null;
  /** An interrupted sync's next cursor and the `updated_since` it was paging with. */
  resume_cursor: string | null;
  resume_since: string | null;
  last_started_at: number | null;
  last_success_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
  /** JSON counts of the last run and totals. */
  counts: string;
  created_at: number;
  updated_at: number;
}

export interface MirroredVersionsTable {
  source: string;
  name: string;
  version: string;
  doc: string;
  status: 'active' | 'deprecated' | 'deleted';
  status_message: string | null;
  upstream_published_at: number;
  upstream_updated_at: number;
  upstream_status_changed_at: number;
  synced_at: number;
}

export interface FederationRejectionsTable {
  id: Generated<number>;
  source: string;
  name: string | null;
  version: string | null;
  reason: string;
  at: number;
}

export interface CurationsTable {
  /** A source name; with name '*' the record curates the whole source. */
  source: string;
  name: string;
  decision: 'allow' | 'deny' | null;
  pinned_version: string | null;
  /** JSON string[] */
  hidden_versions: string;
  trust: string | null;
  /** JSON string[] */
  tags: string;
  notes: string | null;
  updated_at: number;
  updated_by: string;
}

export interface UsersTable {
  /** `usr_` + random; stable across sign-ins (the IdP's issuer and subject identify the person). */
  id: string;
  issuer: string;
  subject: string;
  email: string | null;
  /** 1 when `email` is this person's own: the IdP marked it verified at the last sign-in and nobody else held it so. */
  email_verified: Generated<number>;
  name: string | null;
  /** JSON string[]: Toolshed groups mapped from the ID token at the last sign-in. */
  claim_groups: string;
  /** JSON Role[]: roles mapped from the ID token at the last sign-in. */
  claim_roles: string;
  /** JSON Role[]: roles an administrator assigned. */
  roles: string;
  disabled: number;
  created_at: number;
  last_login_at: number | null;
}

export interface AccessGroupsTable {
  name: string;
  description: string | null;
  created_at: number;
  created_by: string;
}

export interface GroupMembersTable {
  group_name: string;
  user_id: string;
  added_at: number;
  added_by: string;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the cookie value; the value itself is never stored. */
  id_hash: string;
  user_id: string;
  csrf_token: string;
  /** The sign-in's ID token sealed with the secret key (bound to `id_hash`): the `id_token_hint` of the IdP logout. */
  sign_out_hint: string | null;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginAttemptsTable {
  /** SHA-256 (hex) of the OAuth `state`. */
  state_hash: string;
  code_verifier: string;
  nonce: string;
  return_to: string;
  created_at: number;
}

export interface ApiTokensTable {
  /** `tok_` + random; public (shown in lists and logs). */
  id: string;
  kind: 'personal' | 'service';
  name: string;
  /** SHA-256 (hex) of the secret; the secret is shown once at creation. */
  hash: string;
  /** The first characters of the secret, so its owner can recognise it. */
  prefix: string;
  /** The owner of a personal token; null for a service token. */
  user_id: string | null;
  /** JSON Role[] / string[]: what a service token acts as ('[]' for personal tokens). */
  service_roles: string;
  service_groups: string;
  /** JSON TokenScope[]. */
  scopes: string;
  created_by: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  revoked_by: string | null;
  last_used_at: number | null;
  last_used_from: string | null;
}

export interface AccessRulesTable {
  id: string;
  /** Order in the rule list (the first matching rule of the winning effect is reported). */
  position: number;
  /** JSON AccessRule. */
  rule: string;
  created_at: number;
  created_by: string;
  updated_at: number;
  updated_by: string;
}

export interface GatewayTasksTable {
  server: string;
  task_id: string;
  principal_id: string;
  tool: string | null;
  created_at: number;
}

export interface AccessChangesTable {
  id: Generated<number>;
  at: number;
  /** Who made the change (a user id, a service token id, or `admin-token`). */
  actor: string;
  /** e.g. `create`, `update`, `delete`, `import`, `revoke`. */
  action: string;
  /** e.g. `rule`, `group`, `member`, `user`, `token`, `source`, `curation`. */
  target_kind: string;
  target: string;
  old_value: string | null;
  new_value: string | null;
}

export interface GatewayConnectionsTable {
  /** `con_` + random; public (the connection URL's path segment), unguessable. */
  id: string;
  /** The owner: a user id (or the service token / `admin` that made it). */
  user_id: string;
  server: string;
  /** The client it is for, e.g. "laptop / Claude Desktop". */
  label: string;
  /** SHA-256 (hex) of the capability-URL secret; null when the connection has none. */
  secret_hash: string | null;
  created_at: number;
  revoked_at: number | null;
  revoked_by: string | null;
  last_used_at: number | null;
  last_used_from: string | null;
}

export interface UpstreamSecretsTable {
  id: string;
  server: string;
  /** Null for a secret shared by everyone connecting to the server. */
  user_id: string | null;
  /** The header, query parameter or URL variable name. */
  name: string;
  kind: 'header' | 'query' | 'variable';
  /** secretBox output; the associated data binds it to server, owner and name. */
  sealed: string;
  /**
   * JSON string[]: for a shared secret, the origins an administrator approved it
   * for. Null for a personal one, and for a shared one written before approvals
   * were recorded (settled at the next start).
   */
  allowed_origins: string | null;
  created_by: string;
  created_at: number;
  updated_at: number;
}

/** One relayed request's outcome (src/gateway/auditSink.ts describes each field). */
export interface GatewayCallsTable {
  id: Generated<number>;
  at: number;
  principal_id: string;
  principal_label: string;
  principal_via: string;
  connection_id: string | null;
  connection_label: string | null;
  client_name: string | null;
  client_version: string | null;
  server: string;
  method: string;
  /** The tool, prompt or resource URI named. */
  target: string | null;
  outcome: 'ok' | 'error' | 'denied' | 'rate_limited' | 'timeout' | 'disconnected';
  error_code: number | null;
  error_message: string | null;
  duration_us: number;
  request_bytes: number;
  response_bytes: number;
  jsonrpc_id: string | null;
  session_hash: string | null;
  /** The hosted instance that served the call (migration 019); null for a remote. */
  instance?: string | null;
  request_payload: string | null;
  response_payload: string | null;
}

/** A key the install generated for itself, shared by the replicas of one PostgreSQL database. */
export interface InstanceKeysTable {
  name: string;
  /** Sealed with the secret key, except the secret key itself. */
  value: string;
  created_at: number;
}

/** One distinct snapshot of what a server version offers (src/inventory/snapshot.ts). */
export interface CapabilitySnapshotsTable {
  id: Generated<number>;
  server: string;
  version: string;
  hash: string;
  source: 'probe' | 'observed';
  protocol_version: string;
  era: string;
  /** JSON: the Snapshot. */
  body: string;
  /** JSON: the definition scan's ScanFinding[]. */
  findings: string;
  tool_count: number;
  first_seen_at: number;
  last_seen_at: number;
}

/** Per server version: its current snapshot and probe state. */
export interface CapabilityStatesTable {
  server: string;
  version: string;
  snapshot_id: number | null;
  /** `personal`: listing its tools needs a person's own credentials, so the gateway's first relayed list teaches it. */
  status: 'pending' | 'ok' | 'failed' | 'personal';
  last_probe_at: number | null;
  failure_kind: string | null;
  failure_message: string | null;
  next_probe_at: number;
  /** Tool names and descriptions, for ranked search. */
  tool_search: Generated<string>;
}

/** One probe's health reading. */
export interface ProbeResultsTable {
  id: Generated<number>;
  server: string;
  version: string;
  at: number;
  up: number;
  latency_ms: number;
  protocol_version: string | null;
  failure_kind: string | null;
  failure_message: string | null;
  http_status: number | null;
}

/** Per server: the pin, the drift action and the probe credential. */
export interface InventoryServersTable {
  server: string;
  /** Null: the configured default. */
  drift_action: 'warn' | 'hide' | 'block' | null;
  pinned_snapshot_id: number | null;
  pinned_by: string | null;
  pinned_at: number | null;
  probe_header_name: string | null;
  /** secretBox output. */
  probe_header_sealed: string | null;
  updated_by: string;
  updated_at: number;
}

/** A snapshot (probed or observed) that differs from the server's pin. */
export interface DriftEventsTable {
  id: Generated<number>;
  server: string;
  version: string;
  snapshot_id: number;
  pinned_snapshot_id: number;
  via: 'probe' | 'observed';
  detected_at: number;
  /** JSON: ItemChange[]. */
  changes: string;
  /** The highest scan severity among the changed items, or 'none'. */
  severity: string;
  resolved_at: number | null;
  resolved_by: string | null;
}

/** The webhook outbox: retried with backoff until delivered or given up. */
export interface WebhookDeliveriesTable {
  id: Generated<number>;
  event: string;
  payload: string;
  attempts: number;
  next_attempt_at: number;
  delivered_at: number | null;
  failed_at: number | null;
  last_error: string | null;
  created_at: number;
  /** Which configured receiver: `drift` or `governance` (migration 018). */
  endpoint: Generated<string>;
  /** What the delivery announces (`event:<registry event id>`, …): unique, so an announcement is enqueued once. */
  dedupe_key: string | null;
  /** The delivery an administrator's redelivery repeats. */
  redelivery_of: number | null;
}

/** The notification relay's high-water mark over `registry_events.id`. */
export interface NotificationCursorsTable {
  name: string;
  high_water: number;
  updated_at: number;
}

/** Announcements made (their keys), so each is made once. */
export interface NotificationAnnouncementsTable {
  key: string;
  created_at: number;
}

/** What an owner (a person or a group) of a server was told. */
/** One package of a version, prepared for hosting at review (migration 020). */
export interface PackagePreparationsTable {
  server: string;
  version: string;
  registry_type: string;
  identifier: string;
  /** `ok`, or the named failure (hosting's PrepareProblem). */
  outcome: string;
  integrity: string | null;
  size_bytes: number | null;
  reason: string | null;
  prepared_at: number;
}

export interface OwnerNotificationsTable {
  id: Generated<number>;
  recipient_kind: 'user' | 'group';
  /** A user id or verified email (`kind: 'user'`), or a group name. */
  recipient: string;
  event: string;
  name: string;
  version: string;
  /** One line for people. */
  summary: string;
  /** JSON: the announcement's fields. */
  detail: string;
  dedupe_key: string;
  created_at: number;
}

/** A version under the review lifecycle (migration 014). */
export interface VersionReviewsTable {
  name: string;
  version: string;
  state: ReviewState;
  /** `local`, or the federation source it was mirrored from. */
  source: string;
  /** The publisher's registry principal (or the source name for a mirrored version). */
  submitted_by: string;
  submitted_at: number;
  /** JSON: the automated checks' results (name, outcome, detail). */
  checks: string;
  decided_by: string | null;
  decided_at: number | null;
  reason: string | null;
  /** The approval rule that approved it without a person, if one did. */
  auto_rule: string | null;
  /** Grows with every change: the review's entity tag (If-Match). */
  revision: number;
  updated_at: number;
}

/** Per server name: how its package is hosted (migration 019). */
export interface ServerHostingTable {
  name: string;
  mode: 'shared' | 'per-person';
  /** 1: its instances may reach the network; 0: a network namespace of their own. */
  network: number;
  updated_by: string;
  updated_at: number;
}

/** Per server name: trust, owners, contacts, re-certification and a block (migration 014). */
export interface ServerGovernanceTable {
  name: string;
  trust: TrustLevel | null;
  trust_set_by: string | null;
  trust_set_at: number | null;
  /** JSON ServerOwner[]. */
  owners: Generated<string>;
  support_contact: string | null;
  docs_url: string | null;
  recertified_at: number | null;
  recertified_by: string | null;
  recertify_due_at: number | null;
  /** Set while a moderator's block holds: the gateway refuses the server. */
  blocked_at: number | null;
  blocked_by: string | null;
  block_reason: string | null;
  /** Grows with every change: the entity tag (If-Match). */
  revision: number;
  updated_at: number;
  updated_by: string;
}

/** A person's report about a server (`version` null) or one version, and its resolution (migration 017). */
export interface ServerReportsTable {
  id: Generated<number>;
  name: string;
  version: string | null;
  /** The reporter's caller id. */
  reporter: string;
  kind: ReportKind;
  text: string;
  state: ReportState;
  created_at: number;
  decided_by: string | null;
  decided_at: number | null;
  action: ModerationAction | null;
  reason: string | null;
  /** Grows with every change: the report's entity tag (If-Match). */
  revision: number;
}

/** The approval policy of one source (`local` or a federation source name). */
export interface ReviewPoliciesTable {
  source: string;
  /** JSON: `{ defaultAction, rules, allowSelfApproval }` (src/governance/reviewPolicy.ts). */
  policy: string;
  /** The policy's entity tag. */
  revision: number;
  updated_at: number;
  updated_by: string;
}

export interface ReviewCommentsTable {
  id: Generated<number>;
  name: string;
  version: string;
  at: number;
  author: string;
  body: string;
}

export interface StoreDatabase {
  server_versions: ServerVersionsTable;
  server_remote_urls: ServerRemoteUrlsTable;
  registry_events: RegistryEventsTable;
  federation_sources: FederationSourcesTable;
  mirrored_versions: MirroredVersionsTable;
  federation_rejections: FederationRejectionsTable;
  curations: CurationsTable;
  users: UsersTable;
  access_groups: AccessGroupsTable;
  group_members: GroupMembersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  api_tokens: ApiTokensTable;
  access_rules: AccessRulesTable;
  gateway_tasks: GatewayTasksTable;
  access_changes: AccessChangesTable;
  gateway_connections: GatewayConnectionsTable;
  upstream_secrets: UpstreamSecretsTable;
  gateway_calls: GatewayCallsTable;
  instance_keys: InstanceKeysTable;
  capability_snapshots: CapabilitySnapshotsTable;
  capability_states: CapabilityStatesTable;
  probe_results: ProbeResultsTable;
  inventory_servers: InventoryServersTable;
  drift_events: DriftEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  version_reviews: VersionReviewsTable;
  server_governance: ServerGovernanceTable;
  review_policies: ReviewPoliciesTable;
  review_comments: ReviewCommentsTable;
  server_reports: ServerReportsTable;
  notification_cursors: NotificationCursorsTable;
  notification_announcements: NotificationAnnouncementsTable;
  owner_notifications: OwnerNotificationsTable;
  package_preparations: PackagePreparationsTable;
  server_hosting: ServerHostingTable;
}

export type Db = Kysely<StoreDatabase>;
/** Every store operation takes this: a transaction, or the database itself for reads. */
export type Tx = Kysely<StoreDatabase> | Transaction<StoreDatabase>;
