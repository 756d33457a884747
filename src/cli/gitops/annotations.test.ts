/**
 * Findings as CI shows them: GitHub workflow commands escape what would end the
 * command or split a property (`%`, newlines, `:` and `,` in properties), and the
 * GitLab Code Quality issues carry the path relative to the repository, the line,
 * a severity on GitLab's scale and fingerprints unique within the report and
 * stable when a line moves.
 */
import { describe, expect, it } from 'vitest';
import { githubAnnotation, gitlabReport } from './annotations.js';
import type { Finding } from './serverFolder.js';

const finding = (over: Partial<Finding> = {}): Finding => ({ severity: 'error', check: 'schema', file: '/repo/servers/a,b/server.json', line: 3, col: 5, message: 'bad: 100%\nnext', ...over });

describe('githubAnnotation', () => {
  it('escapes the message and the properties', () => {
    expect(githubAnnotation(finding(), '/repo')).toBe('::error file=servers/a%2Cb/server.json,line=3,col=5,title=toolshed schema::bad: 100%25%0Anext');
    expect(githubAnnotation(finding({ severity: 'notice', check: 'namespace' }), '/repo')).toMatch(/^::notice file=/);
  });
});

describe('gitlabReport', () => {
  it('writes Code Quality issues with unique, line-independent fingerprints', () => {
    const report = gitlabReport([finding(), finding({ line: 9 }), finding({ severity: 'warning', message: 'other' })], '/repo');
    expect(report[0]).toEqual({
      description: 'bad: 100%\nnext',
      check_name: 'toolshed-schema',
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: 'major',
      location: { path: 'servers/a,b/server.json', lines: { begin: 3 } },
    });
    expect(report[2]!.severity).toBe('minor');
    expect(new Set(report.map((r) => r.fingerprint)).size).toBe(3);
    const moved = gitlabReport([finding({ line: 40 })], '/repo');
    expect(moved[0]!.fingerprint).toBe(report[0]!.fingerprint);
  });
});
