/**
 * Configuration snippets that connect an MCP client to a remote MCP endpoint: Claude
 * Desktop, Claude Code, VS Code, Cursor and a generic `mcpServers` JSON. Fed by a
 * server's remotes today (`targetsOf`), and by a gateway connection's URL and token
 * once connections exist: a `ConnectionTarget` is all it needs.
 *
 * Secrets never appear in a snippet: a secret or unset header becomes a placeholder
 * the client fills in (a VS Code password input, an environment variable elsewhere).
 * Pure; unit-tested beside this file; see web/README.md.
 */
import type { Input, ServerJson } from '../api/catalogTypes.js';

export type RemoteTransport = 'streamable-http' | 'sse';

export interface HeaderSpec {
  name: string;
  description?: string;
  /** A literal value to send (may be absent for values the person supplies). */
  value?: string;
  secret?: boolean;
  required?: boolean;
}

export interface ConnectionTarget {
  /** The server name (`io.github.acme/weather`). */
  serverName: string;
  url: string;
  transport: RemoteTransport;
  headers: HeaderSpec[];
}

export type ClientId = 'claude-desktop' | 'claude-code' | 'vscode' | 'cursor' | 'generic';

export interface Snippet {
  client: ClientId;
  label: string;
  /** Where it goes, in words. */
  where: string;
  language: 'json' | 'shell';
  text: string;
  /** Environment variables or inputs the person must set before it works. */
  placeholders: string[];
}

/** The key a client shows for the server: `io.github.acme/weather-mcp` → `weather-mcp`. */
export function serverKey(serverName: string): string {
  const short = serverName.slice(serverName.lastIndexOf('/') + 1);
  const key = short
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return key || 'mcp-server';
}

/** `X-Api-Key` → `X_API_KEY`, a name usable as an environment variable. */
export function envName(headerName: string): string {
  const name = headerName
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[0-9]/.test(name) ? `H_${name}` : name || 'HEADER';
}

/**
 * A header whose value the person supplies: secret, no literal value given, or a
 * literal a client would expand (`${…}`: VS Code, Cursor and mcp-remote read
 * `${env:…}` and the like), which a publisher could aim at the person's own secrets.
 */
function supplied(header: HeaderSpec): boolean {
  return header.secret === true || header.value === undefined || header.value === '' || header.value.includes('${');
}

function headerInputs(headers: Input[] | undefined): HeaderSpec[] {
  return (headers ?? [])
    .filter((h) => typeof h?.name === 'string' && h.name)
    .map((h) => ({
      name: h.name!,
      ...(h.description ? { description: h.description } : {}),
      ...(h.value !== undefined ? { value: h.value } : {}),
      ...(h.isSecret ? { secret: true } : {}),
      ...(h.isRequired ? { required: true } : {}),
    }));
}

/** One target per remote with a transport clients can reach over HTTP. */
export function targetsOf(server: ServerJson): ConnectionTarget[] {
  return (server.remotes ?? [])
    .filter((r): r is typeof r & { type: RemoteTransport } => (r.type === 'streamable-http' || r.type === 'sse') && typeof r.url === 'string')
    .map((r) => ({ serverName: server.name, url: r.url, transport: r.type, headers: headerInputs(r.headers) }));
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** Single-quoted for POSIX shells. */
function shellQuote(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function headerValues(target: ConnectionTarget, reference: (env: string) => string): Record<string, string> {
  return Object.fromEntries(target.headers.map((h) => [h.name, supplied(h) ? reference(envName(h.name)) : h.value!]));
}

function placeholdersOf(target: ConnectionTarget): string[] {
  return target.headers.filter(supplied).map((h) => envName(h.name));
}

export function claudeDesktopSnippet(target: ConnectionTarget): Snippet {
  // Claude Desktop's config file starts local (stdio) servers; mcp-remote bridges to a remote endpoint.
  const args = ['-y', 'mcp-remote', target.url];
  const env: Record<string, string> = {};
  for (const h of target.headers) {
    if (supplied(h)) {
      args.push('--header', `${h.name}:\${${envName(h.name)}}`);
      env[envName(h.name)] = `<${envName(h.name)}>`;
    } else args.push('--header', `${h.name}:${h.value}`);
  }
  if (target.transport === 'sse') args.push('--transport', 'sse-only');
  const entry = { command: 'npx', args, ...(Object.keys(env).length ? { env } : {}) };
  return {
    client: 'claude-desktop',
    label: 'Claude Desktop',
    where: 'claude_desktop_config.json (Settings → Developer → Edit Config), merged into "mcpServers"',
    language: 'json',
    text: json({ mcpServers: { [serverKey(target.serverName)]: entry } }),
    placeholders: placeholdersOf(target),
  };
}

export function claudeCodeSnippet(target: ConnectionTarget): Snippet {
  const parts = ['claude', 'mcp', 'add', '--transport', target.transport === 'sse' ? 'sse' : 'http', shellQuote(serverKey(target.serverName)), shellQuote(target.url)];
  for (const h of target.headers) {
    // Every value single-quoted; only the variable holding the secret (a name of [A-Z0-9_]) in double quotes, for the shell to expand.
    parts.push('--header', supplied(h) ? `${shellQuote(`${h.name}: `)}"\${${envName(h.name)}}"` : shellQuote(`${h.name}: ${h.value}`));
  }
  return {
    client: 'claude-code',
    label: 'Claude Code',
    where: 'a terminal, in your project (add --scope user for every project)',
    language: 'shell',
    text: parts.join(' '),
    placeholders: placeholdersOf(target),
  };
}

export function vscodeSnippet(target: ConnectionTarget): Snippet {
  const key = serverKey(target.serverName);
  const inputs = target.headers.filter(supplied).map((h) => ({
    type: 'promptString',
    id: `${key}-${envName(h.name).toLowerCase().replace(/_/g, '-')}`,
    description: h.description ?? `${h.name} for ${target.serverName}`,
    password: h.secret === true,
  }));
  const headers = Object.fromEntries(target.headers.map((h) => [h.name, supplied(h) ? `\${input:${key}-${envName(h.name).toLowerCase().replace(/_/g, '-')}}` : h.value!]));
  const server = { type: target.transport === 'sse' ? 'sse' : 'http', url: target.url, ...(target.headers.length ? { headers } : {}) };
  return {
    client: 'vscode',
    label: 'VS Code',
    where: '.vscode/mcp.json in your workspace (or the user mcp.json)',
    language: 'json',
    text: json({ ...(inputs.length ? { inputs } : {}), servers: { [key]: server } }),
    placeholders: inputs.map((i) => i.id),
  };
}

export function cursorSnippet(target: ConnectionTarget): Snippet {
  const headers = headerValues(target, (env) => `\${env:${env}}`);
  return {
    client: 'cursor',
    label: 'Cursor',
    where: '.cursor/mcp.json in your project (or ~/.cursor/mcp.json)',
    language: 'json',
    text: json({ mcpServers: { [serverKey(target.serverName)]: { url: target.url, ...(target.headers.length ? { headers } : {}) } } }),
    placeholders: placeholdersOf(target),
  };
}

export function genericSnippet(target: ConnectionTarget): Snippet {
  const headers = headerValues(target, (env) => `<${env}>`);
  return {
    client: 'generic',
    label: 'Generic JSON',
    where: 'any client that reads an "mcpServers" map',
    language: 'json',
    text: json({
      mcpServers: {
        [serverKey(target.serverName)]: { type: target.transport, url: target.url, ...(target.headers.length ? { headers } : {}) },
      },
    }),
    placeholders: placeholdersOf(target),
  };
}

export function clientSnippets(target: ConnectionTarget): Snippet[] {
  return [claudeDesktopSnippet(target), claudeCodeSnippet(target), vscodeSnippet(target), cursorSnippet(target), genericSnippet(target)];
}
