import { describe, expect, it } from 'vitest';
import { CONSOLE_PAGES, mayOpen } from './consolePages.js';

const labelsFor = (permissions: string[]) => CONSOLE_PAGES.filter((p) => mayOpen(p, (x) => permissions.includes(x))).map((p) => p.label);

describe('console pages', () => {
  it('shows a reviewer the pages their permission opens, Needs attention included (its API admits catalog.approve)', () => {
    expect(labelsFor(['catalog.approve'])).toEqual(['Review queue', 'Needs attention']);
  });

  it('shows nothing to a person without console permissions, and Needs attention to an auditor', () => {
    expect(labelsFor([])).toEqual([]);
    expect(labelsFor(['audit.read'])).toContain('Needs attention');
  });
});
