/**
 * The credentials the gateway injects towards upstream servers: shared per
 * server (set by administrators) and per person (their own key for a server),
 * each a header, a query parameter or a value for a `{variable}` of the
 * remote's URL. Values are sealed with the secret key, bound (associated data)
 * to server, owner and name so a sealed value cannot be moved to another row;
 * they are only ever opened to relay, never returned by any API. Opened values
 * are kept in the request-context cache (in memory only, like the key); setting
 * or removing a server's secret invalidates that server's entries.
 */
import { randomBytes } from 'node:crypto';
import { contextTags, createRequestContextCache, type RequestContextCache } from '../access/index.js';
import type { SecretBox } from '../secretBox.js';
import { NotFoundError, ValidationError } from '../errors.js';
import {
  deleteUpstreamSecret,
  findUpstreamSecret,
  insertAccessChange,
  listUpstreamSecrets,
  nowMicros,
  upsertUpstreamSecret,
  type Store,
  type UpstreamSecretRow,
} from '../store/index.js';

export type SecretKind = 'header' | 'query' | 'variable';
export const SECRET_KINDS: readonly SecretKind[] = ['header', 'query', 'variable'];

export interface UpstreamSecretInfo {
  server: string;
  name: string;
  kind: SecretKind;
  /** `shared` (everyone connecting to the server) or `personal` (the owner's own). */
  scope: 'shared' | 'personal';
  userId: string | null;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export interface SecretValue {
  kind: SecretKind;
  value: string;
  /** `shared` (an administrator's) or `personal` (the person's own). */
  scope: 'shared' | 'personal';
  /** For a personal value: the shared one of the same name it replaces. */
  replaces?: SecretValue | undefined;
}

export interface UpstreamSecrets {
  /** Sets a secret (`userId` null: shared). The server must exist. */
  put(server: string, userId: string | null, name: string, input: { kind?: unknown; value?: unknown }, actor: string): Promise<{ secret: UpstreamSecretInfo; created: boolean }>;
  remove(server: string, userId: string | null, name: string, actor: string): Promise<void>;
  /** Names, kinds and times only. */
  list(server: string, userId: string | null): Promise<UpstreamSecretInfo[]>;
  /** The values to relay with for (server, person): a personal secret wins over a shared one of the same name. */
  valuesFor(server: string, userId: string): Promise<Map<string, SecretValue>>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
/** Headers the gateway itself sets or that would break the exchange. */
const RESERVED_HEADERS = new Set([
  'host', 'content-length', 'content-type', 'connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade',
  'proxy-authorization', 'proxy-connection', 'accept', 'accept-encoding', 'user-agent',
  'mcp-session-id', 'mcp-protocol-version', 'last-event-id', 'mcp-method', 'mcp-name',
]);
const MAX_VALUE = 8192;

/** Associated data: a sealed value opens only for the row it was written for. */
export function secretContext(server: string, userId: string | null, name: string): string {
  return `upstream-secret\n${server}\n${userId ?? ''}\n${name}`;
}

function infoOf(row: UpstreamSecretRow): UpstreamSecretInfo {
  return {
    server: row.server,
    name: row.name,
    kind: row.kind,
    scope: row.user_id === null ? 'shared' : 'personal',
    userId: row.user_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function checkSecretName(name: string, kind?: SecretKind): void {
  if (!NAME.test(name)) {
    throw new ValidationError('GATEWAY_BAD_SECRET_NAME', 'A secret name is 1-100 letters, digits, `_`, `.` or `-`, starting with a letter or digit (the header, query parameter or URL variable it fills)', [
      { message: 'invalid name', location: 'path.secretName', value: name },
    ]);
  }
  const lower = name.toLowerCase();
  if (kind === 'header' && (RESERVED_HEADERS.has(lower) || lower.startsWith('mcp-param-') || lower.startsWith('x-toolshed-'))) {
    throw new ValidationError('GATEWAY_RESERVED_HEADER', `The gateway sets the header ${name} itself; it cannot be an upstream secret`, [{ message: 'reserved header', location: 'path.secretName', value: name }]);
  }
}

export function createUpstreamSecrets({
  store,
  secretBox,
  serverExists,
  contextCache = createRequestContextCache({ store }),
}: {
  store: Store;
  secretBox: SecretBox;
  serverExists(name: string): Promise<boolean>;
  contextCache?: RequestContextCache;
}): UpstreamSecrets {
  const db = store.db;
  const notFound = (server: string) => new NotFoundError('GATEWAY_SERVER_NOT_FOUND', `No server named '${server}' in the catalog`);

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
        throw new ValidationError('GATEWAY_BAD_SECRET_VALUE', `value must be a string of 1-${MAX_VALUE} characters without line breaks or control characters`, [{ message: 'invalid value', location: 'body.value' }]);
      }
      if (!(await serverExists(server))) throw notFound(server);
      const at = nowMicros();
      const sealed = secretBox.encrypt(value, secretContext(server, userId, name));
      const created = await db.transaction().execute(async (tx) => {
        const isNew = await upsertUpstreamSecret({
          tx,
          secret: { id: `sec_${randomBytes(12).toString('base64url')}`, server, userId, name, kind: kind as SecretKind, sealed, by: actor, at },
        });
        await insertAccessChange({
          tx,
          change: { at, actor, action: isNew ? 'create' : 'update', targetKind: 'upstream-secret', target: `${server}#${userId ?? '*'}#${name}`, newValue: { server, userId, name, kind } },
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

    async list(server, userId) {
      return (await listUpstreamSecrets({ tx: db, server, userId })).map(infoOf);
    },

    async valuesFor(server, userId) {
      return (await contextCache.through(`secrets:${server}\n${userId}`, () => open(server, userId), () => [contextTags.secrets(server)]))!;
    },
  };

  /** Reads and opens the values of (server, person) from the store. */
  async function open(server: string, userId: string): Promise<Map<string, SecretValue>> {
    const rows = await listUpstreamSecrets({ tx: db, server, userId, withShared: true });
    const out = new Map<string, SecretValue>();
    // Shared first, so a personal secret of the same name replaces it.
    for (const row of [...rows.filter((r) => r.user_id === null), ...rows.filter((r) => r.user_id !== null)]) {
      const value = secretBox.decrypt(row.sealed, secretContext(row.server, row.user_id, row.name));
      out.set(row.name, row.user_id === null ? { kind: row.kind, value, scope: 'shared' } : { kind: row.kind, value, scope: 'personal', replaces: out.get(row.name) });
    }
    return out;
  }
}
