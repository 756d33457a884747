/**
 * What the governance webhook announces (issue #21, item 9): every governance event,
 * and the periodic "Needs attention" digest, which is a summary rather than an event
 * about one server.
 */
import { GOVERNANCE_EVENTS } from './governance.js';

export const ATTENTION_DIGEST_EVENT = 'attention.digest';
export const NOTIFICATION_EVENTS = [...GOVERNANCE_EVENTS, ATTENTION_DIGEST_EVENT] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/** Why a server is on the "Needs attention" list. */
export const ATTENTION_REASONS = ['recertification_due', 'unused', 'unhealthy', 'upstream_newer'] as const;
export type AttentionReason = (typeof ATTENTION_REASONS)[number];
