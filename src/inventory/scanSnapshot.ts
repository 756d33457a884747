/**
 * The definition scan: what tool poisoning looks like in a snapshot, found in every text a
 * model reads (instructions; each item's name, title, description and every string and
 * property name nested in its schemas, prompt arguments and annotations). Pure: no store, no
 * network, no model. Rules:
 * - `invisible-unicode`, `bidi-control`: characters a person cannot see (zero-width, tag
 *   characters that smuggle ASCII, variation-selector runs, soft-hyphen runs, other format
 *   characters) or that reorder what a person sees.
 * - `addresses-model`, `hidden-from-user`, `mentions-other-tool`, `exfiltration`: the
 *   phrase table in `phraseRules.ts`, plus (with `context`) another reachable server's tool
 *   named in the text.
 * - `oversized-description`: past the documented limits below.
 * - `shadowed-name`: a tool name another reachable server also offers.
 * Hostile input stays bounded: at most `MAX_FINDINGS` findings (the most severe kept), at
 * most `MAX_PER_FIELD_RULE` per field and rule, `MAX_SCANNED_CHARS` of text in all, and
 * every pattern is linear-time. A scan cut short says so in a `scan-incomplete` finding.
 */
import { PHRASE_RULES } from './phraseRules.js';
import { CAPABILITY_KINDS, type CapabilityKind, type FindingSeverity, type ScanFinding, type Snapshot } from './snapshot.js';
import { codePointName, showInvisible } from './showInvisible.js';

export const MAX_FINDINGS = 200;
export const MAX_PER_FIELD_RULE = 10;
export const MAX_SCANNED_CHARS = 16_000_000;
/** Findings collected before choosing the most severe `MAX_FINDINGS`; past it the scan stops. */
const COLLECT_LIMIT = 2_000;
const MAX_DEPTH = 64;
const MAX_EXCERPT = 160;

/** Lengths (UTF-16 units) past which a text is reported, as [low, medium]. */
export const SIZE_LIMITS = {
  description: [2_000, 10_000],
  instructions: [8_000, 32_000],
} as const;

export interface ScanContext {
  /** Server name → tool names a person who can reach this server can also reach there. */
  otherServers?: ReadonlyMap<string, ReadonlySet<string>>;
}

const SEVERITY_RANK: Record<FindingSeverity, number> = { low: 1, medium: 2, high: 3 };

/** The most severe finding's severity, or 'none'. */
export function highestSeverity(findings: readonly ScanFinding[]): FindingSeverity | 'none' {
  let best: FindingSeverity | 'none' = 'none';
  for (const finding of findings) if (best === 'none' || SEVERITY_RANK[finding.severity] > SEVERITY_RANK[best]) best = finding.severity;
  return best;
}

type CharClass = 'tag' | 'bidi' | 'bidi-mark' | 'zero-width' | 'variation' | 'soft-hyphen' | 'filler' | 'format';

// One pass over the text finds every candidate; classification is by code point.
const HIDDEN = /[\p{Cf}\u034F\u115F\u1160\u3164\uFFA0\u2800\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu;
const RTL = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
const NON_ASCII_LETTER = /[^\p{ASCII}]/u;
const LETTER = /\p{L}|\p{M}/u;

function classify(cp: number): CharClass {
  if (cp >= 0xe0000 && cp <= 0xe007f) return 'tag';
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) return 'bidi';
  if (cp === 0x200e || cp === 0x200f || cp === 0x061c) return 'bidi-mark';
  if (cp === 0x200b || cp === 0x200c || cp === 0x200d || cp === 0x2060 || cp === 0xfeff || cp === 0x180e || cp === 0x034f) return 'zero-width';
  if ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef)) return 'variation';
  if (cp === 0x00ad) return 'soft-hyphen';
  if (cp === 0x115f || cp === 0x1160 || cp === 0x3164 || cp === 0xffa0 || cp === 0x2800) return 'filler';
  return 'format';
}

function codePointBefore(text: string, index: number): string {
  if (index <= 0) return '';
  const low = text.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) return text.slice(index - 2, index);
  return text.slice(index - 1, index);
}

function codePointAt(text: string, index: number): string {
  const cp = text.codePointAt(index);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

/** Joiners that are part of ordinary writing: emoji ZWJ sequences, and ZWJ/ZWNJ inside Persian or Indic words. */
function isOrdinaryJoiner(text: string, start: number, end: number, cp: number): boolean {
  if (cp !== 0x200d && cp !== 0x200c) return false;
  let i = start;
  let before = codePointBefore(text, i);
  // Skip the emoji presentation selector and skin-tone modifiers back to the base.
  while (before === '\uFE0F' || /[\u{1F3FB}-\u{1F3FF}]/u.test(before)) {
    i -= before.length;
    before = codePointBefore(text, i);
  }
  const after = codePointAt(text, end);
  if (cp === 0x200d && PICTOGRAPHIC.test(before) && PICTOGRAPHIC.test(after)) return true;
  return LETTER.test(before) && LETTER.test(after) && NON_ASCII_LETTER.test(before) && NON_ASCII_LETTER.test(after);
}

interface Where {
  kind: CapabilityKind | 'instructions';
  key: string;
  path: string;
}

interface Hit {
  rule: string;
  severity: FindingSeverity;
  span: [number, number];
  message: string;
}

function excerptOf(text: string, span: [number, number]): string {
  const shown = showInvisible(text.slice(span[0], Math.min(span[1], span[0] + MAX_EXCERPT)));
  return span[1] - span[0] > MAX_EXCERPT ? `${shown}…` : shown;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function pointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A tool name that reads as an identifier (`send_email`, `listChats`), so naming it in prose is deliberate. */
function identifierLike(name: string): boolean {
  return /[_.-]/.test(name) || /[a-z][A-Z]/.test(name);
}

class Scanner {
  readonly findings: ScanFinding[] = [];
  scannedChars = 0;
  skippedTexts = 0;
  stopped = false;
  private readonly otherTools = new Map<string, string[]>();

  constructor(ownTools: ReadonlySet<string>, context: ScanContext | undefined) {
    for (const [server, tools] of context?.otherServers ?? []) {
      for (const tool of tools) {
        if (ownTools.has(tool) || tool.length < 3) continue;
        const servers = this.otherTools.get(tool) ?? [];
        servers.push(server);
        this.otherTools.set(tool, servers);
      }
    }
    for (const servers of this.otherTools.values()) servers.sort(compareStrings);
  }

  push(where: Where, text: string, hit: Hit): void {
    if (this.findings.length >= COLLECT_LIMIT) {
      this.stopped = true;
      return;
    }
    this.findings.push({ rule: hit.rule, severity: hit.severity, kind: where.kind, key: where.key, path: where.path, span: hit.span, excerpt: excerptOf(text, hit.span), message: hit.message });
  }

  scanText(where: Where, text: string, sizeLimit?: readonly [number, number]): void {
    if (this.stopped || text.length === 0) return;
    if (this.scannedChars + text.length > MAX_SCANNED_CHARS) {
      this.skippedTexts++;
      return;
    }
    this.scannedChars += text.length;
    const hits: Hit[] = [];
    const perRule = new Map<string, number>();
    // Past the cap, matches are only counted, for the "and N more" note.
    const add = (hit: Hit): void => {
      const seen = perRule.get(hit.rule) ?? 0;
      perRule.set(hit.rule, seen + 1);
      if (seen < MAX_PER_FIELD_RULE) hits.push(hit);
    };

    const visible = this.scanHidden(text, add);
    this.scanPhrases(visible, add);
    this.scanOtherTools(visible, add);
    if (sizeLimit && text.length > sizeLimit[0]) {
      const severity: FindingSeverity = text.length > sizeLimit[1] ? 'medium' : 'low';
      add({
        rule: 'oversized-description',
        severity,
        span: [sizeLimit[0], text.length],
        message: `${text.length} characters, past the limit of ${sizeLimit[0]}: long text hides instructions from a person who skims it`,
      });
    }
    for (const [rule, count] of perRule) {
      if (count <= MAX_PER_FIELD_RULE) continue;
      const last = [...hits].reverse().find((hit) => hit.rule === rule);
      if (last) last.message += ` (and ${count - MAX_PER_FIELD_RULE} more in this field)`;
    }
    for (const hit of hits) this.push(where, text, hit);
  }

  /** Reports invisible and bidi runs, and returns the text without its invisible characters and the map back to offsets in `text`. */
  private scanHidden(text: string, add: (hit: Hit) => void): { text: string; offsets: Int32Array | null } {
    HIDDEN.lastIndex = 0;
    if (!HIDDEN.test(text)) return { text, offsets: null };
    const hasRtl = RTL.test(text);
    const kept: string[] = [];
    const offsets = new Int32Array(text.length + 1);
    let visibleLength = 0;
    let copiedTo = 0;
    let run: { cls: CharClass; start: number; end: number; count: number; hidden: string } | null = null;
    const flush = () => {
      if (!run) return;
      const { cls, start, end, count, hidden } = run;
      const span: [number, number] = [start, end];
      let hit: Hit | null = null;
      if (cls === 'tag')
        hit = { rule: 'invisible-unicode', severity: 'high', span, message: `tag characters (ASCII smuggling) carrying hidden text "${hidden.slice(0, 80)}${hidden.length > 80 ? '…' : ''}"` };
      else if (cls === 'bidi') hit = { rule: 'bidi-control', severity: 'high', span, message: 'bidirectional embedding, override or isolate controls: what a person sees is not what the model reads' };
      else if (cls === 'bidi-mark')
        hit = hasRtl
          ? { rule: 'bidi-control', severity: 'low', span, message: 'bidirectional marks in right-to-left text' }
          : { rule: 'bidi-control', severity: 'high', span, message: 'bidirectional marks in text with no right-to-left script' };
      else if (cls === 'zero-width') hit = { rule: 'invisible-unicode', severity: 'high', span, message: `${count} zero-width character${count > 1 ? 's' : ''}` };
      else if (cls === 'variation') {
        if (count >= 2) hit = { rule: 'invisible-unicode', severity: 'high', span, message: `a run of ${count} variation selectors, which can carry hidden bytes` };
      } else if (cls === 'soft-hyphen') {
        if (count >= 2) hit = { rule: 'invisible-unicode', severity: 'medium', span, message: `a run of ${count} soft hyphens` };
      } else
        hit = {
          rule: 'invisible-unicode',
          severity: cls === 'filler' ? 'medium' : 'high',
          span,
          message: `invisible ${cls === 'filler' ? 'filler' : 'format'} character${count > 1 ? 's' : ''} ${codePointName(text.codePointAt(start) ?? 0)}`,
        };
      if (hit) add(hit);
    };
    HIDDEN.lastIndex = 0;
    for (let match = HIDDEN.exec(text); match !== null; match = HIDDEN.exec(text)) {
      const start = match.index;
      const end = start + match[0].length;
      const cp = match[0].codePointAt(0) ?? 0;
      // Map the visible stretch before this character, then drop the character.
      kept.push(text.slice(copiedTo, start));
      for (let i = copiedTo; i < start; i++) offsets[visibleLength++] = i;
      copiedTo = end;
      if ((cp === 0xfeff && start === 0) || isOrdinaryJoiner(text, start, end, cp)) {
        flush();
        run = null;
        continue;
      }
      const cls = classify(cp);
      if (run && run.cls === cls && run.end === start) {
        run.end = end;
        run.count++;
        if (cls === 'tag' && run.hidden.length <= 80 && cp >= 0xe0020 && cp <= 0xe007e) run.hidden += String.fromCharCode(cp - 0xe0000);
      } else {
        flush();
        run = { cls, start, end, count: 1, hidden: cls === 'tag' && cp >= 0xe0020 && cp <= 0xe007e ? String.fromCharCode(cp - 0xe0000) : '' };
      }
    }
    flush();
    kept.push(text.slice(copiedTo));
    for (let i = copiedTo; i < text.length; i++) offsets[visibleLength++] = i;
    offsets[visibleLength] = text.length;
    return { text: kept.join(''), offsets };
  }

  private scanPhrases(visible: { text: string; offsets: Int32Array | null }, add: (hit: Hit) => void): void {
    const v = visible.text;
    const toSpan = (start: number, end: number): [number, number] => (visible.offsets ? [visible.offsets[start]!, visible.offsets[end - 1]! + 1] : [start, end]);
    for (const phrase of PHRASE_RULES) {
      const regex = new RegExp(phrase.regex.source, 'gi');
      for (let match = regex.exec(v); match !== null; match = regex.exec(v)) {
        if (match[0] === '') {
          regex.lastIndex++;
          continue;
        }
        const start = match.index;
        const end = start + match[0].length;
        let severity = phrase.severity;
        if (phrase.near) {
          const window = phrase.near.side === 'before' ? v.slice(Math.max(0, start - phrase.near.window), start) : v.slice(end, end + phrase.near.window);
          if (phrase.near.regex.test(window)) severity = phrase.near.severity;
        }
        if (severity === null) continue;
        add({ rule: phrase.rule, severity, span: toSpan(start, end), message: `${phrase.message} (${phrase.pattern})` });
      }
    }
  }

  private scanOtherTools(visible: { text: string; offsets: Int32Array | null }, add: (hit: Hit) => void): void {
    if (this.otherTools.size === 0) return;
    const v = visible.text;
    const toSpan = (start: number, end: number): [number, number] => (visible.offsets ? [visible.offsets[start]!, visible.offsets[end - 1]! + 1] : [start, end]);
    const tokens = /[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}/g;
    for (let match = tokens.exec(v); match !== null; match = tokens.exec(v)) {
      const token = match[0].replace(/[.-]+$/, '');
      const quoted = /[`'"]/.test(v[match.index - 1] ?? '');
      // `mcp_tool_send_email` and `whatsapp.send_message` name `send_email` and `send_message`.
      const candidates = [token];
      for (let i = token.indexOf('_'); i >= 0 && candidates.length < 8; i = token.indexOf('_', i + 1)) candidates.push(token.slice(i + 1));
      const dot = token.lastIndexOf('.');
      if (dot > 0) candidates.push(token.slice(dot + 1));
      for (const name of candidates) {
        const servers = this.otherTools.get(name);
        if (!servers || !(identifierLike(name) || quoted)) continue;
        const end = match.index + token.length;
        const listed = servers.slice(0, 5).join(', ') + (servers.length > 5 ? ` and ${servers.length - 5} more` : '');
        add({ rule: 'mentions-other-tool', severity: 'medium', span: toSpan(end - name.length, end), message: `names ${name}, a tool of another reachable server (${listed})` });
        break;
      }
    }
  }

  walk(where: Where, value: unknown, depth: number): void {
    if (this.stopped) return;
    if (typeof value === 'string') {
      this.scanText(where, value, where.path.endsWith('/description') ? SIZE_LIMITS.description : undefined);
      return;
    }
    if (depth >= MAX_DEPTH || typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      value.forEach((element, i) => this.walk({ ...where, path: `${where.path}/${i}` }, element, depth + 1));
      return;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record).sort(compareStrings)) {
      // What clients hand to the model: not `_meta` or icons at an item's top level.
      if (depth === 0 && (key === '_meta' || key === 'icons')) continue;
      const path = `${where.path}/${pointerSegment(key)}`;
      // Property names are read by the model as much as their descriptions.
      if (where.path.endsWith('/properties')) this.scanText({ ...where, path }, key);
      this.walk({ ...where, path }, record[key], depth + 1);
    }
  }
}

function kindRank(kind: CapabilityKind | 'instructions'): number {
  return kind === 'instructions' ? -1 : CAPABILITY_KINDS.indexOf(kind);
}

/** Every finding in the snapshot, sorted by where it is (instructions first, then kind, key, field, offset). */
export function scanSnapshot(snapshot: Snapshot, context?: ScanContext): ScanFinding[] {
  const ownTools = new Set((snapshot.items.tools ?? []).map((item) => item.key));
  const scanner = new Scanner(ownTools, context);
  if (snapshot.instructions) scanner.scanText({ kind: 'instructions', key: '', path: '/instructions' }, snapshot.instructions, SIZE_LIMITS.instructions);
  for (const kind of CAPABILITY_KINDS) {
    for (const item of snapshot.items[kind] ?? []) {
      scanner.walk({ kind, key: item.key, path: '' }, item.definition, 0);
      if (kind === 'tools' && context?.otherServers) {
        const servers = [...context.otherServers].filter(([, tools]) => tools.has(item.key)).map(([server]) => server);
        if (servers.length > 0) {
          servers.sort(compareStrings);
          const listed = servers.slice(0, 5).join(', ') + (servers.length > 5 ? ` and ${servers.length - 5} more` : '');
          scanner.push({ kind, key: item.key, path: '/name' }, item.key, {
            rule: 'shadowed-name',
            severity: 'medium',
            span: [0, item.key.length],
            message: `another reachable server offers a tool of the same name (${listed}): a model may call the wrong one`,
          });
        }
      }
    }
  }

  let findings = scanner.findings;
  const incomplete = scanner.stopped || scanner.skippedTexts > 0 || findings.length > MAX_FINDINGS;
  if (incomplete) {
    const kept = [...findings].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]).slice(0, MAX_FINDINGS - 1);
    const reasons: string[] = [];
    if (findings.length > MAX_FINDINGS - 1 || scanner.stopped) reasons.push(`only the ${MAX_FINDINGS - 1} most severe findings are kept`);
    if (scanner.stopped) reasons.push('the scan stopped early');
    if (scanner.skippedTexts > 0) reasons.push(`${scanner.skippedTexts} texts past ${MAX_SCANNED_CHARS} characters in all were not scanned`);
    kept.push({ rule: 'scan-incomplete', severity: 'medium', kind: 'instructions', key: '', path: '', span: [0, 0], excerpt: '', message: `scan incomplete: ${reasons.join('; ')}` });
    findings = kept;
  }
  return findings.sort(
    (a, b) => kindRank(a.kind) - kindRank(b.kind) || compareStrings(a.key, b.key) || compareStrings(a.path, b.path) || a.span[0] - b.span[0] || a.span[1] - b.span[1] || compareStrings(a.rule, b.rule),
  );
}
