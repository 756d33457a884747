/** The governance plane (issue #21): review, trust, owners, reports, attention and notifications. */
export { createAttention, type Attention, type AttentionItem, type AttentionList, type AttentionOptions, type AttentionServer } from './createAttention.js';
export { announcementOf, createNotifications, GOVERNANCE_CURSOR, type NotificationSettings, type Notifications, type NotificationsOptions, type OwnerNotification } from './createNotifications.js';
export { slackEscape, slackPayload, toolshedPayload, type Announcement } from './notificationPayload.js';
