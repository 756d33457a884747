// remoteUrlIssues: a remote URL with whitespace, a control or an invisible character is refused, naming the code point; a plain or templated one is not.
import { describe, expect, it } from 'vitest';
import { remoteUrlIssues } from './remoteUrlIssues.js';
import { safetyIssues } from './safetyIssues.js';

const doc = (...urls: string[]) => ({ name: 'com.example/x', remotes: urls.map((url) => ({ type: 'streamable-http', url })) });

describe('remoteUrlIssues', () => {
  it.each(['00A0', '2028', '200B', '202E', '0009', '3000', 'FEFF'])('refuses U+%s anywhere in a remote URL', (code) => {
    const ch = String.fromCodePoint(parseInt(code, 16));
    const issues = remoteUrlIssues(doc('https://ok.example.com/mcp', `https://x.example.com/m${ch}cp`));
    expect(issues).toEqual([expect.objectContaining({ path: 'remotes[1].url', reference: 'remote-url-invisible', severity: 'error' })]);
    expect(issues[0]!.message).toContain(`U+${code} at offset 23`);
  });

  it('accepts plain and templated URLs, and documents without remotes', () => {
    expect(remoteUrlIssues(doc('https://x.example.com/mcp', 'https://{tenant}.example.com/mcp?a=b'))).toEqual([]);
    expect(remoteUrlIssues({ name: 'com.example/x' })).toEqual([]);
    expect(remoteUrlIssues(null)).toEqual([]);
  });

  it('is one of the safety issues, so mirrored and imported documents are refused too', () => {
    expect(safetyIssues(doc('https://x.example.com/mcp\u00a0'))).toEqual([expect.objectContaining({ reference: 'remote-url-invisible' })]);
  });
});
