/**
 * A remote URL carrying whitespace, a control or an invisible character: the
 * official pattern (Go's `\\s`, ASCII only) lets U+00A0, U+2028 or U+200B through,
 * and such a URL reads the same as another server's remote while being a
 * different string, so it could claim a near-identical remote. Refused at
 * publish, at edit, on import and when mirroring (it is one of the safetyIssues).
 */
import type { ValidationIssue } from './validationIssue.js';

const HIDDEN = /[\s\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

export function remoteUrlIssues(doc: unknown): ValidationIssue[] {
  const server = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>) : {};
  const remotes = Object.hasOwn(server, 'remotes') && Array.isArray(server.remotes) ? (server.remotes as unknown[]) : [];
  const issues: ValidationIssue[] = [];
  remotes.forEach((remote, i) => {
    const url = typeof remote === 'object' && remote !== null && typeof (remote as Record<string, unknown>).url === 'string' ? ((remote as Record<string, unknown>).url as string) : '';
    const hidden = HIDDEN.exec(url);
    if (!hidden) return;
    const code = hidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    issues.push({
      type: 'semantic',
      path: `remotes[${i}].url`,
      message: `remotes[${i}].url contains U+${code} at offset ${hidden.index}: a remote URL has no whitespace, control or invisible characters`,
      severity: 'error',
      reference: 'remote-url-invisible',
    });
  });
  return issues;
}
