/**
 * docs/configuration.md is what the config schema renders: every setting of
 * src/config.ts has a description (src/schemas/settingDescriptions.ts), and the
 * page on disk is the current rendering (`npm run docs:config` rewrites it).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../src/config.js';
import { CONFIG_DOC, renderConfigDoc, undescribedSettings } from '../scripts/renderConfigDoc.js';

describe('docs/configuration.md', () => {
  it('describes every setting of the config schema, and nothing that is not one', () => {
    expect(undescribedSettings(), 'settings without a description in src/schemas/settingDescriptions.ts').toEqual([]);
    const rendered = renderConfigDoc();
    for (const key of Object.keys(configSchema.shape)) expect(rendered).toContain(`| \`${key}\` |`);
  });

  it('is current (run `npm run docs:config`)', () => {
    expect(readFileSync(CONFIG_DOC, 'utf8')).toBe(renderConfigDoc());
  });
});
