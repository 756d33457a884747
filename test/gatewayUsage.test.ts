/**
 * Gateway usage (`GET /api/admin/gateway/usage`) on both databases, from audit rows
 * written straight into `gateway_calls`: calls per UTC day by server (day
 * boundaries exact, the servers beyond the busiest ten folded into `server: null`,
 * calls outside the window left out), the top tools, the calls by outcome and the
 * totals, exactly; the server filter; the default 30-day window; and bad windows
 * refused with problem+json. (401/403 are covered by the route table test.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowMicros } from '../src/store/index.js';
import { ALPHA, BETA, EXPECTED_USAGE, seedGatewayCalls, USAGE_SINCE, USAGE_UNTIL } from './support/seedGatewayCalls.js';
import { DATABASES, unavailable } from './support/testDatabases.js';
import { AUTH, testToolshed, type TestToolshed } from './support/testToolshed.js';

describe.each(DATABASES)('gateway usage on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let t: TestToolshed;
    const usage = (query: string) => t.app.inject({ method: 'GET', url: `/api/admin/gateway/usage?${query}`, headers: AUTH });
    const window = `since=${encodeURIComponent(USAGE_SINCE)}&until=${encodeURIComponent(USAGE_UNTIL)}`;

    beforeAll(async () => {
      t = await testToolshed(kind);
      await seedGatewayCalls(t.store);
    });
    afterAll(async () => {
      await t?.destroy();
    });

    it('aggregates calls per day by server, top tools and outcomes over the window, exactly', async () => {
      const res = await usage(window);
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.json()).toEqual({ since: USAGE_SINCE, until: USAGE_UNTIL, ...EXPECTED_USAGE });
    });

    it('narrows every part to one server', async () => {
      const res = await usage(`${window}&server=${encodeURIComponent(BETA)}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.days).toEqual([{ day: '2024-03-02', server: BETA, calls: 4 }]);
      expect(body.servers).toEqual([{ server: BETA, calls: 4 }]);
      expect(body.topTools).toEqual([
        { server: BETA, tool: 'search', calls: 3 },
        { server: BETA, tool: 'slow', calls: 1 },
      ]);
      expect(body.totals).toEqual({ calls: 4, ok: 2, errors: 1, denied: 0, rateLimited: 1 });
      const none = (await usage(`${window}&server=com.acme%2Fnone`)).json();
      expect(none).toMatchObject({ days: [], servers: [], topTools: [], outcomes: [], totals: { calls: 0 } });
    });

    it('counts the last 30 days by default', async () => {
      const day = 86_400_000_000;
      const now = nowMicros();
      const { insertGatewayCalls } = await import('../src/store/index.js');
      const row = (at: number) => ({
        at,
        principal_id: 'admin',
        principal_label: 'admin',
        principal_via: 'admin-token',
        server: 'com.acme/recent',
        method: 'tools/call',
        target: 'now',
        outcome: 'ok' as const,
        duration_us: 1,
        request_bytes: 1,
        response_bytes: 1,
      });
      await insertGatewayCalls({ tx: t.store.db, rows: [row(now - day), row(now - day), row(now - 31 * day)] });
      const res = await usage('');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.totals.calls).toBe(2);
      expect(body.topTools).toEqual([{ server: 'com.acme/recent', tool: 'now', calls: 2 }]);
      expect(body.days).toEqual([{ day: new Date(Math.floor((now - day) / day) * 86_400_000).toISOString().slice(0, 10), server: 'com.acme/recent', calls: 2 }]);
      expect(Date.parse(body.until) - Date.parse(body.since)).toBe(30 * 86_400_000);
    });

    it('refuses bad windows with problem+json saying what to fix', async () => {
      for (const [query, status, words] of [
        ['since=yesterday', 400, 'RFC 3339'],
        ['until=2024-13-01T00:00:00Z', 400, 'RFC 3339'],
        ['since=2024-03-02T00:00:00Z&until=2024-03-01T00:00:00Z', 400, 'since must be at or before until'],
        ['since=2022-01-01T00:00:00Z&until=2024-01-01T00:00:00Z', 400, 'at most 366 days'],
        ['server=', 422, 'server'],
      ] as const) {
        const res = await usage(query);
        expect(res.statusCode, query).toBe(status);
        expect(res.headers['content-type'], query).toContain('application/problem+json');
        expect(JSON.stringify(res.json()), query).toContain(words);
      }
      expect((await usage(`server=${encodeURIComponent(ALPHA)}&since=2024-03-01T00:00:00Z&until=2025-03-01T00:00:00Z`)).statusCode).toBe(200);
    });
  });
});
