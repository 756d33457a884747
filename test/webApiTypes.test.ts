/**
 * web/src/api/openapi.ts, the web UI's types of the server's API, is what openapi-typescript
 * renders from the served `/openapi.json` (`npm run gen:web-types` rewrites it): a route or
 * response schema changed without regenerating fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderWebApiTypes, WEB_API_TYPES } from '../scripts/renderWebApiTypes.js';

describe('web/src/api/openapi.ts', () => {
  it('is current (run `npm run gen:web-types`)', async () => {
    const rendered = await renderWebApiTypes();
    expect(rendered).toContain("'/api/admin/gateway/usage'");
    expect(readFileSync(WEB_API_TYPES, 'utf8')).toBe(rendered);
  });
});
