/** The facts of a hosted instance as the console shows them (web/src/hosting/instanceFacts.ts). */
import { describe, expect, it } from 'vitest';
import { memoryLabel, ownerLabel, restartsLabel, stateLabel } from './instanceFacts.js';

describe('instanceFacts', () => {
  it('names the person of a per-person instance, and everyone for a shared one', () => {
    expect(ownerLabel('usr_alice')).toBe('usr_alice');
    expect(ownerLabel(null)).toBe('Everyone (shared)');
  });

  it('says each state in words, a crash with what happens next, and an unknown state as it is', () => {
    expect(stateLabel('running')).toBe('Running');
    expect(stateLabel('crashed')).toMatch(/^Crashed \(starts again on the next request/);
    expect(stateLabel('paused')).toBe('paused');
  });

  it('counts restarts in words', () => {
    expect([0, 1, 4].map(restartsLabel)).toEqual(['none', '1 restart', '4 restarts']);
  });

  it('shows memory in binary units, and a dash when it is not measured', () => {
    expect(memoryLabel(undefined)).toBe('—');
    expect(memoryLabel(100)).toBe('1 KiB');
    expect(memoryLabel(512 * 1024)).toBe('512 KiB');
    expect(memoryLabel(45 * 1024 * 1024 + 300 * 1024)).toBe('45.3 MiB');
    expect(memoryLabel(3 * 1024 * 1024 * 1024)).toBe('3.0 GiB');
  });
});
