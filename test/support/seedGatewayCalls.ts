/**
 * A fixed set of gateway audit rows in March 2024 (two busy servers and eleven
 * quiet ones, every outcome, day-boundary and out-of-window calls), written
 * straight into `gateway_calls`, with the usage the window 2024-03-01 … 2024-03-10
 * must report. Shared by the usage API test and the console's browser test.
 */
import type { Insertable } from 'kysely';
import { insertGatewayCalls, type Store } from '../../src/store/index.js';
import type { GatewayCallsTable } from '../../src/store/schema.js';

export const USAGE_SINCE = '2024-03-01T00:00:00Z';
export const USAGE_UNTIL = '2024-03-10T23:59:59Z';
export const ALPHA = 'com.acme/alpha';
export const BETA = 'com.acme/beta';
export const FILLERS = Array.from({ length: 11 }, (_, i) => `com.filler/s${String(i + 1).padStart(2, '0')}`);

const micros = (iso: string) => Date.parse(iso) * 1000;

type Seed = [at: string, server: string, method: string, target: string | null, outcome: GatewayCallsTable['outcome'], user?: string];

export const SEEDS: Seed[] = [
  // alpha, 1 March: the first and last microsecond of the day are the same day.
  ['2024-03-01T00:00:00Z', ALPHA, 'tools/call', 'search', 'ok', 'ann@example.com'],
  ['2024-03-01T10:00:00Z', ALPHA, 'tools/call', 'search', 'ok', 'ann@example.com'],
  ['2024-03-01T11:00:00Z', ALPHA, 'tools/call', 'search', 'error', 'bob@example.com'],
  ['2024-03-01T23:59:59.999999Z', ALPHA, 'tools/call', 'search', 'ok', 'bob@example.com'],
  // alpha, 2 March
  ['2024-03-02T00:00:00Z', ALPHA, 'tools/call', 'fetch', 'denied', 'bob@example.com'],
  ['2024-03-02T01:00:00Z', ALPHA, 'tools/call', 'fetch', 'denied', 'bob@example.com'],
  ['2024-03-02T02:00:00Z', ALPHA, 'tools/list', null, 'ok', 'ann@example.com'],
  // beta, 2 March
  ['2024-03-02T03:00:00Z', BETA, 'tools/call', 'search', 'ok', 'ann@example.com'],
  ['2024-03-02T04:00:00Z', BETA, 'tools/call', 'search', 'ok', 'ann@example.com'],
  ['2024-03-02T05:00:00Z', BETA, 'tools/call', 'search', 'rate_limited', 'ann@example.com'],
  ['2024-03-02T06:00:00Z', BETA, 'tools/call', 'slow', 'timeout', 'ann@example.com'],
  // eleven quiet servers, one initialize each on 3 March
  ...FILLERS.map((server, i): Seed => [`2024-03-03T0${Math.floor(i / 6)}:${String(i * 5).padStart(2, '0')}:00Z`, server, 'initialize', null, 'ok']),
  // outside the window on both sides
  ['2024-02-29T23:59:59.999999Z', ALPHA, 'tools/call', 'search', 'error'],
  ['2024-03-11T00:00:00Z', ALPHA, 'tools/call', 'search', 'error'],
];

/** What GET /api/admin/gateway/usage?since=USAGE_SINCE&until=USAGE_UNTIL answers. */
export const EXPECTED_USAGE = {
  days: [
    { day: '2024-03-01', server: ALPHA, calls: 4 },
    { day: '2024-03-02', server: ALPHA, calls: 3 },
    { day: '2024-03-02', server: BETA, calls: 4 },
    ...FILLERS.slice(0, 8).map((server) => ({ day: '2024-03-03', server, calls: 1 })),
    { day: '2024-03-03', server: null, calls: 3 },
  ],
  servers: [{ server: ALPHA, calls: 7 }, { server: BETA, calls: 4 }, ...FILLERS.slice(0, 8).map((server) => ({ server, calls: 1 }))],
  topTools: [
    { server: ALPHA, tool: 'search', calls: 4 },
    { server: BETA, tool: 'search', calls: 3 },
    { server: ALPHA, tool: 'fetch', calls: 2 },
    { server: BETA, tool: 'slow', calls: 1 },
  ],
  outcomes: [
    { outcome: 'ok', calls: 17 },
    { outcome: 'denied', calls: 2 },
    { outcome: 'error', calls: 1 },
    { outcome: 'rate_limited', calls: 1 },
    { outcome: 'timeout', calls: 1 },
  ],
  totals: { calls: 22, ok: 17, errors: 2, denied: 2, rateLimited: 1 },
};

export function seedRow([at, server, method, target, outcome, user = 'admin']: Seed): Insertable<GatewayCallsTable> {
  return {
    at: micros(at),
    principal_id: user === 'admin' ? 'admin' : `usr_${user.split('@')[0]}`,
    principal_label: user,
    principal_via: user === 'admin' ? 'admin-token' : 'api-token',
    server,
    method,
    target,
    outcome,
    error_code: outcome === 'ok' ? null : -32000,
    error_message: outcome === 'ok' ? null : `${outcome} (seeded)`,
    duration_us: 1500,
    request_bytes: 120,
    response_bytes: outcome === 'ok' ? 480 : 90,
  };
}

export async function seedGatewayCalls(store: Store, seeds: Seed[] = SEEDS): Promise<void> {
  await insertGatewayCalls({ tx: store.db, rows: seeds.map(seedRow) });
}
