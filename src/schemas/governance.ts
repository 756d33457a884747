/**
 * Governance vocabulary (issue #21): the words every plane, the API, the CLI and
 * the UI share for review state, trust, reports and governance events. The store
 * keeps these strings; nothing else may invent its own.
 */

/**
 * Where a version is in its review. Readers without review rights see only
 * `approved` versions; a publisher also sees their own; reviewers see all.
 * - `submitted`: written, automated checks not yet started
 * - `checking`: automated checks running (probe, scan, ownership, ...)
 * - `in_review`: checks done, a person must decide
 * - `approved` / `rejected`: decided (who, when and why are on the review row)
 */
export const REVIEW_STATES = ['submitted', 'checking', 'in_review', 'approved', 'rejected'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];
/** States in which a version is not yet decided. */
export const UNDECIDED_REVIEW_STATES: readonly ReviewState[] = ['submitted', 'checking', 'in_review'];

/** Trust levels, set by reviewers. `blocked` also refuses the server in the gateway. */
export const TRUST_LEVELS = ['verified', 'internal', 'community', 'experimental', 'blocked'] as const;
export type TrustLevel = (typeof TRUST_LEVELS)[number];

/** What a person may report a server or version for. */
export const REPORT_KINDS = ['malicious', 'broken', 'leaks-data', 'other'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_STATES = ['open', 'dismissed', 'actioned'] as const;
export type ReportState = (typeof REPORT_STATES)[number];
/** What a moderator may do with a report. */
export const MODERATION_ACTIONS = ['dismiss', 'deprecate', 'delete', 'block'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

/**
 * Governance events: each is written to the registry audit log (`registry_events.action`)
 * and can be announced by a signed webhook. Dotted names are the webhook `event` field.
 */
export const GOVERNANCE_EVENTS = [
  'review.submitted',
  'review.approved',
  'review.rejected',
  'review.commented',
  'trust.changed',
  'owners.changed',
  'report.filed',
  'report.resolved',
  'server.blocked',
  'server.unblocked',
  'server.recertified',
  'recertification.due',
  'policy.changed',
  'drift.detected',
] as const;
export type GovernanceEvent = (typeof GOVERNANCE_EVENTS)[number];

/** The namespaced `_meta` key under which the read API shows a version's review state and its server's trust and owners. */
export const GOVERNANCE_META_KEY = 'io.toolshed/governance';

/** An owner of a server: a person (by user id or verified email) or a group. */
export type ServerOwner = { kind: 'user'; id: string } | { kind: 'group'; name: string };

/**
 * What a registry audit log row (`registry_events.action`) records: the catalog's own
 * changes (publish, edit, status) and the governance decisions.
 */
export const REGISTRY_EVENT_ACTIONS = [
  'publish',
  'edit',
  'status',
  'submit',
  'approve',
  'reject',
  'comment',
  'trust',
  'owners',
  'report',
  'moderate',
  'block',
  'unblock',
  'recertify',
  'policy',
] as const;
export type RegistryEventAction = (typeof REGISTRY_EVENT_ACTIONS)[number];

/**
 * The governance event each registry audit log action announces (the webhook `event`).
 * A governance decision writes one `registry_events` row with one of these actions, with
 * `version` '' for a decision about the whole server, and `new_value` JSON holding at
 * least `{ "reason"?: string }` and what changed; notifications are derived from those rows.
 */
export const EVENT_OF_ACTION = {
  submit: 'review.submitted',
  approve: 'review.approved',
  reject: 'review.rejected',
  comment: 'review.commented',
  trust: 'trust.changed',
  owners: 'owners.changed',
  report: 'report.filed',
  moderate: 'report.resolved',
  block: 'server.blocked',
  unblock: 'server.unblocked',
  recertify: 'server.recertified',
  policy: 'policy.changed',
} as const satisfies Partial<Record<RegistryEventAction, GovernanceEvent>>;
