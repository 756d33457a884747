/**
 * The servers the gateway refuses, held in memory: a moderator's block
 * (server_governance.blocked_at) or trust level `blocked`. The relay asks
 * `blocked(name)` on every message, so nothing here touches the database on the
 * hot path. Memory is loaded at start and reloaded, per server, when any replica
 * commits a change to it: the store's change notifications (PostgreSQL
 * LISTEN/NOTIFY, sent on commit by every catalog and governance write that calls
 * `notifyChange`), and `changed(name)` on this replica right after its own write.
 * A lost subscription reloads everything when it is back.
 */
import { listBlockedServers, type BlockedServerRow, type Store } from '../store/index.js';

export interface ServerBlock {
  /** Why the gateway refuses it, for the refusal and the audit. */
  reason: string;
  /** A moderator's block (null when only the trust level blocks it). */
  moderator: { at: number; by: string; reason: string } | null;
  trustBlocked: boolean;
}

export interface ServerBlocks {
  /** The block on this server, or undefined: answered from memory. */
  blocked(name: string): ServerBlock | undefined;
  /** Reloads every server's block (start-up, after a lost subscription), or those named. */
  reload(names?: readonly string[]): Promise<void>;
  /** Reloads one server after a write on this replica (other replicas hear the write's notification). */
  changed(name: string): Promise<void>;
  /** Subscribes to other replicas' changes; resolves to an unsubscribe. */
  listen(): Promise<() => Promise<void>>;
}

/** Reloads by name in slices, so a federation sync naming thousands of servers stays a few small queries. */
const SLICE = 500;

function blockOf(row: BlockedServerRow): ServerBlock {
  const moderator = row.blockedAt !== null ? { at: row.blockedAt, by: row.blockedBy ?? '', reason: row.blockReason ?? '' } : null;
  const reason = moderator ? `blocked by a moderator: ${moderator.reason}` : 'its trust level is blocked';
  return { reason, moderator, trustBlocked: row.trustBlocked };
}

export function createServerBlocks(options: { store: Pick<Store, 'db' | 'listenForChanges'>; log?: { warn(details: Record<string, unknown>, message: string): void } }): ServerBlocks {
  const { store } = options;
  const blocks = new Map<string, ServerBlock>();

  async function reload(names?: readonly string[]): Promise<void> {
    if (names === undefined) {
      const rows = await listBlockedServers({ tx: store.db });
      blocks.clear();
      for (const row of rows) blocks.set(row.name, blockOf(row));
      return;
    }
    for (let i = 0; i < names.length; i += SLICE) {
      const slice = names.slice(i, i + SLICE);
      const rows = await listBlockedServers({ tx: store.db, names: slice });
      const found = new Map(rows.map((r) => [r.name, r]));
      for (const name of slice) {
        const row = found.get(name);
        if (row) blocks.set(name, blockOf(row));
        else blocks.delete(name);
      }
    }
  }

  return {
    blocked: (name) => blocks.get(name),
    reload,
    changed: (name) => reload([name]),
    async listen() {
      return store.listenForChanges((names) => {
        // An empty list means "anything may have changed" (a truncated payload, a reconnect).
        void reload(names.length ? names : undefined).catch((err) => options.log?.warn({ err }, 'reloading server blocks after a change failed; the previous blocks stay in force'));
      });
    },
  };
}
