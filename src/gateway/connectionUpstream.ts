/**
 * The upstream of one connection: the server's remote of the wanted transport
 * with the connection's credentials filled in. `{variables}` of the remote URL
 * come from `variable` secrets (URL-encoded), else the remote's declared
 * default; `query` secrets are added to the URL; `header` secrets, and declared
 * headers with a fixed value, are sent as headers. A required variable or
 * header with no value refuses the connection, naming what is missing.
 *
 * A person's own value fills only a variable the server.json declares theirs
 * (see personFills), and an administrator's shared credentials go only to the
 * origins an administrator approved each of them for (recorded with the secret,
 * so neither a person's values nor a publisher's new remote URL can move them):
 * a resolution that would send one elsewhere is refused, so nothing reaches
 * that origin.
 */
import type { RemoteDoc, RemoteInput } from './catalogServer.js';
import type { UpstreamResolution } from './resolveUpstream.js';
import type { Upstream, UpstreamTransport } from './upstream.js';
import type { SecretValue } from './secretValue.js';

const VARIABLE = /\{([^{}]*)\}/g;
/** Stands in for a value only a person gives, when working out the approved origin: it is no real host or port. */
const UNSET = 'unset.invalid';

const choicesOf = (input: RemoteInput | undefined): string[] | undefined =>
  Array.isArray(input?.choices) && input.choices.length > 0 && input.choices.every((c) => typeof c === 'string') ? (input.choices as string[]) : undefined;

/**
 * Whether the server.json declares a URL variable the person's to fill: their own
 * secret (`isSecret`), or a pick among the publisher's `choices`. Any other
 * variable (a host, a port, a tenant) is filled by an administrator's shared
 * value or the default, so a person cannot point the gateway elsewhere.
 */
export function personFills(input: RemoteInput | undefined): boolean {
  return input !== undefined && input.value === undefined && (input.isSecret === true || choicesOf(input) !== undefined);
}

/** A variable's value: the secret of that name (a personal one only when `withPersonal`), else the declared default. */
function variableValue(remote: RemoteDoc, name: string, values: ReadonlyMap<string, SecretValue>, withPersonal: boolean): string | undefined {
  let given = values.get(name);
  if (given?.scope === 'personal' && !withPersonal) given = given.replaces;
  if (given?.kind === 'variable') return given.value;
  const fallback = remote.variables?.[name]?.default;
  return typeof fallback === 'string' ? fallback : undefined;
}

function fillUrl(remote: RemoteDoc, values: ReadonlyMap<string, SecretValue>, withPersonal: boolean): string {
  return (remote.url as string).replace(VARIABLE, (_all, name: string) => encodeURIComponent(variableValue(remote, name, values, withPersonal) ?? UNSET));
}

/** The person's values the server.json does not let them give, each as a reason. */
function refusedVariables(remote: RemoteDoc, values: ReadonlyMap<string, SecretValue>): string[] {
  const refused: string[] = [];
  for (const match of (remote.url as string).matchAll(VARIABLE)) {
    const name = match[1]!;
    const given = values.get(name);
    if (given?.scope !== 'personal' || given.kind !== 'variable') continue;
    const input = remote.variables?.[name];
    const choices = choicesOf(input);
    if (!personFills(input)) refused.push(`URL variable "${name}" is not yours to fill (the server declares it neither secret nor a choice)`);
    else if (choices && !choices.includes(given.value)) refused.push(`URL variable "${name}" must be one of ${choices.join(', ')}`);
  }
  return [...new Set(refused)];
}

export function remoteOf(doc: { remotes?: readonly RemoteDoc[] | undefined }, transport: UpstreamTransport): RemoteDoc | undefined {
  return (doc.remotes ?? []).find((r) => r.type === transport && typeof r.url === 'string');
}

/** The names a remote needs that neither the secrets nor the server.json supply. */
export function missingInputs(remote: RemoteDoc, values: ReadonlyMap<string, SecretValue>): string[] {
  const missing: string[] = [];
  for (const match of (remote.url as string).matchAll(VARIABLE)) {
    const name = match[1]!;
    if (variableValue(remote, name, values, true) === undefined) missing.push(`URL variable "${name}"`);
  }
  const headerSecrets = new Set([...values].filter(([, v]) => v.kind === 'header').map(([n]) => n.toLowerCase()));
  for (const header of remote.headers ?? []) {
    if (typeof header.name !== 'string' || !header.isRequired || headerSecrets.has(header.name.toLowerCase())) continue;
    const fixed = header.value ?? header.default;
    if (typeof fixed === 'string' && !/[{}]/.test(fixed)) continue;
    missing.push(`header "${header.name}"`);
  }
  return [...new Set(missing)];
}

/**
 * The origin of the URL without any personal value, or undefined when that is no
 * URL or a value only a person gives is part of it (a port, a host).
 */
function sharedOnlyOrigin(remote: RemoteDoc, values: ReadonlyMap<string, SecretValue>): string | undefined {
  try {
    const origin = new URL(fillUrl(remote, values, false)).origin;
    return origin.includes(UNSET) ? undefined : origin;
  } catch {
    return undefined;
  }
}

/**
 * The origins a server's remotes have filled with shared values and defaults
 * only: what a shared secret is approved for when the administrator names none.
 */
export function sharedOrigins(doc: { remotes?: readonly RemoteDoc[] | undefined }, values: ReadonlyMap<string, SecretValue>): string[] {
  const origins = (['streamable-http', 'sse'] as const).map((t) => remoteOf(doc, t)).map((remote) => remote && sharedOnlyOrigin(remote, values));
  return [...new Set(origins.filter((o) => o !== undefined))];
}

/** The names of the shared values this URL would send that are not approved for its origin. */
function unapprovedShared(remote: RemoteDoc, values: ReadonlyMap<string, SecretValue>, origin: string): string[] {
  const inUrl = new Set([...(remote.url as string).matchAll(VARIABLE)].map((m) => m[1]!));
  // A row written before approvals were recorded is bound to the origin the URL has now without personal values.
  const legacy = sharedOnlyOrigin(remote, values);
  return [...values]
    .filter(([name, v]) => v.scope === 'shared' && (v.kind !== 'variable' || inUrl.has(name)))
    .filter(([, v]) => !(v.origins ?? (legacy ? [legacy] : [])).includes(origin))
    .map(([name]) => name);
}

type ConnectionDoc = { name: string; version?: unknown; remotes?: readonly RemoteDoc[] | undefined };

/**
 * Resolutions already made, by the (cached, unchanging) document and secret
 * values they were made from: the gateway resolves a connection again at least
 * once a second per credential, and a changed document or secret comes as a new
 * object, so it is resolved anew. Identity headers, signed per message, are
 * added by the caller on top of the resolution.
 */
const resolved = new WeakMap<ConnectionDoc, WeakMap<ReadonlyMap<string, SecretValue>, Partial<Record<UpstreamTransport, UpstreamResolution>>>>();

export function connectionUpstream(doc: ConnectionDoc, transport: UpstreamTransport, values: ReadonlyMap<string, SecretValue>): UpstreamResolution {
  let byValues = resolved.get(doc);
  if (!byValues) resolved.set(doc, (byValues = new WeakMap()));
  let byTransport = byValues.get(values);
  if (!byTransport) byValues.set(values, (byTransport = {}));
  return (byTransport[transport] ??= resolveConnection(doc, transport, values));
}

function resolveConnection(doc: ConnectionDoc, transport: UpstreamTransport, values: ReadonlyMap<string, SecretValue>): UpstreamResolution {
  const remote = remoteOf(doc, transport);
  if (!remote) return { ok: false, reason: `${doc.name} has no ${transport} remote` };
  const refused = refusedVariables(remote, values);
  if (refused.length) {
    return { ok: false, reason: `${doc.name} cannot use your values: ${refused.join('; ')}. Remove them with DELETE /api/me/servers/{name}/secrets/{secretName}` };
  }
  const missing = missingInputs(remote, values);
  if (missing.length) {
    return {
      ok: false,
      reason: `${doc.name} needs values this connection does not have: ${missing.join(', ')}. Set them with PUT /api/me/servers/{name}/secrets/{secretName} (or ask an administrator for shared ones)`,
    };
  }
  let url: URL;
  try {
    url = new URL(fillUrl(remote, values, true));
  } catch {
    return { ok: false, reason: `${doc.name}'s ${transport} remote URL is not a valid URL once its variables are filled in` };
  }
  const unapproved = unapprovedShared(remote, values, url.origin);
  // Neither origin is named to the person: either may hold a shared value.
  if (unapproved.length && sharedOnlyOrigin(remote, values) !== url.origin) {
    return {
      ok: false,
      reason: `${doc.name}'s shared credentials go only to the origin an administrator approved for them, and your values give its URL another origin. Remove them with DELETE /api/me/servers/{name}/secrets/{secretName}`,
    };
  }
  if (unapproved.length) {
    return {
      ok: false,
      reason: `${doc.name}'s ${transport} remote URL now has an origin its shared credentials (${unapproved.join(', ')}) are not approved for, so the gateway does not send them there. Ask an administrator to re-approve them for the new origin (PUT /api/admin/servers/{name}/secrets/{secretName}/allowed-origins)`,
    };
  }
  const headers: Record<string, string> = {};
  for (const header of remote.headers ?? []) {
    const fixed = header.value ?? header.default;
    if (typeof header.name === 'string' && typeof fixed === 'string' && !/[{}]/.test(fixed)) headers[header.name.toLowerCase()] = fixed;
  }
  for (const [name, secret] of values) {
    if (secret.kind === 'header') headers[name.toLowerCase()] = secret.value;
    else if (secret.kind === 'query') url.searchParams.set(name, secret.value);
  }
  // Lists from an origin a person chose are not the catalogued server's: without a version they are not observed (no shared snapshot, drift or summary from them).
  const observed = typeof doc.version === 'string' && sharedOnlyOrigin(remote, values) === url.origin;
  const personal = [...values.values()].some((v) => v.scope === 'personal');
  const upstream: Upstream = { server: doc.name, ...(observed ? { version: doc.version as string } : {}), url: url.href, transport, headers, ...(personal ? { personal } : {}) };
  return { ok: true, upstream };
}
