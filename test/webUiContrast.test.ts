/**
 * The web UI's colour palette (web/src/styles.css), light and dark: every text colour on the
 * backgrounds it is used on meets WCAG AA (4.5:1), and the focus ring stands out
 * from the page (3:1, non-text contrast).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('../web/src/styles.css', import.meta.url), 'utf8');

function palette(block: string): Record<string, string> {
  return Object.fromEntries([...block.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!.toLowerCase()]));
}

const light = palette(css.slice(css.indexOf(':root {'), css.indexOf('@media (prefers-color-scheme: dark)')));
const darkStart = css.indexOf('@media (prefers-color-scheme: dark)');
const dark = palette(css.slice(darkStart, css.indexOf('}\n}', darkStart)));

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

const TEXT_PAIRS: Array<[string, string]> = [
  ['text', 'bg'],
  ['text', 'surface'],
  ['muted', 'bg'],
  ['muted', 'surface'],
  ['link', 'bg'],
  ['link', 'surface'],
  ['accent-text', 'accent'],
  ['ok-text', 'ok-bg'],
  ['warn-text', 'warn-bg'],
  ['bad-text', 'bad-bg'],
  ['info-text', 'info-bg'],
  ['tag-text', 'tag-bg'],
  ['link', 'info-bg'],
  ['warn-text', 'bg'],
  ['bad-text', 'bg'],
];

describe.each([
  ['light', light],
  ['dark', dark],
] as const)('the %s palette', (_name, colours) => {
  it('defines every colour the pairs use', () => {
    for (const [fg, bg] of TEXT_PAIRS) {
      expect(colours[fg], fg).toMatch(/^#[0-9a-f]{6}$/);
      expect(colours[bg], bg).toMatch(/^#[0-9a-f]{6}$/);
    }
  });

  it('gives text at least 4.5:1 against its background', () => {
    const failing = TEXT_PAIRS.map(([fg, bg]) => [`${fg} on ${bg}`, contrast(colours[fg]!, colours[bg]!)] as const).filter(([, ratio]) => ratio < 4.5);
    expect(failing).toEqual([]);
  });

  it('makes the focus ring stand out from the page (3:1)', () => {
    expect(contrast(colours.focus!, colours.bg!)).toBeGreaterThanOrEqual(3);
    expect(contrast(colours.focus!, colours.surface!)).toBeGreaterThanOrEqual(3);
  });
});

describe('contrast', () => {
  it('computes the WCAG ratio', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});
