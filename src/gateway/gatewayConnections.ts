/**
 * Gateway connections: a person's (or a service token's) connection to one
 * catalog server for one client, whose unguessable id is its URL
 * (`/mcp/{id}`). Creating one needs `gateway.connect` and an access-rule
 * `connect` decision; an opt-in capability secret (shown once, stored as its
 * SHA-256) lets a client that cannot send headers authenticate by URL alone.
 * An active connection is kept in the request-context cache; a revocation or a
 * rename invalidates it before the call returns, here at once and on the other
 * replicas as soon as the store delivers the message.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { type AccessPolicy, type Caller, type Decision, contextTags, createRequestContextCache, type RequestContextCache, PERMISSIONS } from '../access/index.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import {
  findGatewayConnection,
  insertAccessChange,
  insertGatewayConnection,
  listGatewayConnections,
  nowMicros,
  recordGatewayConnectionUse,
  revokeGatewayConnection,
  updateGatewayConnectionLabel,
  type GatewayConnectionFilter,
  type GatewayConnectionRow,
  type Store,
  type Tx,
} from '../store/index.js';
import type { FindCatalogServer } from './catalogServer.js';
import { connectionUpstream, missingInputs, remoteOf } from './connectionUpstream.js';
import type { UpstreamSecrets } from './upstreamSecrets.js';
import { sha256Hex } from '../sha256Hex.js';

export const CONNECTION_ID = /^con_[A-Za-z0-9_-]{22,64}$/;
export const CAPABILITY_PREFIX = 'cap_';
/** A connection's last use is written at most this often (and whenever the address changes). */
export const CONNECTION_USE_WRITE_INTERVAL_MICROS = 60 * 1_000_000;
const LABEL = /^[^\u0000-\u001f\u007f]{1,100}$/;

export interface ConnectionRecord {
  id: string;
  userId: string;
  server: string;
  label: string;
  /** Whether a capability URL (secret in the path) works for it. */
  capabilityUrl: boolean;
  createdAt: number;
  revokedAt: number | null;
  revokedBy: string | null;
  lastUsedAt: number | null;
  lastUsedFrom: string | null;
  state: 'active' | 'revoked';
}

export interface NewConnectionInput {
  server?: unknown;
  label?: unknown;
  capabilityUrl?: unknown;
}

export interface GatewayConnections {
  /** A connection owned by `owner` (its id); the capability secret, when asked for, is returned here only. */
  create(owner: Caller, input: NewConnectionInput): Promise<{ connection: ConnectionRecord; secret?: string }>;
  list(filter: GatewayConnectionFilter): Promise<ConnectionRecord[]>;
  /** With `ownerId`, only that owner's connection. */
  rename(id: string, label: unknown, actor: string, ownerId?: string): Promise<ConnectionRecord>;
  revoke(id: string, actor: string, ownerId?: string): Promise<ConnectionRecord>;
  /** The active connection with this id (through the request-context cache), or undefined. */
  active(id: string): Promise<(ConnectionRecord & { secretHash: string | null }) | undefined>;
  /** Whether `secret` is this connection's capability secret (constant time). */
  capabilityMatches(connection: { secretHash: string | null }, secret: string): boolean;
  /**
   * Records a use (throttled: once a minute per connection, or when the address changes; `connection` remembers it).
   * The write when there is one; undefined when the throttle skips it (the gateway asks on every call).
   */
  recordUse(connection: ConnectionRecord, ip: string): Promise<void> | undefined;
}

export function connectionRecordOf(row: GatewayConnectionRow): ConnectionRecord & { secretHash: string | null } {
  return {
    id: row.id,
    userId: row.user_id,
    server: row.server,
    label: row.label,
    capabilityUrl: row.secret_hash !== null,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
    lastUsedAt: row.last_used_at,
    lastUsedFrom: row.last_used_from,
    state: row.revoked_at === null ? 'active' : 'revoked',
    secretHash: row.secret_hash,
  };
}

function publicRecord(record: ConnectionRecord & { secretHash?: string | null }): ConnectionRecord {
  const { secretHash: _hidden, ...rest } = record;
  return rest;
}

function checkLabel(label: unknown): string {
  const trimmed = typeof label === 'string' ? label.trim() : '';
  if (!LABEL.test(trimmed)) {
    throw new ValidationError('GATEWAY_BAD_LABEL', 'label must be 1-100 characters without control characters, naming the client (e.g. "laptop / Claude Desktop")', [
      { message: 'invalid label', location: 'body.label' },
    ]);
  }
  return trimmed;
}

/**
 * Whether a caller the rules do not let discover a server is told why rather than
 * answered 404: reviewers and rule keepers (they read every server anyway), and
 * anyone in a public catalog when no rule matched (nobody chose to hide it).
 */
function mayLearnWhy(owner: Caller, discover: Decision, visibility: 'public' | 'private'): boolean {
  if (owner.permissions.has('catalog.review') || owner.permissions.has('access.manage')) return true;
  return visibility === 'public' && discover.rule === null;
}

/**
 * Why a connection is refused. When no rule matched and the default denied it (a
 * fresh install has no rules), says so and where rules are made, rather than
 * letting the person guess; `errors[0].location` "accessRules" lets a client link there.
 */
function connectRefusal(server: string, decision: Decision): ForbiddenError {
  if (decision.rule !== null) return new ForbiddenError('GATEWAY_CONNECT_DENIED', `You may not connect to ${server}: ${decision.reason}`);
  return new ForbiddenError(
    'GATEWAY_NO_ACCESS_RULE',
    `No access rule lets you connect to ${server}, and when no rule matches access is denied (TOOLSHED_ACCESS_DEFAULT). An administrator adds one under Access rules in the console (/console/access/rules); a fresh install can start from the starter rules there.`,
    [{ message: 'no access rule matches; the default is deny', location: 'accessRules' }],
  );
}

export function createGatewayConnections({
  store,
  access,
  findServer,
  secrets,
  contextCache = createRequestContextCache({ store }),
  catalogVisibility = 'public',
  hosts,
}: {
  /** Whether Toolshed hosts this server's package (a server with no remote is connectable then); absent: hosting is off. */
  hosts?: ((doc: object) => boolean) | undefined;
  store: Store;
  access: Pick<AccessPolicy, 'decide'>;
  findServer: FindCatalogServer;
  secrets: UpstreamSecrets;
  contextCache?: RequestContextCache;
  /** In a public catalog everyone may read every server, so a refusal may say why instead of hiding the server. */
  catalogVisibility?: 'public' | 'private';
}): GatewayConnections {
  const db = store.db;
  const notFound = (id: string, mine: boolean) => new NotFoundError('GATEWAY_CONNECTION_NOT_FOUND', `No connection with id '${id}'${mine ? ' among your connections' : ''}`);

  async function owned(tx: Tx, id: string, ownerId: string | undefined): Promise<GatewayConnectionRow> {
    const row = CONNECTION_ID.test(id) ? await findGatewayConnection({ tx, id }) : undefined;
    if (!row || (ownerId !== undefined && row.user_id !== ownerId)) throw notFound(id, ownerId !== undefined);
    return row;
  }

  return {
    async create(owner, input) {
      if (!owner.permissions.has('gateway.connect')) {
        throw new ForbiddenError('AUTH_PERMISSION_REQUIRED', `This needs the permission "gateway.connect" (${PERMISSIONS['gateway.connect']}), which your roles do not give`);
      }
      if (typeof input.server !== 'string' || input.server === '' || input.server.length > 200) {
        throw new ValidationError('GATEWAY_BAD_SERVER', 'server must be the catalog name of a server (e.g. io.example/weather)', [{ message: 'invalid server', location: 'body.server' }]);
      }
      const label = checkLabel(input.label);
      if (input.capabilityUrl !== undefined && typeof input.capabilityUrl !== 'boolean') {
        throw new ValidationError('GATEWAY_BAD_CAPABILITY', 'capabilityUrl must be true or false', [{ message: 'expected a boolean', location: 'body.capabilityUrl' }]);
      }
      const capability = input.capabilityUrl === true;
      const server = await findServer(input.server);
      const principal = { id: owner.id, groups: owner.groups as string[] };
      const resource = { server: input.server, source: server?.source ?? '' };
      const discover = access.decide(principal, 'discover', resource);
      // A server the caller may not discover is as unknown as one that does not exist, unless they may read it anyway.
      if (!server || (!discover.allowed && !mayLearnWhy(owner, discover, catalogVisibility))) {
        throw new NotFoundError('GATEWAY_SERVER_NOT_FOUND', `No server named '${input.server}' in the catalog`);
      }
      const decision = discover.allowed ? access.decide(principal, 'connect', resource) : discover;
      if (!decision.allowed) throw connectRefusal(server.name, decision);
      const remotes = (['streamable-http', 'sse'] as const).map((t) => remoteOf(server.doc, t)).filter((r) => r !== undefined);
      if (!remotes.length && !hosts?.(server.doc)) {
        throw new ValidationError('GATEWAY_NO_REMOTE', `${server.name} has no streamable-http or sse remote, so the gateway cannot relay it`, [{ message: 'no remote', location: 'body.server' }]);
      }
      if (capability && owner.via !== 'session' && owner.via !== 'personal-token') {
        throw new ForbiddenError('GATEWAY_CAPABILITY_NOT_A_PERSON', 'Capability URLs are for people: sign in, or use a personal access token, to create one');
      }
      const values = await secrets.valuesFor(server.name, owner.id);
      const missing = [...new Set(remotes.flatMap((r) => missingInputs(r, values)))];
      if (missing.length) {
        throw new ValidationError(
          'GATEWAY_MISSING_INPUTS',
          `${server.name} needs values you have not set: ${missing.join(', ')}. Set each with PUT /api/me/servers/${encodeURIComponent(server.name)}/secrets/{name} (or ask an administrator for shared ones), then create the connection`,
          missing.map((m) => ({ message: `missing ${m}`, location: 'body.server' })),
        );
      }
      for (const transport of ['streamable-http', 'sse'] as const) {
        const resolved = remoteOf(server.doc, transport) ? connectionUpstream(server.doc, transport, values) : undefined;
        if (resolved && !resolved.ok) throw new ValidationError('GATEWAY_UPSTREAM_REFUSED', resolved.reason, [{ message: 'refused upstream', location: 'body.server' }]);
      }
      const id = `con_${randomBytes(18).toString('base64url')}`;
      const secret = capability ? `${CAPABILITY_PREFIX}${randomBytes(32).toString('base64url')}` : undefined;
      const at = nowMicros();
      await db.transaction().execute(async (tx) => {
        await insertGatewayConnection({
          tx,
          row: {
            id,
            user_id: owner.id,
            server: server.name,
            label,
            secret_hash: secret ? sha256Hex(secret) : null,
            created_at: at,
            revoked_at: null,
            revoked_by: null,
            last_used_at: null,
            last_used_from: null,
          },
        });
        await insertAccessChange({
          tx,
          change: { at, actor: owner.id, action: 'create', targetKind: 'connection', target: id, newValue: { server: server.name, label, userId: owner.id, capabilityUrl: capability } },
        });
      });
      const record = publicRecord(connectionRecordOf((await findGatewayConnection({ tx: db, id }))!));
      return secret ? { connection: record, secret } : { connection: record };
    },

    async list(filter) {
      return (await listGatewayConnections({ tx: db, filter })).map((r) => publicRecord(connectionRecordOf(r)));
    },

    async rename(id, label, actor, ownerId) {
      const next = checkLabel(label);
      await db.transaction().execute(async (tx) => {
        const row = await owned(tx, id, ownerId);
        if (row.revoked_at !== null) throw notFound(id, ownerId !== undefined);
        if (row.label === next) return;
        await updateGatewayConnectionLabel({ tx, id, label: next });
        await insertAccessChange({ tx, change: { at: nowMicros(), actor, action: 'update', targetKind: 'connection', target: id, oldValue: { label: row.label }, newValue: { label: next } } });
      });
      await contextCache.invalidate([contextTags.connection(id)]);
      return publicRecord(connectionRecordOf((await findGatewayConnection({ tx: db, id }))!));
    },

    async revoke(id, actor, ownerId) {
      await db.transaction().execute(async (tx) => {
        const row = await owned(tx, id, ownerId);
        const at = nowMicros();
        if (await revokeGatewayConnection({ tx, id, at, by: actor })) {
          await insertAccessChange({ tx, change: { at, actor, action: 'revoke', targetKind: 'connection', target: id, oldValue: { server: row.server, label: row.label, userId: row.user_id } } });
        }
      });
      await contextCache.invalidate([contextTags.connection(id)]);
      return publicRecord(connectionRecordOf((await findGatewayConnection({ tx: db, id }))!));
    },

    async active(id) {
      if (!CONNECTION_ID.test(id)) return undefined;
      return contextCache.through(
        `connection:${id}`,
        async () => {
          const row = await findGatewayConnection({ tx: db, id });
          return row && row.revoked_at === null ? connectionRecordOf(row) : undefined;
        },
        () => [contextTags.connection(id)],
      );
    },

    capabilityMatches(connection, secret) {
      if (connection.secretHash === null || !secret.startsWith(CAPABILITY_PREFIX)) return false;
      const given = Buffer.from(sha256Hex(secret), 'hex');
      const stored = Buffer.from(connection.secretHash, 'hex');
      return given.length === stored.length && timingSafeEqual(given, stored);
    },

    recordUse(connection, ip) {
      const now = nowMicros();
      if (connection.lastUsedAt !== null && now - connection.lastUsedAt < CONNECTION_USE_WRITE_INTERVAL_MICROS && connection.lastUsedFrom === ip) return undefined;
      connection.lastUsedAt = now;
      connection.lastUsedFrom = ip;
      return recordGatewayConnectionUse({ tx: db, id: connection.id, at: now, from: ip });
    },
  };
}
