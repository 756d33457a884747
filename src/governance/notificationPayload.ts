/**
 * The bodies of governance notifications: Toolshed's JSON, and a Slack
 * incoming-webhook message (`{ text, blocks }`: `text` is the fallback shown in
 * notifications, `blocks` a header, a mrkdwn section and a context line). Text that
 * comes from people (reasons, report text, names) is escaped for Slack (`&`, `<`, `>`),
 * so nobody can make a message ping `<!channel>` or hide a link, and bounded to
 * Slack's block limits.
 */
import type { NotificationEvent } from '../schemas/notifications.js';

/** One thing to tell: a governance event about a server (or the registry), or the digest. */
export interface Announcement {
  event: NotificationEvent;
  /** What makes it unique (`event:<registry event id>`, `recertification.due:<name>:<due>`): enqueued once per key. */
  key: string;
  /** The server it is about; '' for a registry-wide one (policy, digest). */
  server: string;
  /** '' for a decision about the whole server. */
  version: string;
  actor: string | null;
  /** µs since the epoch. */
  at: number;
  reason: string | null;
  /** One line for people. */
  summary: string;
  details: unknown;
}

const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const DETAILS_MAX = 8 * 1024;

const iso = (micros: number) => new Date(Math.floor(micros / 1000)).toISOString();

/** Slack treats `&`, `<` and `>` as markup; everything else is shown as written. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Details larger than the webhook's bound are replaced by a note (the registry audit log has them). */
function boundedDetails(details: unknown): unknown {
  const text = JSON.stringify(details ?? null);
  return text.length <= DETAILS_MAX ? (details ?? null) : { truncated: true, bytes: text.length };
}

export function consoleLink(publicUrl: string | undefined, a: Pick<Announcement, 'server' | 'event'>): string | null {
  if (!publicUrl) return null;
  const path = a.server ? `/servers/${encodeURIComponent(a.server)}` : a.event === 'attention.digest' ? '/console/governance/attention' : '/';
  return new URL(path, publicUrl).toString();
}

export function toolshedPayload(a: Announcement, publicUrl?: string): string {
  return JSON.stringify({
    event: a.event,
    id: a.key,
    server: a.server || null,
    version: a.version || null,
    actor: a.actor,
    at: iso(a.at),
    reason: a.reason,
    summary: a.summary,
    details: boundedDetails(a.details),
    console: consoleLink(publicUrl, a),
  });
}

export function slackPayload(a: Announcement, publicUrl?: string, lines: readonly string[] = []): string {
  const link = consoleLink(publicUrl, a);
  const body = [
    `*${slackEscape(a.event)}*${a.server ? ` · \`${slackEscape(a.server)}\`` : ''}${a.version ? ` ${slackEscape(a.version)}` : ''}`,
    ...(a.reason ? [`Reason: ${slackEscape(a.reason)}`] : []),
    ...lines.map(slackEscape),
    ...(link ? [`<${slackEscape(link)}|Open in Toolshed>`] : []),
  ].join('\n');
  const context = `${a.actor ? `by ${slackEscape(a.actor)} · ` : ''}${iso(a.at)}`;
  return JSON.stringify({
    text: clip(`Toolshed: ${slackEscape(a.summary)}`, SECTION_MAX),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(a.summary, HEADER_MAX), emoji: false } },
      { type: 'section', text: { type: 'mrkdwn', text: clip(body, SECTION_MAX) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: clip(context, SECTION_MAX) }] },
    ],
  });
}
