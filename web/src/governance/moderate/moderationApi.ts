/**
 * The reports and moderation API calls the UI makes: filing a report (anyone
 * signed in), the moderators' queue, and resolving a report with its ETag as
 * If-Match (so two moderators cannot both decide).
 */
import { request, requestJson } from '../../api/apiClient.js';
import type { ResponseOf } from '../../api/apiTypes.js';

type Auth = string | undefined;

export const REPORT_KINDS = ['malicious', 'broken', 'leaks-data', 'other'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const MODERATION_ACTIONS = ['dismiss', 'deprecate', 'delete', 'block'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];
/** Who may file a report, and who may resolve one. */
export const REPORT_PERMISSION = 'catalog.report';
export const MODERATE_PERMISSION = 'catalog.moderate';

export const KIND_LABELS: Record<ReportKind, string> = { malicious: 'Malicious', broken: 'Broken', 'leaks-data': 'Leaks data', other: 'Other' };

export type ReportList = ResponseOf<'/api/reports', 'get'>;
export type Report = ReportList['reports'][number];
export type BlockState = ResponseOf<'/api/servers/{name}/block', 'get'>;

export function fileReport(body: { name: string; version?: string; kind: ReportKind; text?: string }, token?: Auth) {
  return requestJson<Report>('/api/reports', { token, method: 'POST', body });
}

export function listReports(state: string, token: Auth, signal?: AbortSignal) {
  return requestJson<ReportList>(`/api/reports?limit=200${state ? `&state=${encodeURIComponent(state)}` : ''}`, { token, ...(signal ? { signal } : {}) });
}

/** Resolves a report as last read (its revision is its ETag). */
export async function resolveReport(report: Report, action: ModerationAction, reason: string, token: Auth) {
  const { body } = await request<Report>(`/api/reports/${report.id}/resolve`, { token, method: 'POST', body: { action, ...(reason ? { reason } : {}) }, ifMatch: `W/"${report.revision}"` });
  return body;
}

/** Whether a moderator blocked the server, or its trust is `blocked` (moderators). */
export function getBlock(name: string, token: Auth, signal?: AbortSignal) {
  return requestJson<BlockState>(`/api/servers/${encodeURIComponent(name)}/block`, { token, ...(signal ? { signal } : {}) });
}
