/**
 * The error catalogue: every code Toolshed answers with, its HTTP status, and what
 * it means. Each problem+json carries its code as the `code` extension member
 * (RFC 9457 §3.2), so clients and tests can branch on it rather than on the
 * wording of `detail`. A code, once shipped, keeps its meaning; retire it rather
 * than reuse it. docs/errors.md is generated from this list (`npm run docs:errors`).
 */

interface ErrorCodeEntry {
  readonly status: number;
  readonly meaning: string;
}

export const ERROR_CODES = {
  // Catalog: server.json documents, versions, status.
  CATALOG_SERVER_NOT_FOUND: { status: 404, meaning: 'No server by that name (or only deleted versions, without include_deleted).' },
  CATALOG_VERSION_NOT_FOUND: { status: 404, meaning: 'The server has no such version.' },
  CATALOG_PUBLISH_FAILED: { status: 400, meaning: 'A publish broke a registry rule (duplicate version, remote URL in use, package ownership, size limits); `errors[0].message` says which.' },
  CATALOG_EDIT_FAILED: { status: 400, meaning: 'An admin edit broke a registry rule; `errors[0].message` says which.' },
  CATALOG_STATUS_FAILED: { status: 400, meaning: 'A status change broke a registry rule; `errors[0].message` says which.' },
  CATALOG_INVALID_SCHEMA: { status: 422, meaning: 'The server.json fails the schema or semantic checks; POST /v0.1/validate lists the issues.' },
  CATALOG_PUBLISH_FORBIDDEN: { status: 403, meaning: 'The token may not publish under this name; the detail lists the namespaces it may publish.' },
  CATALOG_EDIT_FORBIDDEN: { status: 403, meaning: 'The token has no edit permission for this server.' },
  CATALOG_STATUS_FORBIDDEN: { status: 403, meaning: 'The token has neither publish nor edit permission for this server.' },
  CATALOG_RENAME: { status: 400, meaning: 'An edit tried to change the server name; names cannot change.' },
  CATALOG_VERSION_MISMATCH: { status: 400, meaning: 'The version in the body differs from the version in the path.' },
  CATALOG_STATUS_MESSAGE_ON_ACTIVE: { status: 400, meaning: 'A status message was sent with status active, which takes none.' },
  CATALOG_STATUS_NO_CHANGE: { status: 400, meaning: 'The status and message are already what was asked.' },
  CATALOG_MIRRORED: { status: 409, meaning: 'The server is mirrored from a federation source: change it upstream, or curate it.' },
  CATALOG_BAD_CURSOR: { status: 400, meaning: 'The list cursor is not one this registry handed out for this ordering.' },
  CATALOG_BAD_UPDATED_SINCE: { status: 400, meaning: 'updated_since is not an RFC 3339 timestamp.' },
  CATALOG_INCLUDE_DELETED_CONFLICT: { status: 400, meaning: 'include_deleted=false cannot be combined with updated_since (incremental sync needs deletions).' },
  CATALOG_SORT_CONFLICT: { status: 400, meaning: 'sort=updated cannot be combined with a search query q.' },

  // Federation: upstream registries and curation.
  FEDERATION_INVALID_SOURCE: { status: 400, meaning: 'A federation source (or change to one) is malformed; `errors` names each field.' },
  FEDERATION_INVALID_CURATION: { status: 400, meaning: 'A curation is malformed; `errors` names each field.' },
  FEDERATION_BAD_BASE_URL: { status: 400, meaning: "A source's baseUrl is not a URL the outbound guard lets Toolshed fetch." },
  FEDERATION_BAD_LIMIT: { status: 400, meaning: 'limit is not a whole number from 1 to 1000.' },
  FEDERATION_BAD_CURSOR: { status: 400, meaning: 'beforeId is not a positive whole number.' },
  FEDERATION_SOURCE_NOT_FOUND: { status: 404, meaning: 'No federation source by that name.' },
  FEDERATION_SOURCE_EXISTS: { status: 409, meaning: 'A federation source by that name already exists.' },
  FEDERATION_SOURCE_DISABLED: { status: 409, meaning: 'The source is disabled; enable it to sync.' },
  FEDERATION_SYNC_RUNNING: { status: 409, meaning: 'A sync of this source is running; wait for it to end.' },
  FEDERATION_SYNC_FAILED: { status: 503, meaning: 'The upstream registry could not be read (unreachable, or not a registry answer); it may work on retry.' },
  FEDERATION_SYNC_UPSTREAM_FAILED: { status: 502, meaning: 'A sync started from the admin API failed upstream; the error is recorded on the source.' },
  FEDERATION_SECRET_UNREADABLE: { status: 409, meaning: "The source's stored auth header cannot be decrypted (the key changed); set it again." },
  FEDERATION_CURATION_NOT_FOUND: { status: 404, meaning: 'No curation of that server for that source.' },
  FEDERATION_LOCAL_CURATION: { status: 400, meaning: 'Local servers take trust, tags and notes only; allow/deny, pins and hidden versions apply to mirrored sources.' },
  FEDERATION_WIDE_CURATION: { status: 400, meaning: 'A whole-source (*) curation cannot pin or hide versions.' },

  // Authentication: tokens, sessions, sign-in.
  AUTH_REQUIRED: { status: 401, meaning: 'No credentials: sign in, or send Authorization: Bearer <token>.' },
  AUTH_BAD_HEADER: { status: 401, meaning: "The Authorization header is not 'Bearer <token>'." },
  AUTH_INVALID_TOKEN: { status: 401, meaning: 'The registry JWT is invalid or expired.' },
  AUTH_TOOLSHED_TOKEN_INVALID: { status: 401, meaning: 'The Toolshed token is invalid, expired or revoked.' },
  AUTH_SESSION_EXPIRED: { status: 401, meaning: 'The browser session expired or was signed out.' },
  AUTH_EXCHANGE_FAILED: { status: 401, meaning: 'A publisher token exchange (GitHub, OIDC, DNS, HTTP proof) failed; `errors[0].message` says why.' },
  AUTH_NAMESPACE_BLOCKED: { status: 403, meaning: 'The namespace the exchange would grant is blocked by the administrators.' },
  AUTH_PERMISSION_REQUIRED: { status: 403, meaning: "The caller's roles do not give the permission this action needs." },
  AUTH_CSRF: { status: 403, meaning: 'A state-changing browser request came from another origin or without the CSRF token.' },
  AUTH_SIGNIN_OFF: { status: 404, meaning: 'Sign-in is not configured on this Toolshed.' },
  AUTH_SIGNIN_STATE: { status: 400, meaning: 'The sign-in callback does not belong to a sign-in this browser started (expired, replayed or foreign).' },
  AUTH_SIGNIN_DENIED: { status: 401, meaning: 'The OpenID provider did not sign the person in.' },
  AUTH_SIGNIN_FAILED: { status: 401, meaning: "The OpenID provider's answer could not be accepted (refused code, bad ID token, unverified email); sign in again." },
  AUTH_IDP_UNAVAILABLE: { status: 503, meaning: 'The OpenID provider cannot be reached or answered unexpectedly.' },
  AUTH_BAD_RETURN_TO: { status: 400, meaning: 'returnTo is not a path on this Toolshed.' },
  AUTH_LOGOUT_NEEDS_POST: { status: 405, meaning: 'Sign out with POST /auth/logout and the CSRF token; a GET never signs out.' },

  // Access: people, groups, tokens, access rules.
  ACCESS_USER_NOT_FOUND: { status: 404, meaning: 'No person with that id, IdP subject or verified email.' },
  ACCESS_USER_AMBIGUOUS: { status: 409, meaning: 'Several people match that subject or verified email; name one by id.' },
  ACCESS_USER_EMAIL_UNVERIFIED: { status: 409, meaning: 'People claim that email but nobody holds it verified by their identity provider; name the person by id or subject.' },
  ACCESS_LOCAL_PEOPLE_OFF: { status: 403, meaning: 'Local people are off (company sign-in is configured); TOOLSHED_LOCAL_PEOPLE=true allows them.' },
  ACCESS_BAD_PERSON: { status: 422, meaning: 'A local person to add is malformed; `errors` names each field.' },
  ACCESS_USER_EXISTS: { status: 409, meaning: 'A person with that email already exists.' },
  ACCESS_NOT_LOCAL: { status: 403, meaning: 'Tokens can be made for local people only, not for people of the identity provider.' },
  ACCESS_RULES_NOT_EMPTY: { status: 409, meaning: 'The starter rules apply only to an empty rule set, and it is no longer empty.' },
  ACCESS_USER_DISABLED: { status: 403, meaning: 'The account is disabled.' },
  ACCESS_SIGN_IN_RACE: { status: 409, meaning: 'The same person signed in twice at once; sign in again.' },
  ACCESS_NOT_A_PERSON: { status: 403, meaning: 'Personal resources need a person (a session or personal token), not a service token.' },
  ACCESS_UNKNOWN_ROLE: { status: 422, meaning: 'A role name is not one of the roles Toolshed knows.' },
  ACCESS_BAD_GROUP_NAME: { status: 422, meaning: 'A group name breaks the naming rule.' },
  ACCESS_GROUP_EXISTS: { status: 409, meaning: 'A group by that name already exists.' },
  ACCESS_GROUP_NOT_FOUND: { status: 404, meaning: 'No group by that name.' },
  ACCESS_GROUP_IN_USE: { status: 409, meaning: 'Access rules name the group; change them before deleting it.' },
  ACCESS_MEMBER_NOT_FOUND: { status: 404, meaning: 'The person is not a direct member of the group.' },
  ACCESS_UNKNOWN_GROUP: { status: 422, meaning: 'A token names a group that does not exist.' },
  ACCESS_BAD_TOKEN_NAME: { status: 422, meaning: 'A token name is empty, too long or has control characters.' },
  ACCESS_BAD_TOKEN_EXPIRY: { status: 422, meaning: 'expiresInDays is outside what this Toolshed allows (tokenMaxDays).' },
  ACCESS_BAD_TOKEN_SCOPES: { status: 422, meaning: 'A token names no scope.' },
  ACCESS_UNKNOWN_SCOPE: { status: 422, meaning: 'A token names a scope Toolshed does not know.' },
  ACCESS_SCOPE_EXCEEDS_ROLES: { status: 422, meaning: "A token asks for a scope its owner's roles do not give." },
  ACCESS_TOKEN_NOT_FOUND: { status: 404, meaning: 'No token with that id (among yours, for personal tokens).' },
  ACCESS_BAD_FILTER: { status: 400, meaning: 'The list filters contradict each other.' },
  ACCESS_RULES_UNREADABLE: { status: 400, meaning: 'An access rules document is not valid YAML or JSON.' },
  ACCESS_RULES_INVALID: { status: 422, meaning: 'The access rules (or the proposed change) break the rule schema; `errors` lists each problem.' },
  ACCESS_RULES_CHANGED: { status: 412, meaning: 'If-Match names a rule set that has changed since; read the rules again.' },
  ACCESS_RULE_EXISTS: { status: 409, meaning: 'An access rule with that id already exists.' },
  ACCESS_RULE_NOT_FOUND: { status: 404, meaning: 'No access rule with that id.' },
  ACCESS_RULE_ID_MISMATCH: { status: 422, meaning: "The rule's id differs from the id in the path; ids cannot change." },
  ACCESS_EXPLAIN_NO_PRINCIPAL: { status: 422, meaning: 'An explain request names no user and no group.' },
  ACCESS_SIMULATE_NO_CHANGE: { status: 422, meaning: 'A simulation sends no proposed change.' },
  ACCESS_SIMULATE_BAD_PRINCIPAL: { status: 422, meaning: 'A simulated principal names neither a user nor groups.' },

  // Gateway: connections, upstream secrets, audit, and the relay's own answers.
  GATEWAY_SERVER_NOT_FOUND: { status: 404, meaning: 'No server by that name in the catalog.' },
  GATEWAY_CONNECTION_NOT_FOUND: { status: 404, meaning: 'No connection with that id (among yours).' },
  GATEWAY_CONNECT_DENIED: { status: 403, meaning: 'The access rules do not let the caller connect to that server.' },
  GATEWAY_NO_ACCESS_RULE: { status: 403, meaning: 'No access rule matches and the default denies: an administrator adds rules (or the starter rules) under Access rules.' },
  GATEWAY_BAD_ORIGINS: { status: 422, meaning: 'allowedOrigins is not a list of at most 20 http(s) origins without path, query or credentials.' },
  GATEWAY_NO_ORIGIN: { status: 422, meaning: "The server's remotes give no origin to approve a shared secret for; name allowedOrigins." },
  GATEWAY_ORIGINS_AMBIGUOUS: { status: 422, meaning: "The server's remotes point at several origins, so a shared secret's origins are not assumed; name allowedOrigins." },
  GATEWAY_PERSONAL_ORIGINS: { status: 422, meaning: "Only shared secrets are bound to approved origins, not a person's own." },
  GATEWAY_CAPABILITY_NOT_A_PERSON: { status: 403, meaning: 'Capability URLs are for people, not service tokens.' },
  GATEWAY_BAD_LABEL: { status: 422, meaning: 'A connection label is empty, too long or has control characters.' },
  GATEWAY_BAD_SERVER: { status: 422, meaning: 'server is not a catalog server name.' },
  GATEWAY_BAD_CAPABILITY: { status: 422, meaning: 'capabilityUrl is not a boolean.' },
  GATEWAY_NO_REMOTE: { status: 422, meaning: 'The server has no streamable-http or sse remote to relay.' },
  HOSTING_SERVER_NOT_FOUND: { status: 404, meaning: 'Hosting settings were asked for a server that is not in the catalog.' },
  HOSTING_INSTANCE_NOT_FOUND: { status: 404, meaning: 'No hosted instance by that id runs in this Toolshed process.' },
  HOSTING_BAD_SETTINGS: { status: 422, meaning: 'Hosting settings need `mode` (`shared` or `per-person`) and `network` (true or false).' },
  HOSTING_SHARED_PERSONAL_SECRETS: { status: 409, meaning: "A server whose package takes per-person secrets cannot be hosted `shared`: one instance would carry one person's values for everyone." },
  GATEWAY_MISSING_INPUTS: { status: 422, meaning: 'The server needs values (headers, URL variables) the caller has not set.' },
  GATEWAY_UPSTREAM_REFUSED: { status: 422, meaning: "The server's remote URL is one the outbound guard does not let the gateway reach." },
  GATEWAY_BAD_SECRET_NAME: { status: 422, meaning: 'An upstream secret name breaks the naming rule.' },
  GATEWAY_BAD_SECRET_KIND: { status: 422, meaning: 'An upstream secret kind is not one Toolshed knows.' },
  GATEWAY_BAD_SECRET_VALUE: { status: 422, meaning: 'An upstream secret value is empty, too long, or has line breaks or control characters.' },
  GATEWAY_RESERVED_HEADER: { status: 422, meaning: 'The gateway sets that header itself; it cannot be an upstream secret.' },
  GATEWAY_SECRET_NOT_FOUND: { status: 404, meaning: 'No upstream secret by that name for that server.' },
  GATEWAY_AUDIT_BAD_TIME: { status: 400, meaning: 'A time filter of the audit log is not an RFC 3339 timestamp.' },
  GATEWAY_USAGE_BAD_WINDOW: { status: 400, meaning: 'since is after until.' },
  GATEWAY_USAGE_WINDOW_TOO_LONG: { status: 400, meaning: 'The usage window is longer than the gateway keeps figures for.' },
  GATEWAY_ORIGIN_REFUSED: { status: 403, meaning: 'A web page on an origin not in TOOLSHED_GATEWAY_ALLOWED_ORIGINS tried to call the gateway.' },
  GATEWAY_SERVER_BLOCKED: { status: 403, meaning: 'A moderator blocked the server, or its trust level is `blocked`: the gateway refuses it on every replica until unblocked.' },
  GATEWAY_SERVER_DRIFT_BLOCKED: { status: 403, meaning: "The server's tools changed since an administrator pinned them and its drift action is block: it is refused until re-pinned." },
  GATEWAY_UNRELAYABLE_ANSWER: { status: 502, meaning: 'The upstream MCP server answered with a content type the gateway does not relay.' },

  // Inventory: probes, snapshots, health (the core; pins and drift have their own).
  INVENTORY_SERVER_NOT_FOUND: { status: 404, meaning: 'No server by that name in the catalog (or not one the caller may discover).' },
  INVENTORY_VERSION_NOT_FOUND: { status: 404, meaning: 'The server has no such version (deleted versions are not probed).' },
  INVENTORY_SNAPSHOT_NOT_FOUND: { status: 404, meaning: 'No capability snapshot with that id for that server.' },
  INVENTORY_NO_REMOTE: { status: 422, meaning: 'The version has no streamable-http or SSE remote, so there is nothing to probe (a package server gets one when Toolshed hosts it).' },
  INVENTORY_BAD_PROBE_CREDENTIAL: {
    status: 422,
    meaning: 'A probe credential needs a header name (letters, digits, `-`; not one the gateway sets itself) and a value of 1-8192 characters without line breaks.',
  },
  INVENTORY_CLOSED: { status: 503, meaning: 'The inventory is shutting down; no probe is queued.' },

  // Admin pages shared by the logs.
  ADMIN_BAD_CURSOR: { status: 400, meaning: "A log page cursor is not the previous page's metadata.nextCursor." },

  // HTTP: the request itself.
  HTTP_ROUTE_NOT_FOUND: { status: 404, meaning: 'No endpoint at this path; the detail suggests near ones.' },
  HTTP_INVALID_REQUEST: { status: 422, meaning: 'The request body, headers or path parameters fail validation; `errors` names each field.' },
  HTTP_INVALID_QUERY: { status: 422, meaning: 'A query parameter fails validation; `errors` names each one.' },
  HTTP_EMPTY_BODY: { status: 400, meaning: 'The request needs a body.' },
  HTTP_BODY_TOO_LARGE: { status: 413, meaning: 'The body is over the 1 MiB limit.' },
  HTTP_UNSUPPORTED_MEDIA_TYPE: { status: 415, meaning: 'The body is not application/json.' },
  HTTP_BAD_CONTENT_LENGTH: { status: 400, meaning: 'The body length does not match Content-Length.' },
  HTTP_BAD_ENCODING: { status: 400, meaning: 'The path is not valid percent-encoded UTF-8.' },
  HTTP_NUL_IN_PATH: { status: 400, meaning: 'The path or query holds a NUL byte.' },
  HTTP_URI_TOO_LONG: { status: 414, meaning: 'A path segment is over 1024 characters.' },
  HTTP_REQUEST_TIMEOUT: { status: 408, meaning: 'The request was not received in time.' },
  HTTP_HEADERS_TOO_LARGE: { status: 431, meaning: 'The request headers are too large.' },
  HTTP_MALFORMED_REQUEST: { status: 400, meaning: "The request is not valid HTTP (Node's parser refused it)." },
  HTTP_BAD_REQUEST: {
    status: 400,
    meaning: 'The HTTP framework refused the request (malformed or too deeply nested JSON, a NUL character in the body); for the rare refusals with another 4xx, the problem carries that status.',
  },

  // Pins and drift (inventory).
  DRIFT_SERVER_NOT_FOUND: { status: 404, meaning: 'No server by that name in the catalog to pin or set a drift action for.' },
  DRIFT_NO_SNAPSHOT: { status: 409, meaning: "The server's latest version has no snapshot yet to pin: probe it first, or name a snapshotId." },
  DRIFT_BAD_SNAPSHOT: { status: 400, meaning: 'snapshotId is not a snapshot of that server.' },

  // Governance: reports and moderation.
  GOVERNANCE_REPORT_NOT_FOUND: { status: 404, meaning: 'No report with that id.' },
  GOVERNANCE_REPORT_TEXT_REQUIRED: { status: 400, meaning: 'A report of kind `other` needs a text saying what is wrong.' },
  GOVERNANCE_REPORT_DUPLICATE: { status: 409, meaning: 'You already have an open report on this server or version; a moderator will see it (the problem names its id).' },
  GOVERNANCE_REPORT_RATE_LIMITED: { status: 429, meaning: 'You filed as many reports as one person may in an hour (TOOLSHED_REPORTS_PER_HOUR); retry after Retry-After seconds.' },
  GOVERNANCE_REPORT_IF_MATCH_REQUIRED: { status: 428, meaning: "Resolving a report needs If-Match with the report's ETag (read it first), so two moderators cannot both decide." },
  GOVERNANCE_REPORT_CHANGED: { status: 412, meaning: 'If-Match names a report that has changed since (another moderator resolved it): read it again.' },
  GOVERNANCE_BLOCK_NEEDS_REASON: { status: 400, meaning: 'Blocking a server (or resolving a report with an action) needs a reason.' },
  GOVERNANCE_NOT_BLOCKED: { status: 409, meaning: 'The server is not blocked by a moderator (a trust level of `blocked` is changed through governance, not unblocked).' },
  // Webhooks and governance notifications.
  WEBHOOK_DELIVERY_NOT_FOUND: { status: 404, meaning: 'No webhook delivery with that id in the delivery log.' },
  GOVERNANCE_ATTENTION_FORBIDDEN: { status: 403, meaning: 'The "Needs attention" list needs catalog.approve or audit.read, which your roles do not give.' },
  // Governance: reviews and approval policy (issue #21).
  GOVERNANCE_REVIEW_NOT_FOUND: { status: 404, meaning: 'No review of that server version (it was published before review, or does not exist).' },
  GOVERNANCE_REVIEW_CHANGED: { status: 412, meaning: 'If-Match names a review revision that has changed since (another decision, a comment, or finished checks): read it again.' },
  GOVERNANCE_IF_MATCH_REQUIRED: {
    status: 428,
    meaning:
      'A decision, a policy change or a change of a server’s governance needs If-Match with the ETag last read (GET the review, the policy or /api/servers/{name}/governance), so it cannot overwrite a change it never saw.',
  },
  GOVERNANCE_SELF_APPROVAL: { status: 403, meaning: 'Four-eyes: the person who submitted a version may not approve it (unless the policy sets allowSelfApproval).' },
  GOVERNANCE_ALREADY_DECIDED: { status: 409, meaning: 'The version was already approved or rejected.' },
  GOVERNANCE_VERSION_GONE: { status: 409, meaning: 'The version under review no longer exists in the catalog.' },
  GOVERNANCE_REASON_REQUIRED: { status: 422, meaning: 'A rejection needs a reason (1 to 2000 characters).' },
  GOVERNANCE_BAD_COMMENT: { status: 422, meaning: 'A comment is 1 to 4000 characters of text.' },
  GOVERNANCE_BAD_POLICY: { status: 422, meaning: 'The approval policy is not valid; `errors` lists each problem.' },
  GOVERNANCE_POLICY_CHANGED: { status: 412, meaning: 'If-Match names an approval policy revision that has changed since: read it again.' },
  GOVERNANCE_BAD_SOURCE: { status: 404, meaning: 'No such source: `local`, or the name of a federation source.' },
  GOVERNANCE_COMMENT_FORBIDDEN: { status: 403, meaning: 'Only reviewers and the version’s submitter may comment on its review.' },
  // Governance: trust levels, owners, re-certification (issue #21).
  GOVERNANCE_SERVER_NOT_FOUND: { status: 404, meaning: 'No server by that name in the catalog to govern.' },
  GOVERNANCE_TRUST_UNKNOWN: { status: 422, meaning: 'A trust level is not one of verified, internal, community, experimental, blocked.' },
  GOVERNANCE_INVALID: { status: 422, meaning: 'A governance change is malformed (owners, supportContact, docsUrl, reason); `errors` names each field.' },
  GOVERNANCE_OWNER_UNKNOWN: { status: 422, meaning: 'An owner names a person by an email no signed-in person holds verified, or a user id or group Toolshed does not know.' },
  GOVERNANCE_FORBIDDEN: {
    status: 403,
    meaning: "Changing trust needs catalog.approve; owners, support contact, docs URL and re-certification need catalog.approve or being one of the server's owners.",
  },
  GOVERNANCE_OWNER_SCOPE_REQUIRED: {
    status: 403,
    meaning:
      'An owner publishes new versions of their server, changes its contacts or re-certifies it with a browser session or a token whose scopes admit writes (`catalog:contribute`, `catalog:publish` or `admin`); a `catalog:read` token only reads.',
  },
  GOVERNANCE_CHANGED: { status: 412, meaning: "If-Match names a revision of the server's governance that has changed since; read it again." },

  // Store and server.
  STORE_UNAVAILABLE: { status: 503, meaning: 'The database is unreachable; retry after Retry-After seconds.' },
  STORE_LOCKED: { status: 503, meaning: 'Another Toolshed process holds the SQLite data directory (start-up only).' },
  INTERNAL_ERROR: { status: 500, meaning: 'A fault in Toolshed; the server log has the cause. Nothing about internals is sent.' },
} as const satisfies Record<string, ErrorCodeEntry>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes whose catalogue status is `S`: what an error class of that status may carry. */
export type ErrorCodeOf<S extends number> = {
  [K in ErrorCode]: (typeof ERROR_CODES)[K]['status'] extends S ? K : never;
}[ErrorCode];
