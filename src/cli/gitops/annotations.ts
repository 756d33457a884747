/**
 * Findings as CI systems show them on a pull request's lines: GitHub Actions
 * workflow commands (`::error file=…,line=…,col=…,title=…::message`, printed when
 * GITHUB_ACTIONS=true) and a GitLab Code Quality report (a JSON array of
 * `{description, check_name, fingerprint, severity, location: {path, lines: {begin}}}`,
 * the `artifacts:reports:codequality` file). Paths are relative to the working
 * directory, which is the repository root in both CI systems.
 */
import { createHash } from 'node:crypto';
import { relative, sep } from 'node:path';
import type { Finding, Severity } from './serverFolder.js';

export function repoPath(file: string, cwd = process.cwd()): string {
  return relative(cwd, file).split(sep).join('/');
}

// Workflow command escaping, as the Actions toolkit does it (`@actions/core` issueCommand).
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function githubAnnotation(f: Finding, cwd?: string): string {
  const props = [`file=${escapeProperty(repoPath(f.file, cwd))}`, `line=${f.line}`, `col=${f.col}`, `title=${escapeProperty(`toolshed ${f.check}`)}`].join(',');
  return `::${f.severity} ${props}::${escapeData(f.message)}`;
}

const GITLAB_SEVERITY: Record<Severity, 'info' | 'minor' | 'major' | 'critical' | 'blocker'> = { notice: 'info', warning: 'minor', error: 'major' };

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  location: { path: string; lines: { begin: number } };
}

export function gitlabReport(findings: readonly Finding[], cwd?: string): CodeQualityIssue[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const path = repoPath(f.file, cwd);
    // Stable across runs (no line: an edit above does not make it a new issue), unique within the report.
    const base = `${path}\0${f.check}\0${f.message}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return {
      description: f.message,
      check_name: `toolshed-${f.check}`,
      fingerprint: createHash('sha256').update(`${base}\0${n}`).digest('hex').slice(0, 32),
      severity: GITLAB_SEVERITY[f.severity],
      location: { path, lines: { begin: f.line } },
    };
  });
}

/** `path:line:col: severity [check] message`, for people reading the log. */
export function findingLine(f: Finding, cwd?: string): string {
  return `${repoPath(f.file, cwd)}:${f.line}:${f.col}: ${f.severity} [${f.check}] ${f.message.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')}`;
}
