/**
 * The governance journey of issue #21 ("Real tests"), end to end on each database,
 * with one Toolshed per database (on PostgreSQL two replicas sharing it, as behind a
 * load balancer; SQLite is one process by design, so there the block reaches the one
 * live session): a publisher publishes through the registry API with her own token,
 * and a second team onboards through `npx toolshed validate` and `npx toolshed apply`
 * from a real git repository -> the automated checks probe real SDK MCP servers ->
 * the publisher may not approve her own version (four-eyes); another reviewer approves
 * -> an employee connects through the gateway with a real MCP client and calls a tool
 * -> a new version whose tool description changed waits for review, and meanwhile the
 * employee keeps the approved version (tools/list, `version=latest`) -> approved, the
 * new description -> a report -> a moderator blocks -> the employee's live sessions are
 * refused at their next message on every replica -> auto-approval rules (tools
 * unchanged; a namespace published by a group) approve the team's next merges at once.
 * Each step is asserted on what a client sees and on the registry audit log.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../src/config.js';
import type { Toolshed } from '../src/createToolshed.js';
import { SERVER_BLOCKED } from '../src/gateway/index.js';
import { GOVERNANCE_META_KEY } from '../src/schemas/governance.js';
import { personWithToken } from './support/people.js';
import { startReplicaPair } from './support/replicaPair.js';
import { runToolshed, type ToolshedRun } from './support/runToolshed.js';
import { CURRENT_SCHEMA, remoteDoc } from './support/serverDocs.js';
import { DATABASES, unavailable, type DatabaseKind } from './support/testDatabases.js';
import { AUTH, testToolshed } from './support/testToolshed.js';
import { startToolServer, type ToolServer } from './support/toolServer.js';

const JOURNEY = 'io.acme/journey';
const WEATHER = 'com.example/weather';
const FORECAST = 'com.example/forecast';
const enc = encodeURIComponent;
type Person = Awaited<ReturnType<typeof personWithToken>>;
interface RegistryEvent {
  action: string;
  version: string;
  actor: { subject: string; method: string };
  newValue: Record<string, unknown>;
}

/** One Toolshed per database: on PostgreSQL two replicas of it, on SQLite one process. */
async function startToolsheds(kind: DatabaseKind): Promise<{ replicas: Toolshed[]; origins: string[]; close(): Promise<void> }> {
  const overrides: Partial<Config> = {
    outboundAllow: ['127.0.0.0/8'],
    outboundAllowHttp: true,
    // The SDK servers listen on plain http on loopback: internal remotes a publish may name.
    internalRemotes: loadConfig({ TOOLSHED_INTERNAL_REMOTES: 'http://127.0.0.1' }).internalRemotes,
    accessDefaultEffect: 'allow',
    reviewDefault: 'review',
    verifyPackages: [],
  };
  let replicas: Toolshed[];
  let close: () => Promise<void>;
  if (kind === 'postgres') {
    const pair = await startReplicaPair(overrides, { probeNewVersions: true });
    replicas = [pair.a, pair.b];
    close = () => pair.close();
  } else {
    const t = await testToolshed(kind, overrides, { probeNewVersions: true });
    replicas = [t];
    close = () => t.destroy();
  }
  for (const r of replicas) await r.app.listen({ port: 0, host: '127.0.0.1' });
  return { replicas, origins: replicas.map((r) => `http://127.0.0.1:${(r.app.server.address() as AddressInfo).port}`), close };
}

/** Polls until `done` holds, at most 1000 times 20 ms apart; fails naming what it waited for. */
async function until<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 1000; i++) {
    const value = await probe();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe.each(DATABASES)('the governance journey on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let replicas: Toolshed[];
    let origins: string[];
    let close: (() => Promise<void>) | undefined;
    let v1: ToolServer;
    let v2: ToolServer;
    let weather: ToolServer;
    let pia: Person; // publisher, also a reviewer: four-eyes applies to her
    let rex: Person; // reviewer and moderator
    let ed: Person; // employee
    let teamToken: string; // the weather team's CI: a service token in group weather-team
    let teamSubject: string;
    let repo: string;
    let cliData: string;
    const live: Client[] = [];

    async function call(method: string, path: string, headers: Record<string, string> = {}, body?: unknown, origin = origins[0]) {
      const res = await fetch(`${origin}${path}`, {
        method,
        headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as any) : undefined };
    }
    const review = (name: string, version: string) => call('GET', `/api/reviews/${enc(name)}/${enc(version)}`, rex.headers);
    /** The review once its automated checks are done. */
    async function checked(name: string, version: string): Promise<any> {
      await replicas[0]!.inventory.idle();
      const r = await until(
        `the checks of ${name}@${version}`,
        () => review(name, version),
        (r) => r.status !== 200 || !['submitted', 'checking'].includes(r.body.review.state),
      );
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body;
    }
    const decide = (name: string, version: string, who: Person, etag: string, reason: string) =>
      call('POST', `/api/reviews/${enc(name)}/${enc(version)}/approve`, { ...who.headers, 'if-match': etag }, { reason });
    const events = async (name: string): Promise<RegistryEvent[]> => (await call('GET', `/api/admin/registry-events?name=${enc(name)}&limit=100`, AUTH)).body.events;
    const latest = async (name: string, who: Person = ed) => {
      const res = await call('GET', `/v0.1/servers/${enc(name)}/versions/latest`, who.headers);
      return res.status === 200 ? (res.body.server.version as string) : res.status;
    };

    /** A client on the employee's gateway connection to the server, through replica `i`. */
    async function connect(name: string, i = 0): Promise<Client> {
      const res = await call('POST', '/api/me/connections', ed.headers, { server: name, label: `journey ${i}` });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const client = new Client({ name: `journey-${i}`, version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${origins[i]}/mcp/${res.body.connection.id}`), { requestInit: { headers: ed.headers } }));
      return client;
    }
    async function toolsSeen(name: string): Promise<Record<string, string | undefined>> {
      const client = await connect(name);
      try {
        return Object.fromEntries((await client.listTools()).tools.map((tool) => [tool.name, tool.description]));
      } finally {
        await client.close();
      }
    }

    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Weather team', '-c', 'user.email=weather@example.com', ...args], { cwd: repo, stdio: 'pipe' });
    function commit(folder: string, files: Record<string, string>, message: string): void {
      mkdirSync(join(repo, 'servers', folder), { recursive: true });
      for (const [file, text] of Object.entries(files)) writeFileSync(join(repo, 'servers', folder, file), text);
      git('add', '-A');
      git('commit', '-q', '-m', message);
    }
    const serverJson = (name: string, version: string, url: string, description: string) =>
      `${JSON.stringify({ $schema: CURRENT_SCHEMA, name, description, version, remotes: [{ type: 'streamable-http', url }] }, null, 2)}\n`;
    const TEAM_YAML = 'owners:\n  - group: weather-team\nsupportContact: https://example.com/weather/support\n';
    const toolshed = (args: string[]): Promise<ToolshedRun> =>
      runToolshed(args, {
        cwd: repo,
        home: cliData,
        env: {
          TOOLSHED_URL: origins[0]!,
          TOOLSHED_TOKEN: teamToken,
          TOOLSHED_INTERNAL_REMOTES: 'http://127.0.0.1',
          TOOLSHED_OUTBOUND_ALLOW: '127.0.0.1',
          TOOLSHED_OUTBOUND_ALLOW_HTTP: 'true',
          TOOLSHED_DATA_DIR: join(cliData, 'data'),
        },
      });

    beforeAll(async () => {
      [v1, v2, weather] = await Promise.all([
        startToolServer({ lookup: 'Look up a record by id' }),
        startToolServer({ lookup: 'Look up a record by id, and mail it to the admin' }),
        startToolServer({ forecast: 'The forecast for a city' }),
      ]);
      ({ replicas, origins, close } = await startToolsheds(kind));
      const [t] = replicas as [Toolshed];
      await t.store.db.insertInto('access_groups').values({ name: 'weather-team', description: null, created_at: 1, created_by: 'test' }).execute();
      pia = await personWithToken(t, 'pia', ['admin'], { roles: ['publisher', 'reviewer'] });
      rex = await personWithToken(t, 'rex', ['admin'], { roles: ['reviewer'] });
      ed = await personWithToken(t, 'ed', ['admin']);
      // GitOps apply needs catalog.publish and the access-rule permissions: the team's CI holds a service token.
      const service = await t.apiTokens.createService({ name: 'weather team CI', roles: ['admin'], scopes: ['admin'], groups: ['weather-team'] }, 'test');
      teamToken = service.secret;
      repo = mkdtempSync(join(tmpdir(), 'toolshed-journey-repo-'));
      cliData = mkdtempSync(join(tmpdir(), 'toolshed-journey-cli-'));
      git('init', '-q', '-b', 'main');
      const me = await call('GET', '/api/me', { authorization: `Bearer ${teamToken}` });
      teamSubject = String(me.body.id);
    }, 120_000);
    afterAll(async () => {
      for (const client of live) await client.close().catch(() => undefined);
      await close?.();
      await Promise.all([v1?.close(), v2?.close(), weather?.close()]);
      for (const dir of [repo, cliData]) if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('a publisher publishes; the checks probe the real server; she may not approve her own version', async () => {
      const published = await call('POST', '/v0.1/publish', pia.headers, remoteDoc(JOURNEY, '1.0.0', v1.url));
      expect(published.status, JSON.stringify(published.body)).toBe(200);
      expect(published.body._meta['io.modelcontextprotocol.registry/official'].status).toBe('active');
      expect(published.body._meta[GOVERNANCE_META_KEY].reviewState).toBe('checking');

      const item = await checked(JOURNEY, '1.0.0');
      expect(item.review.state).toBe('in_review');
      expect(item.review.submittedBy).toBe('pia@example.com');
      expect(Object.fromEntries(item.review.checks.map((c: { name: string; outcome: string }) => [c.name, c.outcome]))).toMatchObject({ schema: 'pass', probe: 'pass', scan: 'pass' });
      // Not yet for employees, nor anonymous readers, nor the gateway.
      expect(await latest(JOURNEY)).toBe(404);
      expect((await call('GET', `/v0.1/servers/${enc(JOURNEY)}/versions/latest`)).status).toBe(404);
      expect((await call('POST', '/api/me/connections', ed.headers, { server: JOURNEY, label: 'too early' })).status).toBe(404);

      // Four-eyes: pia holds catalog.approve, but not for what she submitted.
      const own = await decide(JOURNEY, '1.0.0', pia, item.review.etag, 'mine is fine');
      expect(own.status).toBe(403);
      expect(own.body.code).toBe('GOVERNANCE_SELF_APPROVAL');
      expect((await review(JOURNEY, '1.0.0')).body.review.state).toBe('in_review');
      const audit = await events(JOURNEY);
      for (const action of ['publish', 'submit']) {
        expect(audit).toContainEqual(expect.objectContaining({ action, version: '1.0.0', actor: expect.objectContaining({ subject: 'pia@example.com' }) }));
      }
      expect(audit.filter((e) => e.action === 'approve')).toEqual([]);
    });

    it('a second team onboards through validate and apply from its git repository', async () => {
      commit('weather', { 'server.json': serverJson(WEATHER, '1.0.0', weather.url, 'Weather forecasts'), 'toolshed.yaml': TEAM_YAML }, 'onboard weather');
      const validated = await toolshed(['validate', 'servers']);
      expect(validated.status, validated.stdout + validated.stderr).toBe(0);
      expect(validated.stdout).toContain(`✓ probe: ${weather.url} answered (1 tool)`);
      const preview = await toolshed(['apply', 'servers', '--dry-run']);
      expect(preview.status, preview.stderr).toBe(0);
      expect(preview.stdout).toContain('  + publish 1.0.0');
      expect((await review(WEATHER, '1.0.0')).status).toBe(404);

      const applied = await toolshed(['apply', 'servers']);
      expect(applied.status, applied.stdout + applied.stderr).toBe(0);
      expect(applied.stdout).toContain(`${WEATHER}@1.0.0: published`);
      // A merge is a submission: the same checks, then a person.
      const item = await checked(WEATHER, '1.0.0');
      expect(item.review.state).toBe('in_review');
      expect(item.review.checks).toContainEqual(expect.objectContaining({ name: 'probe', outcome: 'pass' }));
      expect(await latest(WEATHER)).toBe(404);
      const governance = await call('GET', `/api/servers/${enc(WEATHER)}/governance`, AUTH);
      expect(governance.body.owners).toEqual([{ kind: 'group', name: 'weather-team' }]);
      // Who onboarded it: the team's CI token, for the publish and for the owners it named.
      const audit = await events(WEATHER);
      for (const action of ['publish', 'submit', 'owners']) {
        expect(audit).toContainEqual(expect.objectContaining({ action, actor: expect.objectContaining({ subject: teamSubject }) }));
      }
    });

    it('another reviewer approves; an employee connects with a real MCP client and calls a tool', async () => {
      for (const name of [JOURNEY, WEATHER]) {
        const item = await checked(name, '1.0.0');
        const approved = await decide(name, '1.0.0', rex, item.review.etag, 'checked the upstream');
        expect(approved.status, JSON.stringify(approved.body)).toBe(200);
        expect(approved.body).toMatchObject({ state: 'approved', decidedBy: 'rex@example.com', reason: 'checked the upstream' });
      }
      expect(await latest(JOURNEY)).toBe('1.0.0');
      expect(await latest(WEATHER)).toBe('1.0.0');
      // The employee's live sessions, one per replica; they stay open for the block below.
      for (const i of origins.keys()) {
        const client = await connect(JOURNEY, i);
        live.push(client);
        expect((await client.listTools()).tools.map((tool) => [tool.name, tool.description])).toEqual([['lookup', 'Look up a record by id']]);
        expect((await client.callTool({ name: 'lookup', arguments: { text: `record ${i}` } })).content).toEqual([{ type: 'text', text: `record ${i}` }]);
      }
      expect(await toolsSeen(WEATHER)).toEqual({ forecast: 'The forecast for a city' });

      const audit = await events(JOURNEY);
      expect(audit).toContainEqual(expect.objectContaining({ action: 'publish', version: '1.0.0', actor: expect.objectContaining({ subject: 'pia@example.com' }) }));
      expect(audit).toContainEqual(
        expect.objectContaining({
          action: 'approve',
          version: '1.0.0',
          actor: expect.objectContaining({ subject: 'rex@example.com' }),
          newValue: expect.objectContaining({ reason: 'checked the upstream' }),
        }),
      );
      expect(audit.filter((e) => e.action === 'approve')).toHaveLength(1);
      expect(await events(WEATHER)).toContainEqual(expect.objectContaining({ action: 'approve', version: '1.0.0', actor: expect.objectContaining({ subject: 'rex@example.com' }) }));
    });

    it('a changed tool description waits for review, and meanwhile the employee keeps the approved version', async () => {
      const published = await call('POST', '/v0.1/publish', pia.headers, remoteDoc(JOURNEY, '1.1.0', v2.url));
      expect(published.status, JSON.stringify(published.body)).toBe(200);
      const item = await checked(JOURNEY, '1.1.0');
      expect(item.review.state).toBe('in_review');
      expect(item.previousApprovedVersion).toBe('1.0.0');
      expect(item.toolDiff).toEqual([expect.objectContaining({ kind: 'tools', key: 'lookup', change: 'changed' })]);

      expect(await latest(JOURNEY)).toBe('1.0.0');
      const listed = await call('GET', `/v0.1/servers?search=${enc(JOURNEY)}&version=latest`, ed.headers);
      expect(listed.body.servers.map((s: { server: { version: string } }) => s.server.version)).toEqual(['1.0.0']);
      expect(await toolsSeen(JOURNEY)).toEqual({ lookup: 'Look up a record by id' });

      const approved = await decide(JOURNEY, '1.1.0', rex, item.review.etag, 'the admin mailbox is ours');
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      expect(await latest(JOURNEY)).toBe('1.1.0');
      expect(await toolsSeen(JOURNEY)).toEqual({ lookup: 'Look up a record by id, and mail it to the admin' });
      expect(await events(JOURNEY)).toContainEqual(
        expect.objectContaining({
          action: 'approve',
          version: '1.1.0',
          actor: expect.objectContaining({ subject: 'rex@example.com' }),
          newValue: expect.objectContaining({ reason: 'the admin mailbox is ours' }),
        }),
      );
    });

    it('a report, a block: the live sessions are refused at their next message on every replica', async () => {
      for (const [i, client] of live.entries()) {
        expect((await client.callTool({ name: 'lookup', arguments: { text: `still ${i}` } })).content).toEqual([{ type: 'text', text: `still ${i}` }]);
      }
      const filed = await call('POST', '/api/reports', ed.headers, { name: JOURNEY, kind: 'leaks-data', text: 'It mails every record to an admin' });
      expect(filed.status, JSON.stringify(filed.body)).toBe(201);
      // The moderator decides on the last replica; the sessions live on every one.
      const resolved = await call(
        'POST',
        `/api/reports/${filed.body.id}/resolve`,
        { ...rex.headers, 'if-match': filed.headers.get('etag')! },
        { action: 'block', reason: 'leaks records' },
        origins.at(-1),
      );
      expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
      for (const r of replicas) {
        await until(
          'the block on every replica',
          async () => r.governance.blocks.blocked(JOURNEY),
          (b) => b !== undefined,
        );
      }
      for (const client of live) {
        await expect(client.callTool({ name: 'lookup', arguments: { text: 'after' } })).rejects.toMatchObject({ code: SERVER_BLOCKED, message: expect.stringContaining('blocked') });
      }
      // People no longer discover a blocked server: a new connection to it is refused on every replica.
      for (const i of origins.keys()) await expect(connect(JOURNEY, i)).rejects.toThrow(/GATEWAY_SERVER_NOT_FOUND/);
      const audit = await events(JOURNEY);
      expect(audit).toContainEqual(
        expect.objectContaining({ action: 'report', actor: expect.objectContaining({ subject: 'ed@example.com' }), newValue: expect.objectContaining({ kind: 'leaks-data' }) }),
      );
      expect(audit).toContainEqual(
        expect.objectContaining({
          action: 'moderate',
          actor: expect.objectContaining({ subject: 'rex@example.com' }),
          newValue: expect.objectContaining({ action: 'block', reason: 'leaks records' }),
        }),
      );
      expect(audit).toContainEqual(
        expect.objectContaining({ action: 'block', actor: expect.objectContaining({ subject: 'rex@example.com' }), newValue: expect.objectContaining({ reason: 'leaks records' }) }),
      );
    });

    it('auto-approval rules approve the team’s next merges at once: tools unchanged, and its namespace', async () => {
      const path = '/api/admin/review-policy/local';
      const policy = { rules: [{ when: 'tools-unchanged' }, { namespace: 'com.example/*', publishedBy: { group: 'weather-team' }, when: 'checks-pass' }] };
      const current = await call('GET', path, rex.headers);
      const saved = await call('PUT', path, { ...rex.headers, 'if-match': current.body.etag }, policy);
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);

      // A new version whose tools equal the approved ones.
      commit('weather', { 'server.json': serverJson(WEATHER, '1.1.0', weather.url, 'Weather forecasts for every city') }, 'weather 1.1.0');
      expect((await toolshed(['apply', 'servers'])).status).toBe(0);
      const same = await checked(WEATHER, '1.1.0');
      expect(same.review).toMatchObject({ state: 'approved', decidedBy: 'toolshed' });
      expect(same.review.autoRule).toContain('tools-unchanged');
      expect(await latest(WEATHER)).toBe('1.1.0');

      // A new server in the team's namespace, published by the team's group.
      commit('forecast', { 'server.json': serverJson(FORECAST, '1.0.0', `${weather.url}?server=forecast`, 'City forecasts'), 'toolshed.yaml': TEAM_YAML }, 'onboard forecast');
      expect((await toolshed(['apply', 'servers'])).status).toBe(0);
      const grouped = await checked(FORECAST, '1.0.0');
      expect(grouped.review).toMatchObject({ state: 'approved', decidedBy: 'toolshed' });
      expect(grouped.review.autoRule).toContain('weather-team');
      expect(await toolsSeen(FORECAST)).toEqual({ forecast: 'The forecast for a city' });

      for (const [name, version, rule] of [
        [WEATHER, '1.1.0', 'tools-unchanged'],
        [FORECAST, '1.0.0', 'weather-team'],
      ] as const) {
        const approvals = (await events(name)).filter((e) => e.action === 'approve' && e.version === version);
        expect(approvals).toEqual([expect.objectContaining({ actor: expect.objectContaining({ subject: 'toolshed' }) })]);
        expect(JSON.stringify(approvals[0]!.newValue)).toContain(rule);
      }
      expect((await call('GET', '/api/admin/registry-events?action=policy', AUTH)).body.events).toContainEqual(
        expect.objectContaining({ actor: expect.objectContaining({ subject: 'rex@example.com' }) }),
      );
    });
  });
});
