/**
 * `toolshed init`: drafts ./server.json (mode 0600, never overwriting) from what
 * the project already says: package.json (npm, run with npx) or pyproject.toml
 * (PyPI, run with uvx) for name, description, version and package; the git origin
 * for `repository`. The draft passes the registry's validation as written.
 */
import { existsSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { CURRENT_SCHEMA_URL } from '../../catalog/index.js';
import { gitRepository } from './gitRepository.js';
import { runAction, usageError } from './publisherError.js';
import { readPyprojectProject } from './readPyproject.js';

const DESCRIPTION_MAX = 100;

interface ProjectFacts {
  registryType?: 'npm' | 'pypi';
  identifier?: string;
  mcpName?: string;
  description?: string;
  version?: string;
}

export interface Draft {
  doc: Record<string, unknown>;
  /** What the publisher still has to do, printed after writing. */
  notes: string[];
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

function projectFacts(dir: string): ProjectFacts {
  const pkgFile = join(dir, 'package.json');
  if (existsSync(pkgFile)) {
    let pkg: Record<string, unknown>;
    try {
      pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      throw usageError(`cannot read package.json: ${(err as Error).message}`);
    }
    return { registryType: 'npm', identifier: str(pkg.name), mcpName: str(pkg.mcpName), description: str(pkg.description), version: str(pkg.version) };
  }
  const pyFile = join(dir, 'pyproject.toml');
  if (existsSync(pyFile)) {
    let project: Record<string, string>;
    try {
      project = readPyprojectProject(readFileSync(pyFile, 'utf8'));
    } catch (err) {
      throw usageError(`cannot read pyproject.toml: ${(err as Error).message}`);
    }
    return { registryType: 'pypi', identifier: str(project.name), description: str(project.description), version: str(project.version) };
  }
  return {};
}

/** A name part the registry accepts (`[a-zA-Z0-9._-]`, alphanumeric at both ends). */
function namePart(text: string): string {
  return text.replace(/[^a-zA-Z0-9._-]+/g, '-').replace(/^[^a-zA-Z0-9]+|[^a-zA-Z0-9]+$/g, '') || 'server';
}

function truncate(text: string): string {
  const chars = [...text];
  return chars.length <= DESCRIPTION_MAX ? text : `${chars.slice(0, DESCRIPTION_MAX - 1).join('')}…`;
}

export function draftServerJson(dir: string): Draft {
  const facts = projectFacts(dir);
  const repository = gitRepository(dir);
  const folder = namePart(basename(resolve(dir)));
  const notes: string[] = [];

  let name = facts.mcpName;
  if (!name && repository?.source === 'github') {
    name = `io.github.${repository.owner}/${namePart(repository.subfolder ? folder : repository.repo)}`;
  }
  const scoped = facts.registryType === 'npm' ? /^@([a-zA-Z0-9-]+)\/(.+)$/.exec(facts.identifier ?? '') : null;
  if (!name && scoped) name = `io.github.${scoped[1]}/${namePart(scoped[2]!)}`;
  if (!name) {
    name = `com.example/${folder}`;
    notes.push(`The name ${name} is a placeholder: use a namespace you can prove (io.github.<you>/…, or your reversed domain).`);
  }

  const version = facts.version ?? '1.0.0';
  const doc: Record<string, unknown> = {
    $schema: CURRENT_SCHEMA_URL,
    name,
    description: truncate(facts.description ?? `The ${folder} MCP server`),
    version,
  };
  if (repository) {
    doc.repository = { url: repository.url, source: repository.source, ...(repository.subfolder ? { subfolder: repository.subfolder } : {}) };
  }
  if (facts.registryType && facts.identifier) {
    doc.packages = [
      {
        registryType: facts.registryType,
        identifier: facts.identifier,
        version,
        runtimeHint: facts.registryType === 'npm' ? 'npx' : 'uvx',
        transport: { type: 'stdio' },
      },
    ];
    if (facts.registryType === 'npm' && facts.mcpName !== name) {
      notes.push(`Add "mcpName": "${name}" to package.json and publish that to npm: the registry checks it.`);
    }
    if (facts.registryType === 'pypi') {
      notes.push(`Put "mcp-name: ${name}" in the README published to PyPI: the registry checks it.`);
    }
  } else {
    notes.push('No package.json or pyproject.toml with a name: add "packages" or "remotes" to server.json.');
  }
  if ((facts.description ?? '').length > DESCRIPTION_MAX) notes.push(`The description was shortened to ${DESCRIPTION_MAX} characters.`);
  return { doc, notes };
}

export function initCommand(program: Command): Command {
  return program
    .command('init')
    .description('Create ./server.json from package.json or pyproject.toml and the git remote')
    .action(
      runAction(async () => {
        const file = resolve('server.json');
        if (existsSync(file)) throw usageError('server.json already exists; edit it, or remove it to start over');
        const { doc, notes } = draftServerJson(process.cwd());
        try {
          writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
          chmodSync(file, 0o600);
        } catch (err) {
          throw usageError(`cannot write server.json: ${(err as Error).message}`);
        }
        process.stdout.write(`✓ Created server.json for ${String(doc.name)} version ${String(doc.version)}\n`);
        for (const note of notes) process.stdout.write(`  - ${note}\n`);
        process.stdout.write('Next: toolshed validate, toolshed login <method>, toolshed publish\n');
      }),
    );
}
