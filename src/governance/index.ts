export { createServerBlocks, type ServerBlock, type ServerBlocks } from './createServerBlocks.js';
export {
  blockMeta,
  createModeration,
  MAX_MODERATION_REASON,
  MAX_REPORT_TEXT,
  renderReport,
  reportEtag,
  type BlockState,
  type BlockView,
  type Moderation,
  type ModerationOptions,
  type NewReportInput,
  type ReportView,
  type Resolution,
} from './createModeration.js';
/** The governance plane (issue #21): review, trust, owners, reports, attention and notifications. */
export { createAttention, type Attention, type AttentionItem, type AttentionList, type AttentionOptions, type AttentionServer } from './createAttention.js';
export { announcementOf, createNotifications, GOVERNANCE_CURSOR, type NotificationSettings, type Notifications, type NotificationsOptions, type OwnerNotification } from './createNotifications.js';
export { slackEscape, slackPayload, toolshedPayload, type Announcement } from './notificationPayload.js';
export { createReviews, renderReview, reviewEtag, type Reviews, type ReviewsOptions, type CheckResult } from './createReviews.js';
export { parsePolicy, approvalOf, defaultPolicy, type ReviewPolicy, type ApprovalRule } from './reviewPolicy.js';
export { documentDiff, type DocumentChange } from './documentDiff.js';
export {
  checkTrustLevel,
  createServerGovernance,
  governanceEtag,
  isOwnerAmong,
  MAX_OWNERS,
  type GovernanceWrite,
  type OwnerView,
  type ServerGovernance,
  type ServerGovernanceOptions,
  type ServerGovernanceView,
} from './serverGovernance.js';
