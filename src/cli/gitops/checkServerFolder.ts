/**
 * Every automated check of one server folder that writes nothing: toolshed.yaml
 * against its schema (and its access rules against the access plane's rule
 * schema), server.json against the official schema and semantic rules, the
 * namespace (does the token hold a proof for it, asked of the Toolshed when one
 * is configured), package ownership (the registries' own answers, as publishing
 * checks them), the probe where the server is reachable (through the outbound
 * guard) and the definition scan of what the probe saw. Each problem is a finding
 * pinned to the line it is about.
 */
import { join } from 'node:path';
import { accessRuleSchema, resourceMatches, type AccessRule } from '../../access/index.js';
import { validateServerJson, type OwnershipVerifier, type ServerJson, type ValidateServerJsonOptions } from '../../catalog/index.js';
import { probeServer, probeTargetOf, scanSnapshot, type FindingSeverity } from '../../inventory/index.js';
import type { Outbound } from '../../outbound/index.js';
import { SERVER_JSON, TOOLSHED_YAML, toolshedYamlSchema, type ToolshedYaml } from '../../schemas/toolshedYaml.js';
import { bracketPath, readPositioned, type Finding, type PathSegment, type PositionedFile, type Severity } from './serverFolder.js';

/** Who the token is, as `GET /api/me` answered (undefined: no Toolshed or no token configured). */
export interface TokenFacts {
  id: string;
  via: string;
  permissions: string[];
  /** The registry permissions a registry token (JWT from a namespace proof) carries in its claims. */
  registryPermissions: Array<{ action: string; resource: string }>;
}

export interface CheckDeps {
  outbound: Outbound;
  validation: ValidateServerJsonOptions;
  /** Undefined when no package type is verified (TOOLSHED_VERIFY_PACKAGES empty). */
  verifyOwnership: OwnershipVerifier | undefined;
  /** Undefined: not checked, and why. */
  token: TokenFacts | { unchecked: string };
  probeTimeoutMs: number;
  /** False: skip the probe and scan (apply leaves them to the server, which probes every published version). */
  probe?: boolean;
}

export interface CheckedFolder {
  folder: string;
  serverFile: string;
  yamlFile: string;
  /** Set when server.json has a name and version (even when other checks failed). */
  name?: string;
  version?: string;
  doc?: Record<string, unknown>;
  settings?: ToolshedYaml;
  /** The folder's access rules with their stored ids (`gitops:NAME/ID`) and resources filled in. */
  rules: AccessRule[];
  findings: Finding[];
  /** One line per check that passed or was skipped, for people. */
  passed: string[];
}

/** The stored id of a folder's rule: rules are owned by the server folder they come from. */
export const rulePrefix = (name: string) => `gitops:${name}/`;

const SCAN_SEVERITY: Record<FindingSeverity, Severity> = { high: 'error', medium: 'warning', low: 'notice' };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function at(file: PositionedFile, path: readonly PathSegment[], severity: Severity, check: string, message: string): Finding {
  return { severity, check, file: file.file, ...file.locate(path), message };
}

function checkSettings(out: CheckedFolder, file: PositionedFile, name: string | undefined): void {
  const parsed = toolshedYamlSchema.safeParse(file.value ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
      out.findings.push(at(file, issue.path as PathSegment[], 'error', 'toolshed-yaml', `${where}${issue.message}`));
    }
    return;
  }
  out.settings = parsed.data;
  out.passed.push(`${TOOLSHED_YAML}: valid`);
  const raw = parsed.data.access?.rules ?? [];
  const seen = new Set<string>();
  raw.forEach((rule, i) => {
    const base: PathSegment[] = ['access', 'rules', i];
    const resource = rule.resource ?? (name ? { server: name } : undefined);
    const result = accessRuleSchema.safeParse({ ...rule, resource });
    if (!result.success) {
      for (const issue of result.error.issues) {
        const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
        out.findings.push(at(file, [...base, ...(issue.path as PathSegment[])], 'error', 'access-rules', `access rule ${i}: ${where}${issue.message}`));
      }
      return;
    }
    const r = result.data as AccessRule;
    if (!name) return;
    if (!('server' in r.resource) || r.resource.server !== name) {
      out.findings.push(
        at(
          file,
          [...base, 'resource'],
          'error',
          'access-rules',
          `access rule ${i}: a server's ${TOOLSHED_YAML} may only hold rules about that server (resource.server must be ${JSON.stringify(name)} or left out)`,
        ),
      );
      return;
    }
    if (seen.has(r.id)) {
      out.findings.push(at(file, [...base, 'id'], 'error', 'access-rules', `access rule ${i}: duplicate id ${JSON.stringify(r.id)}`));
      return;
    }
    seen.add(r.id);
    out.rules.push({ ...r, id: `${rulePrefix(name)}${r.id}` });
  });
}

function checkNamespace(out: CheckedFolder, file: PositionedFile, name: string, token: CheckDeps['token']): void {
  if ('unchecked' in token) {
    out.findings.push(at(file, ['name'], 'notice', 'namespace', `namespace not checked: ${token.unchecked}`));
    return;
  }
  if (token.permissions.includes('catalog.publish')) {
    out.passed.push(`namespace: ${token.id} holds catalog.publish (any namespace)`);
    return;
  }
  const proof = token.registryPermissions.find((p) => p.action === 'publish' && resourceMatches(p.resource, name));
  if (proof) {
    out.passed.push(`namespace: the token proves ${proof.resource}`);
    return;
  }
  const held = token.registryPermissions.filter((p) => p.action === 'publish').map((p) => p.resource);
  out.findings.push(
    at(
      file,
      ['name'],
      'error',
      'namespace',
      `the token (${token.id}) may not publish ${name}: ${held.length ? `it proves only ${held.join(', ')}` : 'it holds neither catalog.publish nor a namespace proof'}`,
    ),
  );
}

async function checkOwnership(out: CheckedFolder, file: PositionedFile, doc: ServerJson, verify: OwnershipVerifier | undefined): Promise<void> {
  const packages = Array.isArray(doc.packages) ? doc.packages : [];
  if (!packages.length) return;
  if (!verify) {
    out.findings.push(at(file, ['packages'], 'notice', 'ownership', 'package ownership not checked: no package type is verified (TOOLSHED_VERIFY_PACKAGES)'));
    return;
  }
  const reason = await verify(doc);
  if (reason === undefined) {
    out.passed.push('package ownership: verified');
    return;
  }
  const index = Number(/package (\d+) /.exec(reason)?.[1] ?? 0);
  out.findings.push(at(file, ['packages', index, 'identifier'], 'error', 'ownership', reason));
}

async function probeAndScan(out: CheckedFolder, file: PositionedFile, doc: ServerJson, deps: CheckDeps): Promise<void> {
  const remotes = Array.isArray(doc.remotes) ? doc.remotes : [];
  const target = probeTargetOf(doc as Parameters<typeof probeTargetOf>[0], new Map(), undefined);
  if (!target.ok) {
    if (target.reason === 'needs-values' && remotes.length) {
      out.findings.push(at(file, ['remotes'], 'notice', 'probe', `not probed: ${target.message}`));
    }
    return;
  }
  const index = Math.max(
    0,
    remotes.findIndex((r) => r.type === target.target.transport),
  );
  const outcome = await probeServer(target.target, { outbound: deps.outbound, timeoutMs: deps.probeTimeoutMs });
  if (!outcome.ok) {
    out.findings.push(
      at(file, ['remotes', index, 'url'], 'warning', 'probe', `the server could not be probed (${outcome.failure.kind}): ${outcome.failure.message}; Toolshed probes it again once published`),
    );
    return;
  }
  const tools = outcome.snapshot.items.tools.length;
  out.passed.push(`probe: ${target.target.url} answered (${tools} tool${tools === 1 ? '' : 's'})`);
  const findings = scanSnapshot(outcome.snapshot);
  for (const f of findings) {
    const item = f.kind === 'instructions' ? 'the instructions' : `${f.kind.replace(/s$/, '')} ${f.key}`;
    out.findings.push(at(file, ['remotes', index, 'url'], SCAN_SEVERITY[f.severity], 'scan', `${f.rule} (${f.severity}) in ${item} ${f.path}: ${f.message} "${f.excerpt}"`));
  }
  if (!findings.length) out.passed.push('scan: nothing found');
}

export async function checkServerFolder(folder: string, deps: CheckDeps): Promise<CheckedFolder> {
  const serverFile = join(folder, SERVER_JSON);
  const yamlFile = join(folder, TOOLSHED_YAML);
  const out: CheckedFolder = { folder, serverFile, yamlFile, rules: [], findings: [], passed: [] };
  const server = readPositioned(serverFile, out.findings, 'layout');
  const settings = readPositioned(yamlFile, out.findings, 'layout');
  const doc = server && isObject(server.value) ? server.value : undefined;
  if (server && !doc) out.findings.push(at(server, [], 'error', 'schema', 'server.json must be a JSON object'));
  if (doc && typeof doc.name === 'string' && doc.name) out.name = doc.name;
  if (doc && typeof doc.version === 'string' && doc.version) out.version = doc.version;
  if (settings) checkSettings(out, settings, out.name);
  if (!server || !doc) return out;
  out.doc = doc;

  const result = validateServerJson(doc, deps.validation);
  for (const issue of result.issues) {
    const severity: Severity = issue.severity === 'error' ? 'error' : issue.severity === 'warning' ? 'warning' : 'notice';
    out.findings.push(at(server, bracketPath(issue.path), severity, 'schema', `${issue.path ? `${issue.path}: ` : ''}${issue.message}${issue.reference ? ` (${issue.reference})` : ''}`));
  }
  if (!result.valid) return out;
  out.passed.push(`${SERVER_JSON}: valid (${out.name}@${out.version})`);
  const valid = doc as unknown as ServerJson;
  checkNamespace(out, server, valid.name, deps.token);
  await checkOwnership(out, server, valid, deps.verifyOwnership);
  if (deps.probe !== false) await probeAndScan(out, server, valid, deps);
  return out;
}
