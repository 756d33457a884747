/**
 * `apply DIR`: the difference between the server folders and a running Toolshed,
 * and the reconciliation through its HTTP API. Per server: publish the version
 * when the registry does not hold it (a submission: the review lifecycle decides
 * what needs a person), governance (governanceStep.ts), the drift action; then
 * the access rules of every folder merged into the rule set in one conditional
 * write (If-Match). A folder owns the rules whose id starts `gitops:NAME/`;
 * other rules are left where they are. Nothing that already matches is written,
 * so a second run changes nothing.
 */
import canonicalize from 'canonicalize';
import type { AccessRule } from '../../access/index.js';
import { call, expect2xx, type Connection } from '../accessCommands.js';
import { refusedError } from '../publisher/publisherError.js';
import { describeProblem, isObject } from '../publisher/registryClient.js';
import { rulePrefix, type CheckedFolder } from './checkServerFolder.js';
import { applyGovernance, planGovernance, readGovernance, requestTrust, trustRequestOf, type GovernancePlan } from './governanceStep.js';

export interface ServerPlan {
  name: string;
  version: string;
  publish: boolean;
  governance: GovernancePlan & { etag: string | undefined; unavailable?: string };
  drift: { from: string; to: string } | undefined;
  rules: { added: string[]; changed: string[]; removed: string[] };
  notes: string[];
}

export interface ApplyPlan {
  servers: ServerPlan[];
  rules: { next: AccessRule[]; etag: string | undefined; changed: boolean };
}

type Ready = CheckedFolder & { name: string; version: string; doc: Record<string, unknown>; settings: NonNullable<CheckedFolder['settings']> };

const enc = encodeURIComponent;
const same = (a: unknown, b: unknown) => canonicalize(a) === canonicalize(b);

async function publishedVersion(c: Connection, name: string, version: string): Promise<Record<string, unknown> | undefined> {
  const res = await call(c, 'GET', `/v0/servers/${enc(name)}/versions/${enc(version)}`);
  if (res.status === 404) return undefined;
  const body = expect2xx(`cannot read ${name}@${version}`, res);
  return isObject(body.server) ? body.server : {};
}

async function driftAction(c: Connection, name: string): Promise<string> {
  const res = await call(c, 'GET', `/api/admin/servers/${enc(name)}/pin`);
  if (res.status === 404) return 'default';
  const body = expect2xx(`cannot read the drift action of ${name}`, res);
  return typeof body.action === 'string' ? body.action : 'default';
}

function withoutMeta(doc: Record<string, unknown>): Record<string, unknown> {
  const { _meta: _ignored, ...rest } = doc;
  return rest;
}

/** The rule set with each folder's rules in place of the ones it owned (new ones at the end). */
function mergeRules(current: AccessRule[], folders: Ready[]): { next: AccessRule[]; perServer: Map<string, ServerPlan['rules']> } {
  let next = current.slice();
  const perServer = new Map<string, ServerPlan['rules']>();
  for (const f of folders) {
    const prefix = rulePrefix(f.name);
    const owned = next.filter((r) => r.id.startsWith(prefix));
    const before = new Map(owned.map((r) => [r.id, r]));
    const wanted = new Set(f.rules.map((r) => r.id));
    perServer.set(f.name, {
      added: f.rules.filter((r) => !before.has(r.id)).map((r) => r.id),
      changed: f.rules.filter((r) => before.has(r.id) && !same(before.get(r.id), r)).map((r) => r.id),
      removed: owned.filter((r) => !wanted.has(r.id)).map((r) => r.id),
    });
    const at = next.findIndex((r) => r.id.startsWith(prefix));
    const rest = next.filter((r) => !r.id.startsWith(prefix));
    const insertAt = at === -1 ? rest.length : next.slice(0, at).filter((r) => !r.id.startsWith(prefix)).length;
    next = [...rest.slice(0, insertAt), ...f.rules, ...rest.slice(insertAt)];
  }
  return { next, perServer };
}

export async function planApply(c: Connection, folders: Ready[], canApprove: boolean): Promise<ApplyPlan> {
  const rulesRes = await call(c, 'GET', '/api/admin/access/rules');
  const rulesBody = expect2xx('cannot read the access rules', rulesRes);
  const current = (Array.isArray(rulesBody.rules) ? rulesBody.rules : []) as AccessRule[];
  const { next, perServer } = mergeRules(current, folders);
  if (!same(current, next)) {
    // The server's own check of the merged set (unknown groups, …) before anything is written; a dry run shows it too.
    const simulated = await call(c, 'POST', '/api/admin/access/simulate', { rules: next });
    if (simulated.status === 422) throw refusedError(`the access rules would be refused: ${describeProblem(simulated)}`);
  }
  const servers: ServerPlan[] = [];
  for (const f of folders) {
    const notes: string[] = [];
    const published = await publishedVersion(c, f.name, f.version);
    if (published && !same(withoutMeta(published), withoutMeta(f.doc))) {
      notes.push(`${f.version} is already published with other content; versions are immutable: bump "version" to publish the change`);
    }
    const read = await readGovernance(c, f.name);
    const governance = read.available
      ? { ...planGovernance(read.current, f.settings, canApprove), etag: read.etag }
      : { patch: undefined, changes: [], notes: [], etag: undefined, unavailable: read.detail };
    const wantedDrift = f.settings.drift?.action;
    const currentDrift = wantedDrift === undefined ? undefined : await driftAction(c, f.name);
    servers.push({
      name: f.name,
      version: f.version,
      publish: !published,
      governance,
      drift: wantedDrift !== undefined && currentDrift !== wantedDrift ? { from: currentDrift ?? 'default', to: wantedDrift } : undefined,
      rules: perServer.get(f.name) ?? { added: [], changed: [], removed: [] },
      notes: [...notes, ...governance.notes, ...(governance.unavailable ? [`governance not applied: ${governance.unavailable}`] : [])],
    });
  }
  return {
    servers,
    rules: {
      next,
      etag: rulesRes.headers?.etag ?? (typeof (rulesBody.metadata as { etag?: unknown })?.etag === 'string' ? String((rulesBody.metadata as { etag: string }).etag) : undefined),
      changed: !same(current, next),
    },
  };
}

/** The plan as a diff for people; returns the number of changes. */
export function describePlan(plan: ApplyPlan, write: (line: string) => void): number {
  let count = 0;
  for (const s of plan.servers) {
    const lines: string[] = [];
    if (s.publish) lines.push(`  + publish ${s.version} (a submission: the review lifecycle decides what needs a person)`);
    for (const change of s.governance.changes) lines.push(`  ~ ${change}`);
    for (const id of s.rules.added) lines.push(`  + access rule ${id}`);
    for (const id of s.rules.changed) lines.push(`  ~ access rule ${id}`);
    for (const id of s.rules.removed) lines.push(`  - access rule ${id}`);
    if (s.drift) lines.push(`  ~ drift action: ${s.drift.from} → ${s.drift.to}`);
    count += lines.length;
    write(`${s.name}@${s.version}: ${lines.length ? `${lines.length} change${lines.length === 1 ? '' : 's'}` : 'up to date'}`);
    for (const line of lines) write(line);
    for (const note of s.notes) write(`  ! ${note}`);
  }
  return count;
}

export async function executePlan(c: Connection, plan: ApplyPlan, folders: Ready[], canApprove: boolean, write: (line: string) => void): Promise<void> {
  for (const s of plan.servers) {
    const folder = folders.find((f) => f.name === s.name)!;
    if (s.publish) {
      const res = await call(c, 'POST', '/v0/publish', folder.doc);
      if (res.status === 409) write(`${s.name}@${s.version}: already submitted`);
      else if (res.status < 200 || res.status > 299) throw refusedError(`publishing ${s.name}@${s.version} failed: ${describeProblem(res)}`);
      else write(`${s.name}@${s.version}: published (submitted for review where the approval policy asks for it)`);
    }
    if (!s.governance.unavailable && (s.publish || s.governance.patch)) {
      // Read again after a publish: the server (and its governance revision) may only exist now.
      const read = s.publish ? await readGovernance(c, s.name) : { available: true as const, current: undefined, etag: s.governance.etag };
      const patch = read.available && read.current ? planGovernance(read.current, folder.settings, canApprove).patch : s.governance.patch;
      if (patch && read.available) {
        await applyGovernance(c, s.name, patch, read.etag);
        write(`${s.name}: governance updated`);
      }
      const trustRequest = s.publish && read.available ? trustRequestOf(read.current, folder.settings, canApprove) : undefined;
      if (trustRequest) write(await requestTrust(c, s.name, s.version, trustRequest));
    }
    if (s.drift) {
      expect2xx(`the drift action of ${s.name} was refused`, await call(c, 'PUT', `/api/admin/servers/${enc(s.name)}/drift-action`, { action: s.drift.to === 'default' ? null : s.drift.to }));
      write(`${s.name}: drift action ${s.drift.to}`);
    }
  }
  if (plan.rules.changed) {
    const res = await call(c, 'PUT', '/api/admin/access/rules', { rules: plan.rules.next }, plan.rules.etag ? { 'if-match': plan.rules.etag } : {});
    if (res.status === 412) throw refusedError('the access rules changed while applying (HTTP 412); run apply again');
    expect2xx('the access rules were refused', res);
    write('access rules updated');
  }
}
