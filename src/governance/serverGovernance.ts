/**
 * A server's governance (issue #21 items 5 and 6): its trust level, set by people
 * with `catalog.approve` (who and when recorded), its owners (people by user id, or
 * groups), support contact and docs URL, and its re-certification. Every change is
 * one transaction holding the conditional update of `server_governance` (If-Match on
 * its revision: of two decisions from the same read exactly one wins) and its
 * registry audit rows (`trust`, `owners`, `recertify`); readers' caches and the
 * access policy's trust map are told after it commits (other replicas by the
 * store's change notification).
 */
import { z } from 'zod';
import { OWNER_WRITE_SCOPES, SERVER_TRUST_CHANGED, type Caller } from '../access/index.js';
import { curatedTrustOf, effectiveTrust, ownersOf } from '../catalog/index.js';
import { ForbiddenError, NotFoundError, PreconditionFailedError, PreconditionRequiredError, ValidationError, type ErrorDetail } from '../errors.js';
import { matchesEntityTag } from '../matchesEntityTag.js';
import { type ServerOwner, type TrustLevel } from '../schemas/governance.js';
import type { RecertifyDays } from '../schemas/recertifyDays.js';
import { checkTrustLevel } from '../schemas/checkTrustLevel.js';

export { checkTrustLevel };
import {
  findServerGovernance,
  findUser,
  findVerifiedEmailHolders,
  formatTimestamp,
  insertRegistryEvent,
  insertServerGovernance,
  listCatalogRowsOfName,
  nowMicros,
  updateServerGovernance,
  type ServerGovernanceRow,
  type Store,
  type Tx,
} from '../store/index.js';

const DAY_MICROS = 86_400 * 1_000_000;
export const MAX_OWNERS = 50;

export type OwnerView = { kind: 'user'; id: string; email?: string; name?: string } | { kind: 'group'; name: string };

export interface ServerGovernanceView {
  name: string;
  /** The trust in force: the reviewer's level, else the curated default; null when neither. */
  trust: TrustLevel | null;
  trustSource: 'reviewer' | 'curation' | null;
  /** The trust curated for the server's source (federation curation), a default a reviewer's level overrides. */
  curatedTrust: TrustLevel | null;
  trustSetBy: string | null;
  trustSetAt: string | null;
  owners: OwnerView[];
  supportContact: string | null;
  docsUrl: string | null;
  recertifiedAt: string | null;
  recertifiedBy: string | null;
  recertifyDueAt: string | null;
  revision: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface GovernanceWrite {
  caller: Caller;
  ifMatch: string | undefined;
}

export interface ServerGovernanceOptions {
  store: Store;
  recertifyDays: RecertifyDays;
  /** Groups owners may name (the directory's known groups and sign-in mappings). */
  knownGroups: () => Promise<Set<string>>;
  /** After a commit that changed a server's `_meta` (its cached read responses). */
  governanceChanged: (names: string[]) => void;
  /** After a commit that changed a trust level (the access policy reloads its trust map). */
  trustChanged: () => void;
}

const ownerInput = z.union([
  z.strictObject({ kind: z.literal('user'), id: z.string().min(1).max(200).optional(), email: z.string().min(3).max(320).optional() }).refine((o) => (o.id === undefined) !== (o.email === undefined), {
    message: 'a user owner names exactly one of id or email',
  }),
  z.strictObject({ kind: z.literal('group'), name: z.string().min(1).max(200) }),
]);

const noControl = (s: string) => !/[\u0000-\u001f\u007f]/.test(s);

const contactSchema = z
  .string()
  .max(500)
  .refine(noControl, 'has control characters')
  .refine((s) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s) || isUrl(s, ['https:', 'http:']), 'must be an email address or an http(s) URL');

const changeSchema = z.strictObject({
  trust: z.string().nullable().optional(),
  owners: z.array(ownerInput).max(MAX_OWNERS, `at most ${MAX_OWNERS} owners`).optional(),
  supportContact: contactSchema.nullable().optional(),
  docsUrl: z
    .string()
    .max(2000)
    .refine((s) => isUrl(s, ['https:']), 'must be an https URL')
    .nullable()
    .optional(),
  reason: z.string().max(2000).refine(noControl, 'has control characters').optional(),
});

const recertifySchema = z.strictObject({ reason: z.string().max(2000).refine(noControl, 'has control characters').optional() });

function isUrl(text: string, protocols: string[]): boolean {
  try {
    const url = new URL(text);
    return protocols.includes(url.protocol) && url.hostname !== '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

function invalid(error: z.ZodError): ValidationError {
  const errors: ErrorDetail[] = error.issues.map((i) => ({
    message: i.code === 'unrecognized_keys' ? `unknown field(s) ${i.keys.join(', ')}` : i.message,
    location: i.path.length ? `body.${i.path.join('.')}` : 'body',
  }));
  return new ValidationError('GOVERNANCE_INVALID', `Invalid governance change: ${errors.map((e) => `${e.location}: ${e.message}`).join('; ')}`, errors);
}

/** A trust level, or the 422 every writer of trust answers for anything else. */
export const governanceEtag = (revision: number): string => `W/"${revision}"`;

function sameOwners(a: ServerOwner[], b: ServerOwner[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * An owner's write (publishing a new version, changing contacts, re-certifying) with a
 * token needs a scope that admits writes (OWNER_WRITE_SCOPES): a `catalog:read` token only
 * reads. Throws the 403 naming the scope; a browser session (no token) passes.
 */
export function requireOwnerWriteScope(caller: Pick<Caller, 'tokenScopes'>, name: string, what: string): void {
  if (caller.tokenScopes === undefined || caller.tokenScopes.some((s) => OWNER_WRITE_SCOPES.includes(s))) return;
  const has = caller.tokenScopes.length ? caller.tokenScopes.join(', ') : 'no scope';
  throw new ForbiddenError(
    'GOVERNANCE_OWNER_SCOPE_REQUIRED',
    `You own ${name}, but this token only reads (scopes: ${has}): ${what} as an owner needs a token with the scope "catalog:contribute" (or "catalog:publish"), or a browser session`,
  );
}

/** Whether the caller is one of these owners: the person named, or a member of a group named. */
export function isOwnerAmong(caller: Pick<Caller, 'id' | 'groups'>, owners: readonly ServerOwner[]): boolean {
  return owners.some((o) => (o.kind === 'user' ? o.id === caller.id : caller.groups.includes(o.name)));
}

export function createServerGovernance(options: ServerGovernanceOptions) {
  const { store, recertifyDays } = options;

  const dueFrom = (at: number, trust: TrustLevel | null): number | null => {
    const days = trust ? recertifyDays[trust] : undefined;
    return days === undefined ? null : at + days * DAY_MICROS;
  };

  async function catalogRows(tx: Tx, name: string) {
    const rows = await listCatalogRowsOfName({ tx, name });
    if (rows.length === 0) throw new NotFoundError('GOVERNANCE_SERVER_NOT_FOUND', `No server named ${JSON.stringify(name)} in the catalog`);
    return rows;
  }

  async function view(tx: Tx, name: string, row: ServerGovernanceRow | undefined, curated: TrustLevel | null): Promise<ServerGovernanceView> {
    const trust = effectiveTrust(row, curated ?? undefined);
    const owners: OwnerView[] = [];
    for (const o of ownersOf(row)) {
      if (o.kind === 'group') owners.push({ kind: 'group', name: o.name });
      else {
        const user = await findUser({ tx, id: o.id });
        owners.push({ kind: 'user', id: o.id, ...(user?.email ? { email: user.email } : {}), ...(user?.name ? { name: user.name } : {}) });
      }
    }
    const at = (v: number | null | undefined) => (v == null ? null : formatTimestamp(Number(v)));
    return {
      name,
      trust: trust?.trust ?? null,
      trustSource: trust?.source ?? null,
      curatedTrust: curated,
      trustSetBy: row?.trust_set_by ?? null,
      trustSetAt: at(row?.trust_set_at),
      owners,
      supportContact: row?.support_contact ?? null,
      docsUrl: row?.docs_url ?? null,
      recertifiedAt: at(row?.recertified_at),
      recertifiedBy: row?.recertified_by ?? null,
      recertifyDueAt: at(row?.recertify_due_at),
      revision: row ? Number(row.revision) : 0,
      updatedAt: at(row?.updated_at),
      updatedBy: row?.updated_by ?? null,
    };
  }

  /** The curated trust of the server as its catalog rows carry it (all rows of a name share one curation). */
  const curatedOf = (rows: Awaited<ReturnType<typeof catalogRows>>): TrustLevel | null => {
    for (const r of rows) {
      const t = curatedTrustOf(r);
      if (t) return t;
    }
    return null;
  };

  /** `groups`: the known groups, read before the transaction (SQLite has one connection). */
  async function resolveOwners(tx: Tx, input: z.infer<typeof ownerInput>[], groups: ReadonlySet<string>): Promise<ServerOwner[]> {
    const problems: ErrorDetail[] = [];
    const out: ServerOwner[] = [];
    for (const [i, o] of input.entries()) {
      const location = `body.owners.${i}`;
      if (o.kind === 'group') {
        if (groups.has(o.name)) out.push({ kind: 'group', name: o.name });
        else problems.push({ message: `unknown group ${JSON.stringify(o.name)}`, location });
      } else if (o.email !== undefined) {
        const holders = await findVerifiedEmailHolders({ tx, email: o.email });
        if (holders.length === 1) out.push({ kind: 'user', id: holders[0]! });
        else problems.push({ message: `no one has signed in with the verified email ${JSON.stringify(o.email)}`, location });
      } else if (await findUser({ tx, id: o.id! })) out.push({ kind: 'user', id: o.id! });
      else problems.push({ message: `unknown user id ${JSON.stringify(o.id)}`, location });
    }
    if (problems.length) throw new ValidationError('GOVERNANCE_OWNER_UNKNOWN', `Owners were refused: ${problems.map((p) => p.message).join('; ')}`, problems);
    // One entry per owner, in the order given.
    const seen = new Set<string>();
    return out.filter((o) => {
      const key = o.kind === 'user' ? `u:${o.id}` : `g:${o.name}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  function checkIfMatch(ifMatch: string | undefined, revision: number, name: string): void {
    if (ifMatch === undefined || ifMatch.trim() === '') {
      throw new PreconditionRequiredError('GOVERNANCE_IF_MATCH_REQUIRED', `Send If-Match with the ETag of GET /api/servers/${encodeURIComponent(name)}/governance`);
    }
    if (!matchesEntityTag(ifMatch, governanceEtag(revision))) {
      throw new PreconditionFailedError(
        'GOVERNANCE_CHANGED',
        `The governance of ${name} changed since you read it (If-Match ${ifMatch}, now ${governanceEtag(revision)}): read it again and reapply your change`,
      );
    }
  }

  /**
   * Writes `set` to the row at `row.revision` (or creates it at revision 1); a
   * concurrent winner turns this into a 412, inside the transaction, so nothing of
   * the loser is written.
   */
  async function store1(tx: Tx, name: string, row: ServerGovernanceRow | undefined, set: Partial<ServerGovernanceRow>, at: number, by: string): Promise<void> {
    const ok = row
      ? await updateServerGovernance({ tx, name, revision: Number(row.revision), set: { ...set, updated_at: at, updated_by: by } })
      : await insertServerGovernance({ tx, row: { name, ...set, revision: 1, updated_at: at, updated_by: by } });
    if (!ok) throw new PreconditionFailedError('GOVERNANCE_CHANGED', `The governance of ${name} changed while your change was being made: read it again and reapply your change`);
  }

  const actorOf = (caller: Caller) => ({ actorSubject: caller.registry.subject || caller.id, actorMethod: caller.via });

  return {
    async get(name: string): Promise<{ view: ServerGovernanceView; etag: string }> {
      const rows = await catalogRows(store.db, name);
      const row = await findServerGovernance({ tx: store.db, name });
      const v = await view(store.db, name, row, curatedOf(rows));
      return { view: v, etag: governanceEtag(v.revision) };
    },

    /** Whether this caller owns this server (for publishing and re-certifying). */
    async isOwner(caller: Pick<Caller, 'id' | 'groups'>, name: string): Promise<boolean> {
      return isOwnerAmong(caller, ownersOf(await findServerGovernance({ tx: store.db, name })));
    },

    /**
     * Whether an owner may publish a new version of `name` without a namespace
     * proof: a person (browser session or personal token) named as an owner, or in an
     * owning group, of a server already published here. New names still need a proof
     * or the publisher role; a mirrored server is changed upstream, not by its owners here.
     * A token must have a scope that admits writes (requireOwnerWriteScope): an
     * owner's `catalog:read` token is refused with a 403 naming the scope it lacks.
     */
    async mayPublishAsOwner(caller: Caller, name: string): Promise<boolean> {
      if (caller.via !== 'session' && caller.via !== 'personal-token') return false;
      if (!caller.permissions.has('catalog.read')) return false;
      const row = await findServerGovernance({ tx: store.db, name });
      if (!isOwnerAmong(caller, ownersOf(row))) return false;
      const rows = await listCatalogRowsOfName({ tx: store.db, name });
      if (!rows.some((r) => r.origin === '')) return false;
      requireOwnerWriteScope(caller, name, 'publishing');
      return true;
    },

    /** PATCH: trust (catalog.approve), owners, support contact, docs URL (catalog.approve or an owner). */
    async change(name: string, input: unknown, w: GovernanceWrite): Promise<{ view: ServerGovernanceView; etag: string }> {
      if (input !== null && typeof input === 'object' && !Array.isArray(input) && 'trust' in input) {
        const t = (input as { trust?: unknown }).trust;
        if (t !== null && t !== undefined) checkTrustLevel(t);
      }
      const parsed = changeSchema.safeParse(input);
      if (!parsed.success) throw invalid(parsed.error);
      const c = parsed.data;
      const approver = w.caller.permissions.has('catalog.approve');
      let trustChanged = false;
      const groups = c.owners?.some((o) => o.kind === 'group') ? await options.knownGroups() : new Set<string>();
      const result = await store.db.transaction().execute(async (tx) => {
        await store.lockName(tx, name);
        const rows = await catalogRows(tx, name);
        const row = await findServerGovernance({ tx, name });
        const revision = row ? Number(row.revision) : 0;
        if (c.trust !== undefined && !approver) {
          throw new ForbiddenError('GOVERNANCE_FORBIDDEN', 'Setting a trust level needs the permission "catalog.approve" (reviewers and administrators)');
        }
        if (!approver && !isOwnerAmong(w.caller, ownersOf(row))) {
          throw new ForbiddenError('GOVERNANCE_FORBIDDEN', `Changing the owners, support contact or docs URL of ${name} needs "catalog.approve" or being one of its owners`);
        }
        if (!approver) requireOwnerWriteScope(w.caller, name, 'changing the owners, support contact or docs URL');
        checkIfMatch(w.ifMatch, revision, name);
        const at = nowMicros();
        const actor = actorOf(w.caller);
        const set: Partial<ServerGovernanceRow> = {};
        const reason = c.reason !== undefined ? { reason: c.reason } : {};
        const trust = c.trust === undefined ? undefined : (c.trust as TrustLevel | null);
        if (trust !== undefined && trust !== (row?.trust ?? null)) {
          trustChanged = true;
          Object.assign(set, { trust, trust_set_by: actor.actorSubject, trust_set_at: at, recertify_due_at: dueFrom(at, trust ?? curatedOf(rows)) });
          await insertRegistryEvent({
            tx,
            event: { at, action: 'trust', name, version: '', ...actor, oldValue: { trust: row?.trust ?? null }, newValue: { trust, ...reason } },
          });
        }
        const before = { owners: ownersOf(row), supportContact: row?.support_contact ?? null, docsUrl: row?.docs_url ?? null };
        const after = {
          owners: c.owners !== undefined ? await resolveOwners(tx, c.owners, groups) : before.owners,
          supportContact: c.supportContact !== undefined ? c.supportContact : before.supportContact,
          docsUrl: c.docsUrl !== undefined ? c.docsUrl : before.docsUrl,
        };
        if (!sameOwners(before.owners, after.owners) || before.supportContact !== after.supportContact || before.docsUrl !== after.docsUrl) {
          Object.assign(set, { owners: JSON.stringify(after.owners), support_contact: after.supportContact, docs_url: after.docsUrl });
          await insertRegistryEvent({ tx, event: { at, action: 'owners', name, version: '', ...actor, oldValue: before, newValue: { ...after, ...reason } } });
        }
        if (Object.keys(set).length === 0) return { changed: false, curated: curatedOf(rows) };
        await store1(tx, name, row, set, at, actor.actorSubject);
        await store.notifyChange(tx, trustChanged ? [name, SERVER_TRUST_CHANGED] : [name]);
        return { changed: true, curated: curatedOf(rows) };
      });
      if (result.changed) {
        options.governanceChanged([name]);
        if (trustChanged) options.trustChanged();
      }
      const row = await findServerGovernance({ tx: store.db, name });
      const v = await view(store.db, name, row, result.curated);
      return { view: v, etag: governanceEtag(v.revision) };
    },

    /** POST recertify: an owner (or a reviewer) confirms the server is still what it says; the next due date follows its trust level. */
    async recertify(name: string, input: unknown, w: GovernanceWrite): Promise<{ view: ServerGovernanceView; etag: string }> {
      const parsed = recertifySchema.safeParse(input ?? {});
      if (!parsed.success) throw invalid(parsed.error);
      const result = await store.db.transaction().execute(async (tx) => {
        await store.lockName(tx, name);
        const rows = await catalogRows(tx, name);
        const row = await findServerGovernance({ tx, name });
        if (!w.caller.permissions.has('catalog.approve') && !isOwnerAmong(w.caller, ownersOf(row))) {
          throw new ForbiddenError('GOVERNANCE_FORBIDDEN', `Re-certifying ${name} needs "catalog.approve" or being one of its owners`);
        }
        if (!w.caller.permissions.has('catalog.approve')) requireOwnerWriteScope(w.caller, name, 're-certifying');
        checkIfMatch(w.ifMatch, row ? Number(row.revision) : 0, name);
        const at = nowMicros();
        const actor = actorOf(w.caller);
        const curated = curatedOf(rows);
        const due = dueFrom(at, row?.trust ?? curated);
        await store1(tx, name, row, { recertified_at: at, recertified_by: actor.actorSubject, recertify_due_at: due }, at, actor.actorSubject);
        await insertRegistryEvent({
          tx,
          event: {
            at,
            action: 'recertify',
            name,
            version: '',
            ...actor,
            oldValue: { recertifiedAt: row?.recertified_at ?? null, recertifyDueAt: row?.recertify_due_at ?? null },
            newValue: { recertifiedAt: at, recertifyDueAt: due, ...(parsed.data.reason !== undefined ? { reason: parsed.data.reason } : {}) },
          },
        });
        await store.notifyChange(tx, [name]);
        return curated;
      });
      options.governanceChanged([name]);
      const row = await findServerGovernance({ tx: store.db, name });
      const v = await view(store.db, name, row, result);
      return { view: v, etag: governanceEtag(v.revision) };
    },
  };
}

export type ServerGovernance = ReturnType<typeof createServerGovernance>;
