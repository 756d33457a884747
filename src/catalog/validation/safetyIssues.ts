/**
 * What no document may bring into the catalog, whichever door it comes through
 * (publish refuses all of it and more through the semantic rules; a mirrored or
 * bulk-imported document, which is spared today's other rules, is still refused
 * for these): links a browser would follow that are not http(s) (`javascript:`,
 * `data:`, or not a URL at all), header names that are not RFC 9110 tokens
 * (clients are configured with them), and a version of whitespace alone, which the
 * catalog cannot store. Remote URLs are not links here: they may be templates
 * (`{baseUrl}/mcp`), and the gateway reaches them only through the outbound guard;
 * but one with an invisible character is refused (remoteUrlIssues.ts).
 */
import { goTrimSpace } from './goTrimSpace.js';
import { headerNameIssues } from './headerNameIssues.js';
import { remoteUrlIssues } from './remoteUrlIssues.js';
import type { ValidationIssue } from './validationIssue.js';

type JsonObject = Record<string, unknown>;

const asObject = (v: unknown): JsonObject | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : undefined);
const text = (o: JsonObject | undefined, key: string): string => (o && Object.hasOwn(o, key) && typeof o[key] === 'string' ? (o[key] as string) : '');
const items = (o: JsonObject | undefined, key: string): unknown[] => (o && Object.hasOwn(o, key) && Array.isArray(o[key]) ? (o[key] as unknown[]) : []);

// Parsed as a browser parses an href (leading spaces and controls stripped, so
// " javascript:" is caught too).
function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'http:' || protocol === 'https:';
}

/**
 * Upstream leaves this to a database CHECK (length(trim(version)) > 0), a 500 there;
 * judged with Go's whitespace set, as the title is.
 */
export function blankVersionIssue(version: string): ValidationIssue | undefined {
  if (version === '' || goTrimSpace(version) !== '') return undefined;
  return { type: 'semantic', path: 'version', message: 'version cannot be only whitespace', severity: 'error', reference: 'version-whitespace-only' };
}

export function safetyIssues(doc: unknown): ValidationIssue[] {
  const server = asObject(doc);
  const blank = blankVersionIssue(text(server, 'version'));
  const issues: ValidationIssue[] = blank ? [blank] : [];
  const links: Array<[string, string]> = [
    ['websiteUrl', text(server, 'websiteUrl')],
    ['repository.url', text(asObject(server?.repository), 'url')],
    ...items(server, 'icons').map((icon, i): [string, string] => [`icons[${i}].src`, text(asObject(icon), 'src')]),
  ];
  for (const [path, value] of links) {
    if (value !== '' && !isHttpUrl(value)) {
      issues.push({ type: 'semantic', path, message: `${path} must be an http or https URL, got ${JSON.stringify(value.slice(0, 200))}`, severity: 'error', reference: 'unsafe-link' });
    }
  }
  issues.push(...remoteUrlIssues(server));
  issues.push(...headerNameIssues(server));
  return issues;
}
