/**
 * The credentials the gateway injects towards upstream servers: shared per
 * server (set by administrators) and per person (their own key for a server),
 * each a header, a query parameter or a value for a `{variable}` of the
 * remote's URL. Values are sealed with the secret key, bound (associated data)
 * to server, owner and name so a sealed value cannot be moved to another row;
 * they are only ever opened to relay, never returned by any API. Opened values
 * are kept in the request-context cache (in memory only, like the key); setting
 * or removing a server's secret invalidates that server's entries.
 *
 * A shared secret is approved for origins, recorded with it: the ones the
 * administrator names, else, when it is created, the ones the server's remotes
 * have then (filled with shared values and defaults). Setting its value again
 * keeps them; only an administrator's approval changes them, so a publisher's
 * new remote URL does not take the credential along. They travel with the
 * opened value, so the relay checks them from memory.
 */
import { randomBytes } from 'node:crypto';
import { contextTags, createRequestContextCache, type RequestContextCache } from '../access/index.js';
import type { SecretBox } from '../secretBox.js';
import { NotFoundError, ValidationError } from '../errors.js';
import {
  deleteUpstreamSecret,
  findUpstreamSecret,
  insertAccessChange,
  listUnsettledSharedSecrets,
  listUpstreamSecrets,
  nowMicros,
  setUpstreamSecretOrigins,
  upsertUpstreamSecret,
  type Store,
  type UpstreamSecretRow,
} from '../store/index.js';
import type { FindCatalogServer } from './catalogServer.js';
import { sharedOrigins } from './connectionUpstream.js';

export type { SecretKind, SecretValue } from './secretValue.js';
import type { SecretKind, SecretValue } from './secretValue.js';
export const SECRET_KINDS: readonly SecretKind[] = ['header', 'query', 'variable'];

export interface UpstreamSecretInfo {
  server: string;
  name: string;
  kind: SecretKind;
  /** `shared` (everyone connecting to the server) or `personal` (the owner's own). */
  scope: 'shared' | 'personal';
  userId: string | null;
  /** For a shared secret: the origins it is sent to (null until a row from before approvals is settled). */
  allowedOrigins: string[] | null;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export interface UpstreamSecrets {
  /**
   * Sets a secret (`userId` null: shared). The server must exist. A shared one
   * takes `allowedOrigins`; without them a new one is approved for the origins
   * the server's remotes have now, and an existing one keeps its approval.
   */
  put(
    server: string,
    userId: string | null,
    name: string,
    input: { kind?: unknown; value?: unknown; allowedOrigins?: unknown },
    actor: string,
  ): Promise<{ secret: UpstreamSecretInfo; created: boolean }>;
  /** Approves a shared secret for `allowedOrigins`, or (undefined) for the origins the server's remotes have now. */
  approve(server: string, name: string, allowedOrigins: unknown, actor: string): Promise<UpstreamSecretInfo>;
  /**
   * Approves the shared secrets written before approvals were recorded for the
   * origins their remotes have now; run at start. `unopened`: servers left
   * unsettled because their values do not open with this secret key.
   */
  settleLegacyApprovals(actor: string): Promise<{ settled: number; unopened: string[] }>;
  remove(server: string, userId: string | null, name: string, actor: string): Promise<void>;
  /** Names, kinds and times only. */
  list(server: string, userId: string | null): Promise<UpstreamSecretInfo[]>;
  /** The values to relay with for (server, person): a personal secret wins over a shared one of the same name. */
  valuesFor(server: string, userId: string): Promise<Map<string, SecretValue>>;
  /** The shared values only (what a probe of the server may send; never a person's). */
  sharedValuesFor(server: string): Promise<Map<string, SecretValue>>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
/** Headers the gateway itself sets or that would break the exchange. */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'proxy-authorization',
  'proxy-connection',
  'accept',
  'accept-encoding',
  'user-agent',
  'mcp-session-id',
  'mcp-protocol-version',
  'last-event-id',
  'mcp-method',
  'mcp-name',
]);
const MAX_VALUE = 8192;
const MAX_ORIGINS = 20;

/** Associated data: a sealed value opens only for the row it was written for. */
export function secretContext(server: string, userId: string | null, name: string): string {
  return `upstream-secret\n${server}\n${userId ?? ''}\n${name}`;
}

const originsOf = (row: UpstreamSecretRow): string[] | null => (row.allowed_origins === null ? null : (JSON.parse(row.allowed_origins) as string[]));

function infoOf(row: UpstreamSecretRow): UpstreamSecretInfo {
  return {
    server: row.server,
    name: row.name,
    kind: row.kind,
    scope: row.user_id === null ? 'shared' : 'personal',
    userId: row.user_id,
    allowedOrigins: originsOf(row),
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function checkSecretName(name: string, kind?: SecretKind): void {
  if (!NAME.test(name)) {
    throw new ValidationError(
      'GATEWAY_BAD_SECRET_NAME',
      'A secret name is 1-100 letters, digits, `_`, `.` or `-`, starting with a letter or digit (the header, query parameter or URL variable it fills)',
      [{ message: 'invalid name', location: 'path.secretName', value: name }],
    );
  }
  const lower = name.toLowerCase();
  if (kind === 'header' && (RESERVED_HEADERS.has(lower) || lower.startsWith('mcp-param-') || lower.startsWith('x-toolshed-'))) {
    throw new ValidationError('GATEWAY_RESERVED_HEADER', `The gateway sets the header ${name} itself; it cannot be an upstream secret`, [
      { message: 'reserved header', location: 'path.secretName', value: name },
    ]);
  }
}

/** The origins an administrator names: http(s) origins, written with or without a trailing `/`. */
export function checkOrigins(input: unknown): string[] {
  const where = 'body.allowedOrigins';
  if (!Array.isArray(input) || input.length === 0 || input.length > MAX_ORIGINS) {
    throw new ValidationError('GATEWAY_BAD_ORIGINS', `allowedOrigins must be a list of 1-${MAX_ORIGINS} origins (https://host[:port])`, [{ message: 'invalid list', location: where }]);
  }
  return [
    ...new Set(
      input.map((item, i) => {
        let url: URL | undefined;
        try {
          url = typeof item === 'string' && item.length <= 300 ? new URL(item) : undefined;
        } catch {
          url = undefined;
        }
        if (!url || !['https:', 'http:'].includes(url.protocol) || url.username || url.password || url.pathname !== '/' || url.search || url.hash) {
          throw new ValidationError(
            'GATEWAY_BAD_ORIGINS',
            'Each allowed origin is a scheme, host and optional port only, like https://mcp.example.com or http://10.0.0.5:8080 (no path, query or credentials)',
            [{ message: 'not an origin', location: `${where}.${i}`, value: item }],
          );
        }
        return url.origin;
      }),
    ),
  ];
}

export function createUpstreamSecrets({
  store,
  secretBox,
  findServer,
  contextCache = createRequestContextCache({ store }),
  hosted,
}: {
  /**
   * Whether Toolshed hosts the server's package: a shared secret of a server with no remote
   * origin is then approved for no origin at all (it reaches only its instances' environment).
   */
  hosted?: ((doc: object) => boolean) | undefined;
  store: Store;
  secretBox: SecretBox;
  findServer: FindCatalogServer;
  contextCache?: RequestContextCache;
}): UpstreamSecrets {
  const db = store.db;
  const notFound = (server: string) => new NotFoundError('GATEWAY_SERVER_NOT_FOUND', `No server named '${server}' in the catalog`);
  /**
   * The origins a shared secret is approved for when the administrator names none: the one origin the
   * server's remotes have. Remotes on several origins are the publisher's to add to (a second, `sse`,
   * remote on a host of their own), so then the administrator must name them.
   */
  const defaultOrigins = (server: string, origins: string[]): string[] => {
    if (!origins.length) throw noOrigins(server);
    if (origins.length > 1) {
      throw new ValidationError('GATEWAY_ORIGINS_AMBIGUOUS', `${server}'s remotes point at ${origins.length} origins (${origins.join(', ')}): name the ones this secret may go to in allowedOrigins`, [
        { message: 'origins needed', location: 'body.allowedOrigins' },
      ]);
    }
    return origins;
  };
  const noOrigins = (server: string) =>
    new ValidationError('GATEWAY_NO_ORIGIN', `${server}'s remote URLs have no origin without a person's value (or no remote at all): name the origins this secret may go to in allowedOrigins`, [
      { message: 'origins needed', location: 'body.allowedOrigins' },
    ]);

  return {
    async put(server, userId, name, input, actor) {
      const kind = input.kind;
      if (typeof kind !== 'string' || !(SECRET_KINDS as readonly string[]).includes(kind)) {
        throw new ValidationError('GATEWAY_BAD_SECRET_KIND', `kind must be one of ${SECRET_KINDS.join(', ')}`, [{ message: 'invalid kind', location: 'body.kind', value: kind }]);
      }
      checkSecretName(name, kind as SecretKind);
      const value = input.value;
      if (typeof value !== 'string' || value.length === 0 || value.length > MAX_VALUE || /[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) {
        // The value itself is never echoed back.
        throw new ValidationError('GATEWAY_BAD_SECRET_VALUE', `value must be a string of 1-${MAX_VALUE} characters without line breaks or control characters`, [
          { message: 'invalid value', location: 'body.value' },
        ]);
      }
      let origins = input.allowedOrigins === undefined ? undefined : checkOrigins(input.allowedOrigins);
      if (origins && userId !== null) {
        throw new ValidationError('GATEWAY_PERSONAL_ORIGINS', 'Only shared secrets are approved for origins; leave allowedOrigins out of your own', [
          { message: 'not allowed here', location: 'body.allowedOrigins' },
        ]);
      }
      const found = await findServer(server);
      if (!found) throw notFound(server);
      // What a shared secret's origins default to when none are named: its server's remote origins then.
      let candidate: string[] | undefined;
      if (userId === null && !origins) {
        const shared = (await openShared(server)) ?? new Map<string, SecretValue>();
        shared.set(name, { kind: kind as SecretKind, value, scope: 'shared' });
        candidate = sharedOrigins(found.doc, shared);
      }
      const at = nowMicros();
      const sealed = secretBox.encrypt(value, secretContext(server, userId, name));
      const created = await db.transaction().execute(async (tx) => {
        // One writer per secret at a time (across replicas too): whether this is a
        // create, and whether approved origins exist to keep, are decided on what
        // the previous writer committed, not on what was read before the lock.
        await store.lockName(tx, `upstream-secret:${server}#${userId ?? '*'}#${name}`);
        if (candidate && !(await findUpstreamSecret({ tx, server, userId, name }))?.allowed_origins) {
          origins = candidate.length === 0 && hosted?.(found.doc) ? [] : defaultOrigins(server, candidate);
        }
        const isNew = await upsertUpstreamSecret({
          tx,
          secret: { id: `sec_${randomBytes(12).toString('base64url')}`, server, userId, name, kind: kind as SecretKind, sealed, allowedOrigins: origins && JSON.stringify(origins), by: actor, at },
        });
        await insertAccessChange({
          tx,
          change: {
            at,
            actor,
            action: isNew ? 'create' : 'update',
            targetKind: 'upstream-secret',
            target: `${server}#${userId ?? '*'}#${name}`,
            newValue: { server, userId, name, kind, ...(origins ? { allowedOrigins: origins } : {}) },
          },
        });
        return isNew;
      });
      await contextCache.invalidate([contextTags.secrets(server)]);
      const row = await findUpstreamSecret({ tx: db, server, userId, name });
      return { secret: infoOf(row!), created };
    },

    async remove(server, userId, name, actor) {
      await db.transaction().execute(async (tx) => {
        const row = await findUpstreamSecret({ tx, server, userId, name });
        if (!row || !(await deleteUpstreamSecret({ tx, server, userId, name }))) {
          throw new NotFoundError('GATEWAY_SECRET_NOT_FOUND', `No ${userId === null ? 'shared' : 'personal'} secret named '${name}' for '${server}'`);
        }
        await insertAccessChange({
          tx,
          change: { at: nowMicros(), actor, action: 'delete', targetKind: 'upstream-secret', target: `${server}#${userId ?? '*'}#${name}`, oldValue: { server, userId, name, kind: row.kind } },
        });
      });
      await contextCache.invalidate([contextTags.secrets(server)]);
    },

    async approve(server, name, allowedOrigins, actor) {
      let origins = allowedOrigins === undefined ? undefined : checkOrigins(allowedOrigins);
      const row = await findUpstreamSecret({ tx: db, server, userId: null, name });
      if (!row) throw new NotFoundError('GATEWAY_SECRET_NOT_FOUND', `No shared secret named '${name}' for '${server}'`);
      if (!origins) {
        const found = await findServer(server);
        origins = defaultOrigins(server, found ? sharedOrigins(found.doc, (await openShared(server)) ?? new Map()) : []);
      }
      const next = origins;
      const at = nowMicros();
      await db.transaction().execute(async (tx) => {
        await setUpstreamSecretOrigins({ tx, id: row.id, allowedOrigins: JSON.stringify(next), at });
        await insertAccessChange({
          tx,
          change: { at, actor, action: 'update', targetKind: 'upstream-secret', target: `${server}#*#${name}`, oldValue: { allowedOrigins: originsOf(row) }, newValue: { allowedOrigins: next } },
        });
      });
      await contextCache.invalidate([contextTags.secrets(server)]);
      return infoOf((await findUpstreamSecret({ tx: db, server, userId: null, name }))!);
    },

    async settleLegacyApprovals(actor) {
      const rows = await listUnsettledSharedSecrets({ tx: db });
      const servers = [...new Set(rows.map((r) => r.server))];
      const result = { settled: 0, unopened: [] as string[] };
      for (const server of servers) {
        const found = await findServer(server);
        const shared = found && (await openShared(server));
        // Values that do not open (another secret key) are left for a start with the right key.
        if (found && !shared) {
          result.unopened.push(server);
          continue;
        }
        // A server gone from the catalog, or one whose origin needs a person's value, had nowhere its secrets could go.
        const origins = found && shared ? sharedOrigins(found.doc, shared) : [];
        const at = nowMicros();
        await db.transaction().execute(async (tx) => {
          for (const row of rows.filter((r) => r.server === server)) {
            if (!(await setUpstreamSecretOrigins({ tx, id: row.id, allowedOrigins: JSON.stringify(origins), at, onlyUnsettled: true }))) continue;
            result.settled += 1;
            await insertAccessChange({
              tx,
              change: { at, actor, action: 'update', targetKind: 'upstream-secret', target: `${server}#*#${row.name}`, oldValue: { allowedOrigins: null }, newValue: { allowedOrigins: origins } },
            });
          }
        });
      }
      if (servers.length) await contextCache.invalidate(servers.map((server) => contextTags.secrets(server)));
      return result;
    },

    async list(server, userId) {
      return (await listUpstreamSecrets({ tx: db, server, userId })).map(infoOf);
    },

    async valuesFor(server, userId) {
      return (await contextCache.through(
        `secrets:${server}\n${userId}`,
        () => open(server, userId),
        () => [contextTags.secrets(server)],
      ))!;
    },

    async sharedValuesFor(server) {
      return (await contextCache.through(
        `secrets:${server}\n`,
        () => open(server, null),
        () => [contextTags.secrets(server)],
      ))!;
    },
  };

  /** The shared values of a server, or undefined when one does not open (sealed under another key). */
  async function openShared(server: string): Promise<Map<string, SecretValue> | undefined> {
    try {
      return await open(server, null);
    } catch {
      return undefined;
    }
  }

  /** Reads and opens the values of (server, person) from the store; the shared ones only for `userId` null. */
  async function open(server: string, userId: string | null): Promise<Map<string, SecretValue>> {
    const rows = await listUpstreamSecrets({ tx: db, server, userId, withShared: true });
    const out = new Map<string, SecretValue>();
    // Shared first, so a personal secret of the same name replaces it.
    for (const row of [...rows.filter((r) => r.user_id === null), ...rows.filter((r) => r.user_id !== null)]) {
      const value = secretBox.decrypt(row.sealed, secretContext(row.server, row.user_id, row.name));
      out.set(
        row.name,
        row.user_id === null ? { kind: row.kind, value, scope: 'shared', origins: originsOf(row) ?? undefined } : { kind: row.kind, value, scope: 'personal', replaces: out.get(row.name) },
      );
    }
    return out;
  }
}
