/**
 * Reports and moderation (issue #21 item 7). A signed-in person reports a server
 * or one version they may discover; a moderator (`catalog.moderate`) resolves the
 * report with an action: dismiss, deprecate or delete (the catalog's own status
 * change, in the same transaction as the resolution), or block (the gateway
 * refuses the server on every replica at its next message). Every report and
 * decision writes one registry_events row in the transaction of the change;
 * notifications are derived from those rows.
 */
import type { Caller } from '../access/index.js';
import { EVERY_REVIEW_STATE, type Catalog, type CatalogView } from '../catalog/index.js';
import { ConflictError, InputError, NotFoundError, PreconditionFailedError, PreconditionRequiredError, TooManyRequestsError } from '../errors.js';
import { matchesEntityTag } from '../matchesEntityTag.js';
import type { ModerationAction, ReportKind } from '../schemas/governance.js';
import {
  countReportsSince,
  findOpenReport,
  findReport,
  insertRegistryEvent,
  insertReport,
  listBlockedServers,
  listReports,
  nowMicros,
  resolveReport,
  setServerBlock,
  type ReportFilter,
  type ReportRow,
  type Store,
  type Tx,
} from '../store/index.js';
import type { ServerBlocks } from './createServerBlocks.js';

/** Longest report text and moderator reason, in characters. */
export const MAX_REPORT_TEXT = 4000;
export const MAX_MODERATION_REASON = 1000;
const HOUR_MICROS = 3_600_000_000;

export interface NewReportInput {
  name: string;
  version: string | null;
  kind: ReportKind;
  text: string;
}

export interface Resolution {
  action: ModerationAction;
  reason?: string;
}

/** A report as the API shows it. */
export interface ReportView {
  id: number;
  name: string;
  version: string | null;
  reporter: string;
  kind: ReportKind;
  text: string;
  state: ReportRow['state'];
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  action: ModerationAction | null;
  reason: string | null;
  revision: number;
}

/** A server's moderator block as the API (and `_meta["io.toolshed/governance"].blocked`) shows it. */
export interface BlockView {
  at: string;
  by: string;
  reason: string;
}

export interface BlockState {
  name: string;
  blocked: BlockView | null;
  trustBlocked: boolean;
  /** server_governance.revision (0 when the server has no governance row yet): the ETag of block and unblock. */
  revision: number;
}

const iso = (micros: number) => new Date(Math.floor(micros / 1000)).toISOString();

export function reportEtag(row: { revision: number }): string {
  return `W/"${row.revision}"`;
}

export function renderReport(row: ReportRow): ReportView {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    reporter: row.reporter,
    kind: row.kind,
    text: row.text,
    state: row.state,
    createdAt: iso(row.created_at),
    decidedBy: row.decided_by,
    decidedAt: row.decided_at === null ? null : iso(row.decided_at),
    action: row.action,
    reason: row.reason,
    revision: row.revision,
  };
}

/** The `blocked` member of `_meta["io.toolshed/governance"]`, for the renderer of that object. */
export function blockMeta(row: { blocked_at: number | null; blocked_by: string | null; block_reason: string | null }): BlockView | undefined {
  if (row.blocked_at === null) return undefined;
  return { at: iso(Number(row.blocked_at)), by: row.blocked_by ?? '', reason: row.block_reason ?? '' };
}

export interface ModerationOptions {
  store: Store;
  catalog: Catalog;
  blocks: ServerBlocks;
  /** TOOLSHED_REPORTS_PER_HOUR */
  reportsPerHour: number;
}

export type Moderation = ReturnType<typeof createModeration>;

export function createModeration(options: ModerationOptions) {
  const { store, catalog, blocks } = options;

  const reportNotFound = () => new NotFoundError('GOVERNANCE_REPORT_NOT_FOUND', 'Report not found');
  // The same identity every other registry event records (a person's email, as for publish and approve), so `?actor=` finds all of a moderator's decisions.
  const actor = (caller: Caller) => ({ actorSubject: caller.registry.subject || caller.id, actorMethod: caller.via });

  async function blockRevision(tx: Tx, name: string): Promise<number> {
    const row = await tx.selectFrom('server_governance').select('revision').where('name', '=', name).executeTakeFirst();
    return row ? Number(row.revision) : 0;
  }

  /** Sets or clears the moderator's block in `tx`, with its audit row and the change notification for the other replicas. */
  async function writeBlock(tx: Tx, name: string, block: { reason: string; report?: number } | null, caller: Caller, at: number): Promise<number> {
    const revision = await setServerBlock({ tx, name, block, by: actor(caller).actorSubject, at });
    await insertRegistryEvent({
      tx,
      event: {
        at,
        action: block ? 'block' : 'unblock',
        name,
        version: '',
        ...actor(caller),
        oldValue: null,
        newValue: block ? { blocked: true, reason: block.reason, ...(block.report !== undefined ? { report: block.report } : {}) } : { blocked: false },
      },
    });
    await store.notifyChange(tx, [name]);
    return revision;
  }

  return {
    /**
     * Files a report about a server (`version` null) or version the caller may
     * discover (`view`, as the read API applies it: a server they cannot see
     * answers as a missing one). Refused past the hourly limit (429) and for a
     * second open report on the same target (409).
     */
    async file(input: NewReportInput, caller: Caller, view: CatalogView | null | undefined): Promise<ReportView> {
      const text = input.text.trim();
      if (input.kind === 'other' && text === '') throw new InputError('GOVERNANCE_REPORT_TEXT_REQUIRED', 'A report of kind "other" needs a text saying what is wrong');
      // Throws the catalog's own not-found for a missing or hidden server or version; a version
      // is named in the answer (the same words whether the server is missing, hidden or lacks it).
      try {
        await catalog.get(input.name, input.version ?? 'latest', false, view);
      } catch (err) {
        if (input.version !== null && err instanceof NotFoundError) {
          throw new NotFoundError('CATALOG_VERSION_NOT_FOUND', `No version ${JSON.stringify(input.version)} of ${JSON.stringify(input.name)} that you may see`);
        }
        throw err;
      }
      const id = await store.db.transaction().execute(async (tx) => {
        // One reporter at a time: the count and the insert cannot interleave with their next report.
        await store.lockName(tx, `reporter lock ${caller.id}`);
        const at = nowMicros();
        const recent = await countReportsSince({ tx, reporter: caller.id, since: at - HOUR_MICROS });
        if (recent.count >= options.reportsPerHour) {
          const wait = recent.oldest === null ? 3600 : Math.max(1, Math.ceil((recent.oldest + HOUR_MICROS - at) / 1_000_000));
          throw new TooManyRequestsError('GOVERNANCE_REPORT_RATE_LIMITED', `You may file ${options.reportsPerHour} reports an hour; retry in ${wait} s`, wait);
        }
        const duplicate = (id?: number) =>
          new ConflictError('GOVERNANCE_REPORT_DUPLICATE', `You already have an open report on this ${input.version === null ? 'server' : 'version'}${id !== undefined ? ` (report ${id})` : ''}`);
        const open = await findOpenReport({ tx, reporter: caller.id, name: input.name, version: input.version });
        if (open) throw duplicate(open.id);
        // The unique index stays the last word (the reporter's lock makes a race unlikely).
        const newId = await insertReport({ tx, report: { name: input.name, version: input.version, reporter: caller.id, kind: input.kind, text, at } });
        if (newId === null) throw duplicate();
        await insertRegistryEvent({
          tx,
          event: { at, action: 'report', name: input.name, version: input.version ?? '', ...actor(caller), oldValue: null, newValue: { report: newId, kind: input.kind } },
        });
        return newId;
      });
      return renderReport((await findReport({ tx: store.db, id }))!);
    },

    async list(filter: ReportFilter, limit: number): Promise<ReportView[]> {
      return (await listReports({ tx: store.db, filter, limit })).map(renderReport);
    },

    async get(id: number): Promise<ReportView> {
      const row = await findReport({ tx: store.db, id });
      if (!row) throw reportNotFound();
      return renderReport(row);
    },

    /**
     * Resolves an open report with If-Match on its ETag: 428 without one, 412
     * when it changed (another moderator resolved it). The action and the
     * resolution commit together; of two concurrent resolutions exactly one wins.
     */
    async resolve(id: number, resolution: Resolution, ifMatch: string | undefined, caller: Caller): Promise<ReportView> {
      if (ifMatch === undefined) throw new PreconditionRequiredError('GOVERNANCE_REPORT_IF_MATCH_REQUIRED', "Send If-Match with the report's ETag (read the report first)");
      const reason = resolution.reason?.trim() ?? '';
      if (resolution.action !== 'dismiss' && reason === '') throw new InputError('GOVERNANCE_BLOCK_NEEDS_REASON', `Say why you ${resolution.action} it: a reason is required`);
      const report = await findReport({ tx: store.db, id });
      if (!report) throw reportNotFound();
      const changed = () => new PreconditionFailedError('GOVERNANCE_REPORT_CHANGED', 'The report changed since you read it (another moderator resolved it): read it again');
      if (!matchesEntityTag(ifMatch, reportEtag(report)) || report.state !== 'open') throw changed();
      const at = nowMicros();
      const claim = async (tx: Tx) => {
        if (!(await resolveReport({ tx, id, revision: report.revision, action: resolution.action, reason: reason || null, by: actor(caller).actorSubject, at }))) throw changed();
        await insertRegistryEvent({
          tx,
          event: {
            at,
            action: 'moderate',
            name: report.name,
            version: report.version ?? '',
            ...actor(caller),
            oldValue: { report: id, state: 'open' },
            newValue: { report: id, action: resolution.action, ...(reason ? { reason } : {}) },
          },
        });
      };
      switch (resolution.action) {
        case 'dismiss':
          await store.db.transaction().execute(claim);
          break;
        case 'block':
          await store.db.transaction().execute(async (tx) => {
            await store.lockName(tx, report.name);
            await claim(tx);
            await writeBlock(tx, report.name, { reason, report: id }, caller, at);
          });
          await blocks.changed(report.name);
          // People's discovery hides a blocked server: this replica's cached answers go now.
          catalog.governanceChanged([report.name]);
          break;
        case 'deprecate':
        case 'delete': {
          const change = {
            status: resolution.action === 'delete' ? ('deleted' as const) : ('deprecated' as const),
            statusMessage: `${resolution.action === 'delete' ? 'Deleted' : 'Deprecated'} by a moderator`,
          };
          const principal = { subject: actor(caller).actorSubject, method: caller.via, permissions: [] };
          try {
            if (report.version !== null) await catalog.setVersionStatus(report.name, report.version, change, principal, { within: claim });
            else await catalog.setServerStatus(report.name, change, principal, { within: claim });
          } catch (err) {
            // Already so (another report's action, the publisher): the report is resolved all the same.
            if ((err as { code?: unknown }).code !== 'CATALOG_STATUS_NO_CHANGE') throw err;
            await store.db.transaction().execute(claim);
          }
          break;
        }
      }
      return renderReport((await findReport({ tx: store.db, id }))!);
    },

    /** The server's block as moderators see it, with the ETag block and unblock take. */
    async blockState(name: string): Promise<BlockState> {
      const row = await store.db.selectFrom('server_governance').select(['revision', 'blocked_at', 'blocked_by', 'block_reason', 'trust']).where('name', '=', name).executeTakeFirst();
      return { name, blocked: (row && blockMeta(row)) ?? null, trustBlocked: row?.trust === 'blocked', revision: row ? Number(row.revision) : 0 };
    },

    /** Blocks (reason given) or unblocks (null) a server directly, with If-Match on its governance revision. */
    async setBlock(name: string, block: { reason: string } | null, ifMatch: string | undefined, caller: Caller): Promise<BlockState> {
      if (ifMatch === undefined) throw new PreconditionRequiredError('GOVERNANCE_REPORT_IF_MATCH_REQUIRED', "Send If-Match with the server's block ETag (GET …/block first)");
      if (block && block.reason.trim() === '') throw new InputError('GOVERNANCE_BLOCK_NEEDS_REASON', 'Say why you block it: a reason is required');
      // Only catalog servers can be blocked; a moderator sees every server, blocked ones included.
      await catalog.versions(name, true, null, EVERY_REVIEW_STATE);
      await store.db.transaction().execute(async (tx) => {
        await store.lockName(tx, name);
        const revision = await blockRevision(tx, name);
        if (!matchesEntityTag(ifMatch, `W/"${revision}"`)) throw new PreconditionFailedError('GOVERNANCE_REPORT_CHANGED', "The server's governance changed since you read it: read it again");
        const [current] = await listBlockedServers({ tx, names: [name] });
        if (!block && current?.blockedAt == null) throw new ConflictError('GOVERNANCE_NOT_BLOCKED', `${name} is not blocked by a moderator`);
        await writeBlock(tx, name, block ? { reason: block.reason.trim() } : null, caller, nowMicros());
      });
      await blocks.changed(name);
      catalog.governanceChanged([name]);
      return this.blockState(name);
    },
  };
}
