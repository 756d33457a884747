/**
 * Judges one item of an upstream's server list: `{server, _meta}` where `server`
 * passes the official API shape check (semantic rules are not applied: upstream
 * accepted the document, and older documents break today's rules, but what no
 * document may bring in, such as a `javascript:` link, is refused) and `_meta`
 * carries the official status and timestamps. Anything else becomes a rejection
 * with a reason an operator can act on.
 */
import { checkApiShape, OFFICIAL_META_KEY, safetyIssues } from '../catalog/index.js';
import { parseRfc3339Nanos } from '../store/index.js';

export interface UpstreamVersion {
  name: string;
  version: string;
  /** The document as JSON text, as it will be served. */
  doc: string;
  status: 'active' | 'deprecated' | 'deleted';
  statusMessage: string | null;
  publishedAt: number;
  updatedAt: number;
  statusChangedAt: number;
  /** `updatedAt` exactly (nanoseconds) and as the upstream wrote it, for the high-water mark. */
  updatedAtNanos: bigint;
  updatedAtText: string;
}

export type ParsedItem = { ok: true; value: UpstreamVersion } | { ok: false; name: string | null; version: string | null; reason: string };

const STATUSES = new Set(['active', 'deprecated', 'deleted']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function label(v: unknown, max: number): string | null {
  return typeof v === 'string' && v !== '' ? v.slice(0, max) : null;
}

export function parseUpstreamItem(item: unknown): ParsedItem {
  const server = isObject(item) ? item.server : undefined;
  const name = isObject(server) ? label(server.name, 200) : null;
  const version = isObject(server) ? label(server.version, 255) : null;
  const reject = (reason: string): ParsedItem => ({ ok: false, name, version, reason });
  if (!isObject(item)) return reject('the list item is not an object');
  if (!isObject(server)) return reject('the list item has no "server" object');
  const shape = checkApiShape(server);
  if (!shape.ok) {
    const first = shape.errors.slice(0, 3).map((e) => `${e.location ?? 'body'}: ${e.message}`);
    return reject(`server.json fails the API shape check (${first.join('; ')}${shape.errors.length > 3 ? '; …' : ''})`);
  }
  const unsafe = safetyIssues(shape.value);
  if (unsafe.length) return reject(`server.json is unsafe to mirror (${unsafe.map((i) => `${i.path}: ${i.message}`).join('; ')})`);
  const official = isObject(item._meta) ? item._meta[OFFICIAL_META_KEY] : undefined;
  if (!isObject(official)) return reject(`_meta has no "${OFFICIAL_META_KEY}" object`);
  const { status, statusMessage } = official;
  if (typeof status !== 'string' || !STATUSES.has(status)) {
    return reject(`_meta official status ${JSON.stringify(status)} is not active, deprecated or deleted`);
  }
  if (statusMessage !== undefined && statusMessage !== null && typeof statusMessage !== 'string') {
    return reject('_meta official statusMessage is not a string');
  }
  const times: Record<string, bigint> = {};
  for (const field of ['publishedAt', 'updatedAt', 'statusChangedAt'] as const) {
    const value = official[field];
    if (value === undefined && field === 'statusChangedAt') continue; // older registries did not send it
    const nanos = typeof value === 'string' ? parseRfc3339Nanos(value) : undefined;
    if (nanos === undefined) return reject(`_meta official ${field} ${JSON.stringify(value)} is not an RFC 3339 timestamp`);
    times[field] = nanos;
  }
  const micros = (n: bigint) => Number(n / 1000n);
  return {
    ok: true,
    value: {
      name: shape.value.name,
      version: shape.value.version,
      doc: JSON.stringify(shape.value),
      status: status as UpstreamVersion['status'],
      statusMessage: (statusMessage as string | null | undefined) ?? null,
      publishedAt: micros(times.publishedAt!),
      updatedAt: micros(times.updatedAt!),
      statusChangedAt: micros(times.statusChangedAt ?? times.publishedAt!),
      updatedAtNanos: times.updatedAt!,
      updatedAtText: official.updatedAt as string,
    },
  };
}
