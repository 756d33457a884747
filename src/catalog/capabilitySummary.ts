/**
 * The tool summary the read API puts in a version's `_meta` under
 * `io.toolshed/capabilities`: what a client or sub-registry needs to show what
 * a server does (tool names, titles, descriptions, annotation hints, how many
 * prompts and resources), never the full definitions (schemas stay behind the
 * inventory's own endpoints). A server chooses its own descriptions, so each is
 * cut to a bound and the tool list too: a hostile server cannot bloat list pages.
 */
import type { Snapshot, SnapshotItem } from '../schemas/capabilitySnapshot.js';
import { formatTimestamp, type CurrentSnapshotRef } from '../store/index.js';

export const CAPABILITIES_META_KEY = 'io.toolshed/capabilities';
/** Characters (code points) of a description or title kept in the summary. */
export const SUMMARY_TEXT_LIMIT = 1000;
/** Tools listed in the summary; `toolCount` still counts them all. */
export const SUMMARY_TOOL_LIMIT = 200;

const HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

export interface ToolSummary {
  name: string;
  title?: string;
  description?: string;
  annotations?: Partial<Record<(typeof HINTS)[number], boolean>>;
}

export interface CapabilitySummary {
  snapshotHash: string;
  observedAt: string;
  source: 'probe' | 'observed';
  tools: ToolSummary[];
  toolCount: number;
  toolsTruncated?: true;
  prompts: number;
  resources: number;
  resourceTemplates: number;
}

/** Cuts at a code point boundary, so a cut never leaves half a surrogate pair. */
function bounded(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  if (text.length <= SUMMARY_TEXT_LIMIT) return text;
  const points = Array.from(text.slice(0, SUMMARY_TEXT_LIMIT * 2));
  return points.length <= SUMMARY_TEXT_LIMIT ? points.join('') : `${points.slice(0, SUMMARY_TEXT_LIMIT - 1).join('')}…`;
}

function toolSummary(item: SnapshotItem): ToolSummary {
  const d = item.definition;
  const annotations = (d.annotations !== null && typeof d.annotations === 'object' ? d.annotations : {}) as Record<string, unknown>;
  const title = bounded(d.title) ?? bounded(annotations.title);
  const description = bounded(d.description);
  const hints: ToolSummary['annotations'] = {};
  for (const h of HINTS) if (typeof annotations[h] === 'boolean') hints[h] = annotations[h];
  return {
    name: bounded(item.key) ?? '',
    ...(title !== undefined ? { title } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(Object.keys(hints).length ? { annotations: hints } : {}),
  };
}

export function capabilitySummary(row: CurrentSnapshotRef, body: string): CapabilitySummary {
  const snapshot = JSON.parse(body) as Snapshot;
  const items = snapshot.items;
  const tools = items.tools ?? [];
  return {
    snapshotHash: snapshot.hash,
    observedAt: formatTimestamp(row.first_seen_at),
    source: row.source,
    tools: tools.slice(0, SUMMARY_TOOL_LIMIT).map(toolSummary),
    toolCount: tools.length,
    ...(tools.length > SUMMARY_TOOL_LIMIT ? { toolsTruncated: true as const } : {}),
    prompts: items.prompts?.length ?? 0,
    resources: items.resources?.length ?? 0,
    resourceTemplates: items.resourceTemplates?.length ?? 0,
  };
}

/** Rendered summaries by snapshot id, bounded by total length, oldest first out. */
export class SummaryMemo {
  private readonly entries = new Map<number, string>();
  private size = 0;

  constructor(private readonly maxChars: number) {}

  get(id: number): string | undefined {
    return this.entries.get(id);
  }

  set(id: number, summary: string): void {
    if (this.entries.has(id)) return;
    this.entries.set(id, summary);
    this.size += summary.length;
    for (const [oldest, text] of this.entries) {
      if (this.size <= this.maxChars) break;
      this.entries.delete(oldest);
      this.size -= text.length;
    }
  }
}
