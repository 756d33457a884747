/**
 * The review lifecycle of each version (issue #21): a publish starts a review
 * (inside the publish's transaction), the automated checks move it on (the package
 * preparation, when the version lists a package Toolshed hosts and preparation at
 * review is on; the probe and definition scan, when the version has a remote and
 * probing is on), the
 * source's approval policy may approve it at once, and otherwise a reviewer
 * approves or rejects it with If-Match (four-eyes unless the policy allows self
 * approval). Approval pins the version's current tool snapshot, so drift is
 * measured from what was approved. Every decision writes one registry_events row
 * in the same transaction.
 */
import type { Caller, RegistryPrincipal } from '../access/index.js';
import { effectiveTrust, pickLatestVersion, type Catalog, type ServerJson } from '../catalog/index.js';
import { ConflictError, ForbiddenError, NotFoundError, PreconditionFailedError, PreconditionRequiredError, ValidationError } from '../errors.js';
import { diffSnapshots, type ProbeReport } from '../inventory/index.js';
import { matchesEntityTag } from '../matchesEntityTag.js';
import { TRUST_LEVELS, UNDECIDED_REVIEW_STATES, type ReviewState, type TrustLevel } from '../schemas/governance.js';
import {
  findCuration,
  findCurrentSnapshot,
  findFederationSource,
  findServerGovernance,
  findReviewPolicy,
  findVersionReview,
  formatTimestamp,
  insertRegistryEvent,
  insertReviewComment,
  insertVersionReview,
  listReviewComments,
  listVersionReviews,
  loadVersionHeads,
  nowMicros,
  saveReviewPolicy,
  updateVersionReview,
  type Store,
  type Tx,
  type VersionReviewFilter,
  type VersionReviewRow,
} from '../store/index.js';
import { documentDiff } from './documentDiff.js';
import { approvalOf, defaultPolicy, parsePolicy, type ReviewPolicy } from './reviewPolicy.js';

export type CheckOutcome = 'pass' | 'fail' | 'pending' | 'skipped';
export interface CheckResult {
  name: 'schema' | 'namespace' | 'ownership' | 'package' | 'probe' | 'scan';
  outcome: CheckOutcome;
  detail?: string;
}

export interface ReviewsOptions {
  store: Store;
  catalog: Catalog;
  /** What applies to a source without a stored policy (`TOOLSHED_REVIEW_DEFAULT`). */
  defaultAction: 'review' | 'approve';
  /** Whether publishes check package ownership (otherwise that check is `skipped`). */
  ownershipChecked: boolean;
  /** Probes a version and resolves with how it went (the inventory's queue); absent when probing is off. */
  probe?: (server: string, version: string) => Promise<ProbeReport>;
  /**
   * Prepares the version's hostable packages (fetch, verify, cache: the hosting plane's
   * `createReviewPackageCheck`) as the `package` check; absent when preparation at review is off.
   */
  packages?: {
    applies(doc: ServerJson): boolean;
    run(server: string, version: string, doc: ServerJson): Promise<{ outcome: CheckOutcome; detail: string }>;
  };
  /**
   * Hook for the hosting plane's instances (issue #22, item 5): when true, a version with no
   * remote but a hostable package is probed and scanned too (the inventory's probe reaches it
   * through a shared-values instance: src/compose/hostedProbes.ts). Composition turns it on
   * with hosting and TOOLSHED_PACKAGE_PREPARE_AT_REVIEW.
   */
  probeHostedPackages?: boolean;
  /** Pins a snapshot as the server's approved tools (the drift watch). */
  pin?: (input: { server: string; snapshotId: number; by: string }) => Promise<unknown>;
  log?: { warn(details: object, message: string): void };
}

export const SYSTEM_ACTOR = { subject: 'toolshed', method: 'policy' } as const;

/** Who submits a mirrored version: its federation source (`federation:<source>`, method `federation`). */
export function mirrorSubmitter(source: string): { subject: string; method: string } {
  return { subject: `federation:${source}`, method: 'federation' };
}

/** A version a federation sync brought in (the federation plane's `MirroredSubmission`). */
export interface MirroredVersion {
  source: string;
  name: string;
  version: string;
  doc: ServerJson;
  status: 'active' | 'deprecated' | 'deleted';
  at: number;
}

const MAX_REASON = 2000;
const MAX_COMMENT = 4000;

export function reviewEtag(row: Pick<VersionReviewRow, 'revision'>): string {
  return `"${row.revision}"`;
}

function parseChecks(text: string): CheckResult[] {
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? (parsed as CheckResult[]) : [];
  } catch {
    return [];
  }
}

function hasProbeableRemote(doc: ServerJson): boolean {
  const remotes = (doc as { remotes?: Array<{ type?: unknown }> }).remotes;
  return Array.isArray(remotes) && remotes.some((r) => r?.type === 'streamable-http' || r?.type === 'sse');
}

function checksPass(checks: CheckResult[]): boolean {
  return checks.every((c) => c.outcome === 'pass' || c.outcome === 'skipped');
}

export type Reviews = ReturnType<typeof createReviews>;

export function createReviews(options: ReviewsOptions) {
  const { store, catalog } = options;
  const db = store.db;

  async function policyOf(tx: Tx, source: string): Promise<{ policy: ReviewPolicy; revision: number; row?: { updated_at: number; updated_by: string } }> {
    const row = await findReviewPolicy({ tx, source });
    if (!row) return { policy: defaultPolicy(options.defaultAction), revision: 0 };
    return { policy: JSON.parse(row.policy) as ReviewPolicy, revision: row.revision, row };
  }

  /** The latest approved version of `name` other than `version`. */
  async function approvedBefore(tx: Tx, name: string, version: string): Promise<string | undefined> {
    const heads = (await loadVersionHeads({ tx, name })).filter((h) => h.review_state === 'approved' && h.version !== version);
    return pickLatestVersion(heads)?.version;
  }

  async function toolsUnchanged(tx: Tx, name: string, version: string): Promise<boolean> {
    const previous = await approvedBefore(tx, name, version);
    if (previous === undefined) return false;
    const [mine, theirs] = await Promise.all([findCurrentSnapshot({ tx, server: name, version }), findCurrentSnapshot({ tx, server: name, version: previous })]);
    return mine !== undefined && theirs !== undefined && mine.hash === theirs.hash;
  }

  /** The trust in force for a server from `source`: the reviewer's level, else the one curated for that source (the server's, else the source-wide `*`). */
  async function trustInForce(tx: Tx, name: string, source: string): Promise<TrustLevel | null> {
    const curationSource = source === 'local' ? '' : source;
    const governance = await findServerGovernance({ tx, name });
    const curated = (await findCuration({ tx, source: curationSource, name }))?.trust ?? (await findCuration({ tx, source: curationSource, name: '*' }))?.trust ?? null;
    const level = curated !== null && (TRUST_LEVELS as readonly string[]).includes(curated) ? (curated as TrustLevel) : undefined;
    return effectiveTrust(governance, level)?.trust ?? null;
  }

  async function event(
    tx: Tx,
    action: 'submit' | 'approve' | 'reject' | 'comment' | 'policy',
    name: string,
    version: string,
    actor: { subject: string; method: string },
    oldValue: unknown,
    newValue: unknown,
    at: number,
  ) {
    await insertRegistryEvent({ tx, event: { at, action, name, version, actorSubject: actor.subject, actorMethod: actor.method, oldValue, newValue } });
  }

  /** The state the policy gives a version whose checks are done, with the audit row when it approves. */
  async function settle(tx: Tx, review: VersionReviewRow, checks: CheckResult[], groups: readonly string[], at: number): Promise<{ state: ReviewState; rule: string | null }> {
    const { policy } = await policyOf(tx, review.source);
    const verdict = approvalOf(policy, {
      name: review.name,
      subject: review.submitted_by,
      groups,
      checksPass: checksPass(checks),
      toolsUnchanged: await toolsUnchanged(tx, review.name, review.version),
      trust: await trustInForce(tx, review.name, review.source),
    });
    if (!verdict.approve) return { state: 'in_review', rule: null };
    await event(
      tx,
      'approve',
      review.name,
      review.version,
      SYSTEM_ACTOR,
      { state: review.state },
      { state: 'approved', rule: verdict.rule, reason: `approved by the approval policy of ${review.source}` },
      at,
    );
    return { state: 'approved', rule: verdict.rule };
  }

  async function pinApproved(name: string, version: string, by: string): Promise<void> {
    if (!options.pin) return;
    try {
      const current = await findCurrentSnapshot({ tx: db, server: name, version });
      if (current) await options.pin({ server: name, snapshotId: current.id, by });
    } catch (err) {
      options.log?.warn({ err, server: name, version }, 'pinning the approved snapshot failed; pin it from the drift page');
    }
  }

  /** Groups of each submitter, kept until the checks finish (they are not stored). */
  const pendingGroups = new Map<string, readonly string[]>();
  const keyOf = (name: string, version: string) => `${name.length}:${name}${version}`;
  /** Mirrored versions whose probe and scan wait for the sync's transaction to commit. */
  const pendingMirrored = new Map<string, { name: string; version: string }>();

  /**
   * Records a new review in the caller's transaction and resolves to the state readers
   * see: approved at once when the source's review is off, `checking` while the probe
   * and scan are to run, else what the policy gives it.
   */
  async function begin(
    tx: Tx,
    s: { doc: ServerJson; source: string; submitter: { subject: string; method: string }; groups: readonly string[]; checks: CheckResult[]; at: number },
  ): Promise<ReviewState> {
    const { source, checks } = s;
    // A source whose default is approve has review off: every version is live at once (rules could only approve it too), nothing waits for the probe, nothing is pinned.
    const reviewOff = (await policyOf(tx, source)).policy.defaultAction === 'approve';
    const preparing = !reviewOff && options.packages !== undefined && options.packages.applies(s.doc);
    const probing = !reviewOff && options.probe !== undefined && (hasProbeableRemote(s.doc) || (preparing && options.probeHostedPackages === true));
    if (preparing) checks.push({ name: 'package', outcome: 'pending' });
    if (probing) checks.push({ name: 'probe', outcome: 'pending' }, { name: 'scan', outcome: 'pending' });
    const review = {
      name: s.doc.name,
      version: s.doc.version,
      state: 'submitted' as ReviewState,
      source,
      submitted_by: s.submitter.subject,
      submitted_at: s.at,
      checks: JSON.stringify(checks),
      decided_by: null,
      decided_at: null,
      reason: null,
      auto_rule: null,
      updated_at: s.at,
    };
    let state: ReviewState;
    let rule: string | null = null;
    if (reviewOff) {
      // Nobody decided anything: the publish's (or the sync's) own record is the record.
      state = 'approved';
      rule = 'review off (defaultAction approve)';
    } else if (preparing || probing) {
      await event(tx, 'submit', review.name, review.version, s.submitter, null, { state: 'submitted', source }, s.at);
      state = 'checking';
    } else {
      await event(tx, 'submit', review.name, review.version, s.submitter, null, { state: 'submitted', source }, s.at);
      ({ state, rule } = await settle(tx, { ...review, revision: 1 }, checks, s.groups, s.at));
    }
    await insertVersionReview({
      tx,
      review: { ...review, state, ...(state === 'approved' ? { decided_by: SYSTEM_ACTOR.subject, decided_at: s.at, auto_rule: rule } : {}) },
    });
    return state;
  }

  async function docOf(name: string, version: string): Promise<ServerJson | undefined> {
    const row = await db.selectFrom('server_versions').select(['doc']).where('name', '=', name).where('version', '=', version).executeTakeFirst();
    return row ? (JSON.parse(row.doc) as ServerJson) : undefined;
  }

  /** The package check's result, run outside any transaction (a preparation downloads and unpacks). */
  async function runPackageCheck(name: string, version: string): Promise<CheckResult> {
    try {
      const doc = await docOf(name, version);
      if (!doc) return { name: 'package', outcome: 'fail', detail: 'the version is no longer in the catalog' };
      return { name: 'package', ...(await options.packages!.run(name, version, doc)) };
    } catch (err) {
      options.log?.warn({ err, server: name, version }, 'the review package preparation failed to run');
      return { name: 'package', outcome: 'fail', detail: 'the package preparation did not run' };
    }
  }

  async function finishChecks(name: string, version: string, pending: ReadonlySet<string>): Promise<void> {
    const packageCheck = pending.has('package') && options.packages ? await runPackageCheck(name, version) : undefined;
    const probing = pending.has('probe') && options.probe !== undefined;
    let report: ProbeReport | undefined;
    if (probing) {
      try {
        report = await options.probe!(name, version);
      } catch (err) {
        report = undefined;
        options.log?.warn({ err, server: name, version }, 'the review probe failed to run');
      }
    }
    const groups = pendingGroups.get(keyOf(name, version)) ?? [];
    pendingGroups.delete(keyOf(name, version));
    const approved = await catalog.changeReview(name, version, async (tx, row) => {
      const review = await findVersionReview({ tx, name, version });
      if (!review || review.state !== 'checking' || !row) return { result: false };
      const checks = parseChecks(review.checks).filter((c) => !(packageCheck && c.name === 'package') && !(probing && (c.name === 'probe' || c.name === 'scan')));
      if (packageCheck) checks.push(packageCheck);
      if (probing && report?.status === 'ok') {
        checks.push({ name: 'probe', outcome: 'pass', detail: `answered in ${Math.round(report.latencyMs ?? 0)} ms` });
        const snapshot = await findCurrentSnapshot({ tx, server: name, version });
        const findings = snapshot?.findings ?? [];
        const high = findings.filter((f) => f.severity === 'high').length;
        checks.push({ name: 'scan', outcome: high ? 'fail' : 'pass', detail: `${findings.length} finding(s), ${high} high` });
      } else if (probing) {
        checks.push({ name: 'probe', outcome: 'fail', detail: report?.failure ? `${report.failure.kind}: ${report.failure.message}`.slice(0, 500) : 'the probe did not run' });
        checks.push({ name: 'scan', outcome: 'skipped', detail: 'no snapshot to scan' });
      }
      const at = nowMicros();
      const { state, rule } = await settle(tx, review, checks, groups, at);
      const patch = { state, checks: JSON.stringify(checks), ...(state === 'approved' ? { decided_by: SYSTEM_ACTOR.subject, decided_at: at, auto_rule: rule } : {}) };
      if (!(await updateVersionReview({ tx, name, version, revision: review.revision, patch, at }))) return { result: false };
      return { state, result: state === 'approved' };
    });
    if (approved) await pinApproved(name, version, SYSTEM_ACTOR.subject);
  }

  function published(v: { name: string; version: string }): void {
    void (async () => {
      const review = await findVersionReview({ tx: db, name: v.name, version: v.version });
      if (review?.state !== 'checking') return;
      const pending = new Set(
        parseChecks(review.checks)
          .filter((c) => c.outcome === 'pending')
          .map((c) => c.name),
      );
      if (pending.size > 0) await finishChecks(v.name, v.version, pending);
    })().catch((err: unknown) => options.log?.warn({ err, server: v.name }, 'finishing the checks of a review failed'));
  }

  return {
    /**
     * The catalog's `startReview` hook: inside the publish transaction, records the
     * review and resolves to the state readers see. Checks the publish already ran
     * (schema, namespace, ownership) passed, or the publish would have failed.
     */
    async start(tx: Tx, s: { doc: ServerJson; actor: RegistryPrincipal; groups?: readonly string[]; at: number; source?: string }): Promise<ReviewState> {
      const checks: CheckResult[] = [
        { name: 'schema', outcome: 'pass' },
        { name: 'namespace', outcome: 'pass', detail: `published as ${s.actor.subject} (${s.actor.method})` },
        { name: 'ownership', outcome: options.ownershipChecked ? 'pass' : 'skipped', ...(options.ownershipChecked ? {} : { detail: 'package ownership checks are off (TOOLSHED_VERIFY_PACKAGES)' }) },
      ];
      const groups = s.groups ?? [];
      const state = await begin(tx, { doc: s.doc, source: s.source ?? 'local', submitter: s.actor, groups, checks, at: s.at });
      if (state === 'checking') pendingGroups.set(keyOf(s.doc.name, s.doc.version), groups);
      return state;
    },

    /**
     * The federation's `startReview` hook: a version newly mirrored from a source (or now
     * supplied by another one) starts a review under that source's policy, inside the
     * sync's transaction. The upstream registry checked the namespace and packages; the
     * document passed the official API shape check on the way in. A version mirrored
     * as deleted starts none while review is on (nobody reads it; it starts one if
     * upstream restores it) and stays hidden.
     */
    async startMirrored(tx: Tx, m: MirroredVersion): Promise<ReviewState> {
      if (m.status === 'deleted' && (await policyOf(tx, m.source)).policy.defaultAction !== 'approve') return 'submitted';
      const checks: CheckResult[] = [
        { name: 'schema', outcome: 'pass', detail: `mirrored from ${m.source}: the official API shape` },
        { name: 'namespace', outcome: 'skipped', detail: `mirrored from ${m.source}: the upstream registry proved the namespace` },
        { name: 'ownership', outcome: 'skipped', detail: `mirrored from ${m.source}: the upstream registry checked the packages` },
      ];
      const state = await begin(tx, { doc: m.doc, source: m.source, submitter: mirrorSubmitter(m.source), groups: [], checks, at: m.at });
      if (state === 'checking') pendingMirrored.set(keyOf(m.name, m.version), { name: m.name, version: m.version });
      return state;
    },

    /** After a sync (or curation) committed these names: runs the probe and scan of their mirrored versions left checking. Never throws. */
    mirroredCommitted(names: readonly string[]): void {
      const committed = new Set(names);
      for (const [key, v] of pendingMirrored) {
        if (!committed.has(v.name)) continue;
        pendingMirrored.delete(key);
        published(v);
      }
    },

    /** After a publish commits: runs the checks still pending (the probe and scan), then settles the review. Never throws. */
    published,

    async list(filter: VersionReviewFilter, limit: number, cursor?: string) {
      let after: { submittedAt: number; name: string; version: string } | undefined;
      if (cursor !== undefined) {
        try {
          const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [number, string, string];
          if (!Array.isArray(parsed) || typeof parsed[0] !== 'number' || typeof parsed[1] !== 'string' || typeof parsed[2] !== 'string') throw new Error('bad');
          after = { submittedAt: parsed[0], name: parsed[1], version: parsed[2] };
        } catch {
          throw new ValidationError('GOVERNANCE_BAD_POLICY', 'Invalid cursor', [{ location: 'query.cursor', message: 'use the nextCursor of the previous page' }]);
        }
      }
      const states = filter.states ?? [...UNDECIDED_REVIEW_STATES];
      const rows = await listVersionReviews({ tx: db, filter: { ...filter, states }, limit: limit + 1, ...(after ? { after } : {}) });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      const next = rows.length > limit && last ? Buffer.from(JSON.stringify([Number(last.submitted_at), last.name, last.version])).toString('base64url') : undefined;
      return { reviews: page.map(renderReview), ...(next ? { nextCursor: next } : {}) };
    },

    /** One review with what a reviewer needs: checks, document and tool diffs against the approved version, findings, comments. */
    async show(name: string, version: string) {
      const review = await findVersionReview({ tx: db, name, version });
      if (!review) throw new NotFoundError('GOVERNANCE_REVIEW_NOT_FOUND', `No review of ${name} ${version}`);
      const row = await db.selectFrom('server_versions').select(['doc']).where('name', '=', name).where('version', '=', version).executeTakeFirst();
      const doc = row ? (JSON.parse(row.doc) as unknown) : null;
      const previous = await approvedBefore(db, name, version);
      const previousRow = previous === undefined ? undefined : await db.selectFrom('server_versions').select(['doc']).where('name', '=', name).where('version', '=', previous).executeTakeFirst();
      const [mine, theirs] = await Promise.all([
        findCurrentSnapshot({ tx: db, server: name, version }),
        previous === undefined ? undefined : findCurrentSnapshot({ tx: db, server: name, version: previous }),
      ]);
      const comments = await listReviewComments({ tx: db, name, version, limit: 500 });
      return {
        review: renderReview(review),
        server: doc,
        previousApprovedVersion: previous ?? null,
        documentDiff: previousRow && doc ? documentDiff(JSON.parse(previousRow.doc), doc) : null,
        toolDiff: mine && theirs ? diffSnapshots(theirs.snapshot, mine.snapshot) : null,
        snapshotId: mine?.id ?? null,
        findings: mine?.findings ?? [],
        comments: comments.map((c) => ({ id: Number(c.id), at: formatTimestamp(c.at), author: c.author, body: c.body })),
      };
    },

    /** Approves or rejects one version. Needs If-Match with the review's ETag; of two concurrent decisions exactly one wins. */
    async decide(input: { name: string; version: string; decision: 'approve' | 'reject'; reason?: string | undefined; ifMatch: string | undefined; caller: Caller }) {
      const { name, version, decision, caller } = input;
      if (input.ifMatch === undefined || input.ifMatch === '') {
        throw new PreconditionRequiredError(
          'GOVERNANCE_IF_MATCH_REQUIRED',
          'Send If-Match with the review’s ETag (GET /api/reviews/{name}/{version}), so the decision cannot overwrite one you never saw',
        );
      }
      const reason = input.reason?.trim();
      if ((decision === 'reject' && !reason) || (reason !== undefined && reason.length > MAX_REASON)) {
        throw new ValidationError('GOVERNANCE_REASON_REQUIRED', 'A rejection needs a reason (1 to 2000 characters)', [
          { location: 'body.reason', message: 'a reason of 1 to 2000 characters (not only spaces)' },
        ]);
      }
      const actor = { subject: caller.registry.subject, method: caller.via };
      const decided = await catalog.changeReview(name, version, async (tx, row) => {
        const review = await findVersionReview({ tx, name, version });
        if (!review) throw new NotFoundError('GOVERNANCE_REVIEW_NOT_FOUND', `No review of ${name} ${version}`);
        if (!matchesEntityTag(input.ifMatch!, reviewEtag(review))) {
          throw new PreconditionFailedError('GOVERNANCE_REVIEW_CHANGED', `The review of ${name} ${version} changed since you read it (now ${reviewEtag(review)}): read it again`);
        }
        if (!UNDECIDED_REVIEW_STATES.includes(review.state)) throw new ConflictError('GOVERNANCE_ALREADY_DECIDED', `${name} ${version} was already ${review.state}`);
        if (!row) throw new ConflictError('GOVERNANCE_VERSION_GONE', `${name} ${version} is no longer in the catalog`);
        if (decision === 'approve' && (review.submitted_by === caller.registry.subject || review.submitted_by === caller.id)) {
          const { policy } = await policyOf(tx, review.source);
          if (!policy.allowSelfApproval) throw new ForbiddenError('GOVERNANCE_SELF_APPROVAL', 'Four-eyes: another reviewer must approve a version you submitted');
        }
        const at = nowMicros();
        const state: ReviewState = decision === 'approve' ? 'approved' : 'rejected';
        const won = await updateVersionReview({ tx, name, version, revision: review.revision, patch: { state, decided_by: actor.subject, decided_at: at, reason: reason ?? null }, at });
        if (!won) throw new PreconditionFailedError('GOVERNANCE_REVIEW_CHANGED', `The review of ${name} ${version} changed since you read it: read it again`);
        await event(tx, decision, name, version, actor, { state: review.state }, { state, ...(reason ? { reason } : {}) }, at);
        return { state, result: await findVersionReview({ tx, name, version }) };
      });
      if (decision === 'approve') await pinApproved(name, version, actor.subject);
      return renderReview(decided!);
    },

    async comment(input: { name: string; version: string; body: unknown; caller: Caller }) {
      const { name, version, caller } = input;
      const body = typeof input.body === 'string' ? input.body.trim() : '';
      if (!body || body.length > MAX_COMMENT) {
        throw new ValidationError('GOVERNANCE_BAD_COMMENT', 'A comment is 1 to 4000 characters of text', [{ location: 'body.body', message: 'a comment of 1 to 4000 characters (not only spaces)' }]);
      }
      return catalog.changeReview(name, version, async (tx) => {
        const review = await findVersionReview({ tx, name, version });
        if (!review) throw new NotFoundError('GOVERNANCE_REVIEW_NOT_FOUND', `No review of ${name} ${version}`);
        const mayApprove = caller.permissions.has('catalog.approve');
        if (!mayApprove && review.submitted_by !== caller.registry.subject && review.submitted_by !== caller.id) {
          throw new ForbiddenError('GOVERNANCE_COMMENT_FORBIDDEN', 'Only reviewers and the version’s submitter may comment on its review');
        }
        const at = nowMicros();
        await insertReviewComment({ tx, comment: { name, version, at, author: caller.registry.subject, body } });
        await event(tx, 'comment', name, version, { subject: caller.registry.subject, method: caller.via }, null, { comment: body }, at);
        return { result: { at: formatTimestamp(at), author: caller.registry.subject, body } };
      });
    },

    async policy(source: string) {
      await requireSource(source);
      const { policy, revision, row } = await policyOf(db, source);
      return { source, policy, stored: revision > 0, etag: `"${revision}"`, ...(row ? { updatedAt: formatTimestamp(row.updated_at), updatedBy: row.updated_by } : {}) };
    },

    async replacePolicy(input: { source: string; body: unknown; ifMatch: string | undefined; caller: Caller }) {
      if (input.ifMatch === undefined || input.ifMatch === '') {
        throw new PreconditionRequiredError('GOVERNANCE_IF_MATCH_REQUIRED', 'Send If-Match with the policy’s ETag (GET it first; "0" when none is stored)');
      }
      await requireSource(input.source);
      const policy = parsePolicy(input.body);
      const by = input.caller.registry.subject;
      await db.transaction().execute(async (tx) => {
        const current = await policyOf(tx, input.source);
        if (!matchesEntityTag(input.ifMatch!, `"${current.revision}"`)) {
          throw new PreconditionFailedError('GOVERNANCE_POLICY_CHANGED', `The approval policy of ${input.source} changed since you read it: read it again`);
        }
        const at = nowMicros();
        const saved = await saveReviewPolicy({ tx, source: input.source, policy: JSON.stringify(policy), revision: current.revision, at, by });
        if (saved === undefined) throw new PreconditionFailedError('GOVERNANCE_POLICY_CHANGED', `The approval policy of ${input.source} changed since you read it: read it again`);
        await event(tx, 'policy', '', '', { subject: by, method: input.caller.via }, current.revision ? { source: input.source, policy: current.policy } : null, { source: input.source, policy }, at);
      });
      return this.policy(input.source);
    },
  };

  async function requireSource(source: string): Promise<void> {
    if (source === 'local') return;
    if (typeof source !== 'string' || source.length > 200 || !(await findFederationSource({ tx: db, name: source }))) {
      throw new NotFoundError('GOVERNANCE_BAD_SOURCE', `No source named ${source}: use local, or a federation source's name`);
    }
  }
}

export function renderReview(r: VersionReviewRow) {
  return {
    name: r.name,
    version: r.version,
    state: r.state,
    source: r.source,
    submittedBy: r.submitted_by,
    submittedAt: formatTimestamp(r.submitted_at),
    checks: parseChecks(r.checks),
    decidedBy: r.decided_by,
    decidedAt: r.decided_at === null ? null : formatTimestamp(r.decided_at),
    reason: r.reason,
    autoRule: r.auto_rule,
    etag: reviewEtag(r),
  };
}
