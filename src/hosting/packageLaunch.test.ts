import { describe, expect, it } from 'vitest';
import type { Package } from '../catalog/index.js';
import { packageLaunch } from './packageLaunch.js';

const pkg = (environmentVariables: Package['environmentVariables']): Package => ({ registryType: 'npm', identifier: 'x', version: '1.0.0', transport: { type: 'stdio' }, environmentVariables });

describe('packageLaunch', () => {
  it('fills the environment from the values given, else the fixed value', () => {
    const launch = packageLaunch(
      pkg([
        { name: 'API_KEY', isSecret: true },
        { name: 'MODE', value: 'fast' },
      ]),
      ['node', '/pkg/a.js'],
      new Map([['API_KEY', 'k-1']]),
    );
    expect(launch).toEqual({ ok: true, argv: ['node', '/pkg/a.js'], env: { API_KEY: 'k-1', MODE: 'fast' }, secrets: ['k-1'] });
  });

  it('refuses a variable that steers the dynamic loader, and a name no process can be given', () => {
    const preload = packageLaunch(pkg([{ name: 'LD_PRELOAD', value: 'data/packages/npm/x/evil.so' }]), ['node'], new Map());
    expect(preload).toEqual({ ok: false, reason: expect.stringContaining('LD_PRELOAD steers the dynamic loader') });
    const odd = packageLaunch(pkg([{ name: 'A=B', value: 'x' }]), ['node'], new Map());
    expect(odd).toEqual({ ok: false, reason: expect.stringContaining('is not a name a process can be given') });
  });
});
