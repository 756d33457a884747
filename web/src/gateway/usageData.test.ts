/** The usage answer shaped for charts: zero-filled days per server with the folded servers last, outcome shares, and the rates in words. */
import { describe, expect, it } from 'vitest';
import { dailySeries, OTHER_SERVERS, outcomeShares, percent, ratesSummary } from './usageData.js';
import { callsQuery, usageQuery } from './gatewayApi.js';
import { dayBound } from '../ui/dayBound.js';

describe('dailySeries', () => {
  it('gives every day of the window a row, with a column per server and the others last', () => {
    const { series, rows } = dailySeries({
      since: '2024-03-01T00:00:00Z',
      until: '2024-03-03T23:59:59.999999Z',
      servers: [
        { server: 'a/b', calls: 5 },
        { server: 'c/d', calls: 1 },
      ],
      days: [
        { day: '2024-03-01', server: 'a/b', calls: 5 },
        { day: '2024-03-03', server: 'c/d', calls: 1 },
        { day: '2024-03-03', server: null, calls: 2 },
      ],
    });
    expect(series).toEqual(['a/b', 'c/d', OTHER_SERVERS]);
    expect(rows).toEqual([
      { day: '2024-03-01', 'a/b': 5, 'c/d': 0, [OTHER_SERVERS]: 0 },
      { day: '2024-03-02', 'a/b': 0, 'c/d': 0, [OTHER_SERVERS]: 0 },
      { day: '2024-03-03', 'a/b': 0, 'c/d': 1, [OTHER_SERVERS]: 2 },
    ]);
  });
});

describe('outcome shares and rates', () => {
  const totals = { calls: 8, ok: 5, errors: 1, denied: 2, rateLimited: 0 };
  it('gives each outcome its share of all calls', () => {
    expect(
      outcomeShares({
        totals,
        outcomes: [
          { outcome: 'ok', calls: 5 },
          { outcome: 'denied', calls: 2 },
          { outcome: 'timeout', calls: 1 },
        ],
      }),
    ).toEqual([
      { outcome: 'ok', label: 'OK', calls: 5, share: '62.5%' },
      { outcome: 'denied', label: 'Denied', calls: 2, share: '25%' },
      { outcome: 'timeout', label: 'Timed out', calls: 1, share: '12.5%' },
    ]);
  });
  it('says the rates in words, and nothing of an empty window', () => {
    expect(ratesSummary(totals)).toBe('8 calls: error rate 12.5% (1 error or timeout), denial rate 25% (2 denied), 0% rate limited.');
    expect(ratesSummary({ calls: 0, ok: 0, errors: 0, denied: 0, rateLimited: 0 })).toBe('No calls in this window.');
    expect(percent(1, 3)).toBe('33.3%');
  });
});

describe('queries', () => {
  it('turns the address bar filters into the API query, days as UTC bounds', () => {
    expect(dayBound('2024-03-01', true)).toBe('2024-03-01T23:59:59.999999Z');
    expect(dayBound('yesterday', false)).toBeUndefined();
    expect(callsQuery({ user: ' ann@example.com ', outcome: 'denied', since: '2024-03-01', until: '2024-03-02', tool: '' })).toBe(
      'user=ann%40example.com&outcome=denied&since=2024-03-01T00%3A00%3A00Z&until=2024-03-02T23%3A59%3A59.999999Z',
    );
    expect(usageQuery({ server: 'a/b' })).toBe('server=a%2Fb');
  });
});
