/**
 * The official registry's semantic validators (internal/validators/validators.go
 * and utils.go), with their rule ids and messages, plus the package registry
 * type / base URL / hash rules that upstream only applies inside its package
 * ownership checks (400 at publish). Toolshed reports those here as issues so
 * that /validate shows them and publish rejects them before touching a registry.
 *
 * The input may be any JSON value (`/validate` and `toolshed import` can pass
 * documents that never went through the API shape check), so fields are read
 * like Go reads a struct: a missing or mistyped field is its zero value.
 */
import { goQuote } from './goQuote.js';
import { goRegExp } from './goRegExp.js';
import { goTrimSpace } from './goTrimSpace.js';
import { headerNameIssues } from './headerNameIssues.js';
import { remoteUrlIssues } from './remoteUrlIssues.js';
import { parseGoUrl } from './parseGoUrl.js';
import { blankVersionIssue } from './safetyIssues.js';
import type { ValidationIssue } from './validationIssue.js';
import { looksLikeVersionRange } from './versioning.js';

/** Registry types whose base URL is configurable; oci and mcpb must not have one. */
export type BaseUrlRegistryType = 'npm' | 'pypi' | 'nuget' | 'cargo';

export interface SemanticRuleOptions {
  /** Allowed `registryBaseUrl` values per registry type; an empty base URL always means the default. */
  allowedRegistryBaseUrls?: Partial<Record<BaseUrlRegistryType, readonly string[]>>;
  /** The company's own servers (TOOLSHED_INTERNAL_REMOTES): remotes they list may be plain http or loopback. */
  internalRemotes?: { permits(scheme: string, host: string): boolean };
}

/** The official registry's defaults (the reference notes show npm/PyPI hosts as placeholders). */
export const DEFAULT_REGISTRY_BASE_URLS: Readonly<Record<BaseUrlRegistryType, readonly string[]>> = {
  npm: ['https://registry.npmjs.org'],
  pypi: ['https://pypi.org'],
  nuget: ['https://api.nuget.org/v3/index.json'],
  cargo: ['https://crates.io'],
};

const REGISTRY_LABELS: Record<BaseUrlRegistryType, string> = { npm: 'NPM', pypi: 'PyPI', nuget: 'NuGet', cargo: 'cargo' };

type JsonObject = Record<string, unknown>;

function asObject(v: unknown): JsonObject | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : undefined;
}

function field(o: JsonObject | undefined, key: string): unknown {
  return o !== undefined && Object.hasOwn(o, key) ? o[key] : undefined;
}

function text(o: JsonObject | undefined, key: string): string {
  const v = field(o, key);
  return typeof v === 'string' ? v : '';
}

// A plain copy: array methods on a caller's array would consult its own `constructor` (species).
function list(o: JsonObject | undefined, key: string): unknown[] {
  const v = field(o, key);
  const out: unknown[] = [];
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) out.push(v[i]);
  return out;
}

// Server name parts (upstream validators.go); the same regex is a DB CHECK upstream.
const NAMESPACE_PATTERN = '[a-zA-Z0-9][a-zA-Z0-9.-]*[a-zA-Z0-9]';
const NAME_PART_PATTERN = '[a-zA-Z0-9][a-zA-Z0-9._-]*[a-zA-Z0-9]';
const NAMESPACE_RE = goRegExp(`^${NAMESPACE_PATTERN}$`);
const NAME_PART_RE = goRegExp(`^${NAME_PART_PATTERN}$`);
const SERVER_NAME_RE = goRegExp(`^${NAMESPACE_PATTERN}/${NAME_PART_PATTERN}$`);

const REPOSITORY_URL_RES: Record<string, RegExp> = {
  github: goRegExp(String.raw`^https?://(www\.)?github\.com/[\w.-]+/[\w.-]+/?$`),
  gitlab: goRegExp(String.raw`^https?://(www\.)?gitlab\.com/[\w.-]+/[\w.-]+/?$`),
};
const SUBFOLDER_RE = goRegExp(String.raw`^[a-zA-Z0-9\-_./]+$`);
const WEBSITE_URL_FORBIDDEN = /["'<> \t\n\r]/;
const NAMED_ARGUMENT_FORBIDDEN = /[<> $]/;

class Issues {
  readonly list: ValidationIssue[] = [];

  error(path: string, message: string, reference: string): void {
    this.list.push({ type: 'semantic', path, message, severity: 'error', reference });
  }
}

function serverNameProblem(name: string): string | undefined {
  if (name === '') return 'server name is required and must be a string';
  if (!name.includes('/')) return "server name must be in format 'dns-namespace/name' (e.g., 'com.example.api/server')";
  if (name.split('/').length > 2) return 'server name cannot contain multiple slashes';
  const [namespace = '', serverName = ''] = name.split('/');
  if (namespace === '' || serverName === '') {
    return "server name must be in format 'dns-namespace/name' with non-empty namespace and name parts";
  }
  if (SERVER_NAME_RE.test(name)) return undefined;
  if (!NAMESPACE_RE.test(namespace)) {
    return `server name format is invalid: namespace '${namespace}' is invalid. Namespace must start and end with alphanumeric characters, and may contain dots and hyphens in the middle`;
  }
  if (!NAME_PART_RE.test(serverName)) {
    return `server name format is invalid: name '${serverName}' is invalid. Name must start and end with alphanumeric characters, and may contain dots, underscores, and hyphens in the middle`;
  }
  return `server name format is invalid: invalid format for '${name}'`;
}

function checkVersion(issues: Issues, path: string, version: string): void {
  if (version === 'latest') {
    issues.error(path, "version string 'latest' is reserved and cannot be used", 'reserved-version-string');
    return;
  }
  if (looksLikeVersionRange(version)) {
    issues.error(path, `version must be a specific version, not a range: ${goQuote(version)}`, 'version-looks-like-range');
  }
}

// A package version, which no constraint guards upstream, stays as upstream takes it.
function checkServerVersion(issues: Issues, version: string): void {
  const blank = blankVersionIssue(version);
  if (blank) issues.list.push(blank);
  else checkVersion(issues, 'version', version);
}

function isValidSubfolderPath(path: string): boolean {
  if (path.startsWith('/') || path.endsWith('/') || !SUBFOLDER_RE.test(path)) return false;
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

function checkRepository(issues: Issues, repository: JsonObject | undefined): void {
  const url = text(repository, 'url');
  const source = text(repository, 'source');
  if (url === '' && source === '') return;
  const re = Object.hasOwn(REPOSITORY_URL_RES, source) ? REPOSITORY_URL_RES[source] : undefined;
  if (!re?.test(url)) issues.error('repository.url', `invalid repository URL: ${url}`, 'invalid-repository-url');
  // Upstream blames the URL alone when the source is the problem; say which field to fix.
  if (!re && source !== '') {
    issues.error('repository.source', `repository source must be github or gitlab, got ${goQuote(source)}`, 'invalid-repository-source');
  }
  const subfolder = text(repository, 'subfolder');
  if (subfolder !== '' && !isValidSubfolderPath(subfolder)) {
    issues.error('repository.subfolder', `invalid subfolder path: ${subfolder}`, 'invalid-subfolder-path');
  }
}

function checkWebsiteUrl(issues: Issues, websiteUrl: string): void {
  if (websiteUrl === '') return;
  const parsed = parseGoUrl(websiteUrl);
  if (!parsed.ok) {
    issues.error('websiteUrl', `invalid websiteUrl: ${parsed.error}`, 'invalid-website-url');
    return;
  }
  if (parsed.url.scheme === '') {
    issues.error('websiteUrl', `websiteUrl must be absolute (include scheme): ${websiteUrl}`, 'website-url-must-be-absolute');
  }
  if (parsed.url.scheme !== 'https') {
    issues.error('websiteUrl', `websiteUrl must use https scheme: ${websiteUrl}`, 'website-url-invalid-scheme');
  }
  // Go's parser lets quotes, angle brackets and spaces through; they would break
  // out of attributes wherever a client renders the link.
  if (WEBSITE_URL_FORBIDDEN.test(websiteUrl)) {
    issues.error('websiteUrl', `websiteUrl contains invalid characters: ${websiteUrl}`, 'website-url-invalid-characters');
  }
}

function checkTitle(issues: Issues, title: string): void {
  if (title !== '' && goTrimSpace(title) === '') issues.error('title', 'title cannot be only whitespace', 'title-whitespace-only');
}

function checkIcon(issues: Issues, path: string, icon: JsonObject | undefined): void {
  const src = text(icon, 'src');
  const parsed = parseGoUrl(src);
  if (!parsed.ok) {
    issues.error(`${path}.src`, `invalid icon src URL: ${parsed.error}`, 'icon-src-invalid-url');
    return;
  }
  if (parsed.url.scheme === '') {
    issues.error(`${path}.src`, `icon src must be an absolute URL (include scheme): ${src}`, 'icon-src-not-absolute');
  }
  if (parsed.url.scheme !== 'https') {
    issues.error(`${path}.src`, `icon src must use https scheme (got ${parsed.url.scheme}): ${src}`, 'icon-src-invalid-scheme');
  }
}

function checkArgument(issues: Issues, path: string, argument: JsonObject | undefined): void {
  if (text(argument, 'type') !== 'named') return;
  const name = text(argument, 'name');
  if (name === '') {
    issues.error(`${path}.name`, 'named argument name is required', 'named-argument-name-required');
  } else if (NAMED_ARGUMENT_FORBIDDEN.test(name)) {
    // A space, `<…>` or `$VAR` means a value or a description was pasted into the flag.
    issues.error(`${path}.name`, `invalid named argument name format: ${name}`, 'invalid-named-argument-name');
  }
  // Upstream runs these even for an empty name, where every non-empty value "starts with" it.
  const value = text(argument, 'value');
  if (value !== '' && value.startsWith(name)) {
    issues.error(`${path}.value`, `argument value cannot start with the argument name: value starts with argument name '${name}': ${value}`, 'argument-value-starts-with-name');
  }
  const defaultValue = text(argument, 'default');
  if (defaultValue !== '' && defaultValue.startsWith(name)) {
    issues.error(`${path}.default`, `argument default cannot start with the argument name: default starts with argument name '${name}': ${defaultValue}`, 'argument-default-starts-with-name');
  }
}

const TEMPLATE_VARIABLE_RE = /\{([^}]+)\}/g;

function templateVariables(url: string): string[] {
  return [...url.matchAll(TEMPLATE_VARIABLE_RE)].map((m) => m[1] ?? '');
}

// Upstream substitutes placeholders with plausible values so the template parses as a URL.
const WELL_KNOWN_PLACEHOLDERS: ReadonlyArray<[string, string]> = [
  ['{host}', 'example.com'],
  ['{port}', '8080'],
  ['{path}', 'api'],
  ['{protocol}', 'http'],
  ['{scheme}', 'http'],
];

function substitutePlaceholders(url: string): string {
  let out = url;
  for (const [placeholder, replacement] of WELL_KNOWN_PLACEHOLDERS) out = out.split(placeholder).join(replacement);
  return out.replace(/:(\{[^}]+\})(\/|$)/g, ':8080$2').replace(/\{[^}]+\}/g, 'placeholder');
}

function parseTemplatedUrl(url: string) {
  const parsed = parseGoUrl(substitutePlaceholders(url));
  if (!parsed.ok || (parsed.url.scheme !== 'http' && parsed.url.scheme !== 'https') || parsed.url.host === '') return undefined;
  return parsed.url;
}

function isValidTemplatedUrl(url: string, available: readonly string[]): boolean {
  if (!parseTemplatedUrl(url)) return false;
  return templateVariables(url).every((v) => available.includes(v));
}

function isValidRemoteUrl(url: string, options: SemanticRuleOptions): boolean {
  const parsed = parseTemplatedUrl(url);
  if (!parsed) return false;
  if (options.internalRemotes?.permits(parsed.scheme, parsed.hostname)) return true;
  const host = parsed.hostname;
  if (host === 'localhost' || host === '127.0.0.1' || host.endsWith('.localhost')) return false;
  return parsed.scheme === 'https';
}

// Go prints a []string with %v as `[a b c]`.
function goList(values: readonly string[]): string {
  return `[${values.join(' ')}]`;
}

function templatedUrlMessage(kind: string, url: string, available: readonly string[]): string {
  if (templateVariables(url).length > 0) {
    return `${kind}: template variables in URL ${url} reference undefined variables. Available variables: ${goList(available)}`;
  }
  return `${kind}: ${url}`;
}

function packageVariables(pkg: JsonObject | undefined): string[] {
  const names: string[] = list(pkg, 'environmentVariables').map((env) => text(asObject(env), 'name'));
  for (const key of ['runtimeArguments', 'packageArguments']) {
    for (const raw of list(pkg, key)) {
      const argument = asObject(raw);
      for (const name of [text(argument, 'name'), text(argument, 'valueHint')]) if (name !== '') names.push(name);
    }
  }
  return names;
}

function checkPackageTransport(issues: Issues, path: string, transport: JsonObject | undefined, available: string[]): void {
  const type = text(transport, 'type');
  const url = text(transport, 'url');
  if (type === 'stdio') {
    if (url !== '') {
      issues.error(`${path}.url`, `url must be empty for ${type} transport type, got: ${url}`, 'stdio-transport-url-not-empty');
    }
  } else if (type === 'streamable-http' || type === 'sse') {
    if (url === '') {
      issues.error(`${path}.url`, `url is required for ${type} transport type`, 'streamable-transport-url-required');
    } else if (!isValidTemplatedUrl(url, available)) {
      issues.error(`${path}.url`, templatedUrlMessage('invalid package transport URL', url, available), 'invalid-templated-url');
    }
  } else {
    issues.error(`${path}.type`, `unsupported transport type: ${type}`, 'unsupported-transport-type');
  }
}

function checkRegistryRules(issues: Issues, path: string, pkg: JsonObject | undefined, options: SemanticRuleOptions): void {
  const registryType = text(pkg, 'registryType');
  const baseUrl = text(pkg, 'registryBaseUrl');
  const fileSha256 = text(pkg, 'fileSha256');
  switch (registryType) {
    case 'npm':
    case 'pypi':
    case 'nuget':
    case 'cargo': {
      const label = REGISTRY_LABELS[registryType];
      if (fileSha256 !== '') {
        issues.error(`${path}.fileSha256`, `${label} packages must not have 'fileSha256' field - this is only for MCPB packages`, 'file-sha256-not-allowed');
      }
      const allowed = options.allowedRegistryBaseUrls?.[registryType] ?? DEFAULT_REGISTRY_BASE_URLS[registryType];
      if (baseUrl !== '' && !allowed.includes(baseUrl)) {
        issues.error(
          `${path}.registryBaseUrl`,
          `registry type and base URL do not match: '${baseUrl}' is not valid for registry type '${registryType}'. Expected: ${allowed.join(', ')}`,
          'registry-base-url-mismatch',
        );
      }
      return;
    }
    case 'oci':
      // The image reference carries registry and tag; separate fields would contradict it.
      if (baseUrl !== '') {
        issues.error(`${path}.registryBaseUrl`, "OCI packages must not have 'registryBaseUrl' field", 'registry-base-url-not-allowed');
      }
      if (text(pkg, 'version') !== '') {
        issues.error(`${path}.version`, "OCI packages must not have 'version' field", 'oci-version-not-allowed');
      }
      if (fileSha256 !== '') {
        issues.error(`${path}.fileSha256`, "OCI packages must not have 'fileSha256' field", 'file-sha256-not-allowed');
      }
      return;
    case 'mcpb':
      // The identifier is the download URL, and clients verify the file against the hash.
      if (baseUrl !== '') {
        issues.error(`${path}.registryBaseUrl`, "MCPB packages must not have 'registryBaseUrl' field", 'registry-base-url-not-allowed');
      }
      if (fileSha256 === '') {
        issues.error(`${path}.fileSha256`, "MCPB packages must include a 'fileSha256' hash for integrity verification", 'file-sha256-required');
      }
      return;
    default:
      issues.error(`${path}.registryType`, `unsupported registry type: ${registryType}`, 'unsupported-registry-type');
  }
}

function checkPackage(issues: Issues, path: string, pkg: JsonObject | undefined, options: SemanticRuleOptions): void {
  if (text(pkg, 'identifier').includes(' ')) {
    issues.error(`${path}.identifier`, 'package name cannot contain spaces', 'package-name-has-spaces');
  }
  checkVersion(issues, `${path}.version`, text(pkg, 'version'));
  for (const key of ['runtimeArguments', 'packageArguments']) {
    list(pkg, key).forEach((argument, i) => checkArgument(issues, `${path}.${key}[${i}]`, asObject(argument)));
  }
  checkPackageTransport(issues, `${path}.transport`, asObject(field(pkg, 'transport')), packageVariables(pkg));
  checkRegistryRules(issues, path, pkg, options);
}

function checkRemote(issues: Issues, path: string, remote: JsonObject | undefined, options: SemanticRuleOptions): void {
  const type = text(remote, 'type');
  const url = text(remote, 'url');
  if (type !== 'streamable-http' && type !== 'sse') {
    issues.error(`${path}.type`, `unsupported transport type for remotes: ${type} (only streamable-http and sse are supported)`, 'unsupported-remote-transport-type');
    return;
  }
  if (url === '') {
    issues.error(`${path}.url`, `url is required for ${type} transport type`, 'remote-transport-url-required');
  } else if (!isValidRemoteUrl(url, options)) {
    issues.error(`${path}.url`, `invalid remote URL: ${url}`, 'invalid-remote-url');
  }
  // Upstream checks the template even when the URL is empty or already invalid.
  const available = Object.keys(asObject(field(remote, 'variables')) ?? {}).filter((k) => k !== '');
  if (!isValidTemplatedUrl(url, available)) {
    issues.error(`${path}.url`, templatedUrlMessage('invalid remote URL', url, available), 'invalid-templated-url');
  }
}

/** Every semantic rule, in upstream's order: name, version, repository, websiteUrl, title, icons, packages, remotes; then header names. */
export function semanticRules(doc: unknown, options: SemanticRuleOptions = {}): ValidationIssue[] {
  const issues = new Issues();
  const server = asObject(doc);
  const nameProblem = serverNameProblem(text(server, 'name'));
  if (nameProblem !== undefined) issues.error('name', nameProblem, 'invalid-server-name');
  checkServerVersion(issues, text(server, 'version'));
  checkRepository(issues, asObject(field(server, 'repository')));
  checkWebsiteUrl(issues, text(server, 'websiteUrl'));
  checkTitle(issues, text(server, 'title'));
  list(server, 'icons').forEach((icon, i) => checkIcon(issues, `icons[${i}]`, asObject(icon)));
  list(server, 'packages').forEach((pkg, i) => checkPackage(issues, `packages[${i}]`, asObject(pkg), options));
  list(server, 'remotes').forEach((remote, i) => checkRemote(issues, `remotes[${i}]`, asObject(remote), options));
  return [...issues.list, ...remoteUrlIssues(doc), ...headerNameIssues(doc)];
}
