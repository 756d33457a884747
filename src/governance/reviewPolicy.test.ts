import { describe, expect, it } from 'vitest';
import { approvalOf, parsePolicy } from './reviewPolicy.js';

const submission = { name: 'io.example/weather', subject: 'federation:official', groups: [], checksPass: true, toolsUnchanged: false, trust: null } as const;

describe('approval rules with a trust level', () => {
  it('parses a list of levels and refuses anything else, naming the rule', () => {
    expect(parsePolicy({ rules: [{ trust: ['verified', 'verified', 'internal'], when: 'checks-pass' }] }).rules).toEqual([{ trust: ['verified', 'internal'], when: 'checks-pass' }]);
    for (const trust of [[], ['trusted'], 'verified', [1]]) {
      expect(() => parsePolicy({ rules: [{ trust, when: 'checks-pass' }] })).toThrow(expect.objectContaining({ errors: [expect.objectContaining({ location: 'body.rules[0].trust' })] }));
    }
  });

  it('approves only when the trust in force is one of the levels, and never past a failing check', () => {
    const policy = parsePolicy({ rules: [{ trust: ['verified'], when: 'checks-pass' }] });
    expect(approvalOf(policy, submission)).toEqual({ approve: false });
    expect(approvalOf(policy, { ...submission, trust: 'community' })).toEqual({ approve: false });
    expect(approvalOf(policy, { ...submission, trust: 'verified' })).toMatchObject({ approve: true, rule: expect.stringContaining('verified') });
    expect(approvalOf(policy, { ...submission, trust: 'verified', checksPass: false })).toEqual({ approve: false });
  });
});
