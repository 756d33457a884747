/**
 * The upstream of one connection: the server's remote of the wanted transport
 * with the connection's credentials filled in. `{variables}` of the remote URL
 * come from `variable` secrets (URL-encoded), else the remote's declared
 * default; `query` secrets are added to the URL; `header` secrets, and declared
 * headers with a fixed value, are sent as headers. A required variable or
 * header with no value refuses the connection, naming what is missing.
 */
import type { RemoteDoc } from './catalogServer.js';
import type { UpstreamResolution } from './resolveUpstream.js';
import type { Upstream, UpstreamTransport } from './upstream.js';
import type { SecretValue } from './upstreamSecrets.js';

const VARIABLE = /\{([^{}]*)\}/g;

export function remoteOf(doc: { remotes?: readonly RemoteDoc[] | undefined }, transport: UpstreamTransport): RemoteDoc | undefined {
  return (doc.remotes ?? []).find((r) => r.type === transport && typeof r.url === 'string');
}

/** The names a remote needs that neither the secrets nor the server.json supply. */
export function missingInputs(remote: RemoteDoc, values: ReadonlyMap<string, SecretValue>): string[] {
  const missing: string[] = [];
  for (const match of (remote.url as string).matchAll(VARIABLE)) {
    const name = match[1]!;
    const given = values.get(name);
    if (given?.kind === 'variable') continue;
    if (typeof remote.variables?.[name]?.default === 'string') continue;
    missing.push(`URL variable "${name}"`);
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

type ConnectionDoc = { name: string; remotes?: readonly RemoteDoc[] | undefined };

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
  const missing = missingInputs(remote, values);
  if (missing.length) {
    return { ok: false, reason: `${doc.name} needs values this connection does not have: ${missing.join(', ')}. Set them with PUT /api/me/servers/{name}/secrets/{secretName} (or ask an administrator for shared ones)` };
  }
  const filled = (remote.url as string).replace(VARIABLE, (_all, name: string) => {
    const given = values.get(name);
    return encodeURIComponent(given?.kind === 'variable' ? given.value : remote.variables![name]!.default!);
  });
  let url: URL;
  try {
    url = new URL(filled);
  } catch {
    return { ok: false, reason: `${doc.name}'s ${transport} remote URL is not a valid URL once its variables are filled in` };
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
  const upstream: Upstream = { server: doc.name, url: url.href, transport, headers };
  return { ok: true, upstream };
}
