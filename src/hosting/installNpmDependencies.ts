/**
 * Installs an unpacked npm package's production dependencies with the npm that ships
 * with Node, never running package code: `--ignore-scripts` (no lifecycle script of
 * the package or any dependency, no implicit `node-gyp rebuild`), a clean environment
 * (PATH holds only Node's folder, so there is no git for git dependencies and no shell
 * tools), an empty user and global npmrc (a `.npmrc` shipped in the tarball is removed
 * first), a private npm cache, and `--registry` set to the package's own registry.
 * npm verifies every tarball against the `dist.integrity` of its packument. Every
 * other host is unreachable for npm: its proxy is a closed port with only the
 * registry's host excluded, so a dependency pointing at an arbitrary tarball URL fails
 * instead of being fetched around the outbound guard. Afterwards the hidden lockfile
 * is read back: every installed package must have come from the registry with an
 * integrity, or the preparation fails.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PrepareError } from './prepareFailure.js';

/** npm-cli.js of the npm installed next to this Node (Debian: /usr/lib/node_modules/npm, nodejs.org builds: ../lib/node_modules/npm). */
export function findNpmCli(): string | undefined {
  const candidates = [join(dirname(process.execPath), '../lib/node_modules/npm/bin/npm-cli.js'), '/usr/lib/node_modules/npm/bin/npm-cli.js', '/usr/share/nodejs/npm/bin/npm-cli.js'];
  return candidates.find((c) => existsSync(c));
}

export interface InstallOptions {
  /** The package folder (its package.json at the top). */
  dir: string;
  /** The registry base URL the package came from; dependencies come from it only. */
  registry: string;
  /** npm's cache (shared by preparations, private to Toolshed). */
  npmCache: string;
  /** A scratch folder for npm's HOME and its empty npmrc files. */
  scratch: string;
  timeoutMs: number;
  /** The company CA bundle (`TOOLSHED_CA_FILE`), added to Node's roots for npm as it is for the outbound guard. */
  caFile?: string | undefined;
}

/** Dependency specs that are not a registry range (git, URLs, files, links) are refused before npm sees them. */
export function nonRegistryDependency(pkg: Record<string, unknown>): string | undefined {
  for (const field of ['dependencies', 'optionalDependencies'] as const) {
    const deps = pkg[field];
    if (typeof deps !== 'object' || deps === null) continue;
    for (const [name, spec] of Object.entries(deps as Record<string, unknown>)) {
      const s = typeof spec === 'string' ? spec.trim() : '';
      const target = s.startsWith('npm:') ? s.slice(s.lastIndexOf('@') > 4 ? s.lastIndexOf('@') + 1 : s.length) : s;
      if (/^(git\+|git:|github:|gitlab:|bitbucket:|gist:|https?:|file:|link:|workspace:|\.|\/|~)/i.test(target) || /^[\w-]+\/[\w.-]+(#.*)?$/.test(target)) {
        return `${name}@${s.slice(0, 200)}`;
      }
    }
  }
  return undefined;
}

export async function installNpmDependencies(o: InstallOptions): Promise<void> {
  const npmCli = findNpmCli();
  if (!npmCli) throw new PrepareError('runtime-missing', 'npm is not installed next to Node on this machine (it is needed to install the package’s dependencies)');
  const registry = `${o.registry.replace(/\/+$/, '')}/`;
  const registryHost = new URL(registry).hostname;
  await rm(join(o.dir, '.npmrc'), { force: true });
  const userRc = join(o.scratch, 'user-npmrc');
  const globalRc = join(o.scratch, 'global-npmrc');
  await Promise.all([writeFile(userRc, ''), writeFile(globalRc, '')]);
  const args = [
    npmCli,
    'install',
    '--omit=dev',
    '--ignore-scripts',
    '--no-audit',
    '--no-fund',
    '--no-update-notifier',
    '--install-links=false',
    '--registry',
    registry,
    '--replace-registry-host=always',
    '--cache',
    o.npmCache,
    '--userconfig',
    userRc,
    '--globalconfig',
    globalRc,
    // Anything but the registry goes to a closed port: no fetch around the outbound guard.
    '--proxy',
    'http://127.0.0.1:9',
    '--https-proxy',
    'http://127.0.0.1:9',
    '--noproxy',
    registryHost,
    '--fetch-retries=0',
    '--loglevel=error',
  ];
  const env = {
    PATH: dirname(process.execPath),
    HOME: o.scratch,
    TMPDIR: o.scratch,
    NODE_ENV: 'production',
    npm_config_update_notifier: 'false',
    ...(o.caFile ? { NODE_EXTRA_CA_CERTS: o.caFile } : {}),
  };
  const result = await new Promise<{ code: number | null; stderr: string; timedOut: boolean }>((resolve) => {
    const child = spawn(process.execPath, args, { cwd: o.dir, env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 16_384) stderr += d.toString('utf8');
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, o.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: -1, stderr: err.message, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, timedOut });
    });
  });
  if (result.timedOut) throw new PrepareError('fetch-failed', `installing the dependencies took longer than ${Math.round(o.timeoutMs / 1000)} s (TOOLSHED_PACKAGE_PREPARE_TIMEOUT_SECONDS)`);
  if (result.code !== 0) {
    const lines = result.stderr
      .split('\n')
      .map((l) => l.replace(/^npm (error|ERR!)\s*/, '').trim())
      .filter((l) => l !== '' && !/complete log of this run|A complete log/i.test(l));
    const text = lines.slice(0, 6).join('; ');
    const problem = /EINTEGRITY/.test(result.stderr) ? 'integrity' : /E404|404 Not Found|ETARGET|No matching version/i.test(result.stderr) ? 'missing' : 'fetch-failed';
    throw new PrepareError(problem, `installing the dependencies failed: ${text || `npm exited with ${result.code}`}`);
  }
  await checkInstalled(o.dir, registry);
}

/** Every package npm installed came from the registry, with an integrity npm checked. */
async function checkInstalled(dir: string, registry: string): Promise<void> {
  let lock: { packages?: Record<string, { resolved?: string; integrity?: string; link?: boolean; inBundle?: boolean }> };
  try {
    lock = JSON.parse(await readFile(join(dir, 'node_modules/.package-lock.json'), 'utf8')) as typeof lock;
  } catch {
    // npm writes no hidden lockfile when there is nothing to install; anything installed without one is unverified.
    if (existsSync(join(dir, 'node_modules'))) throw new PrepareError('integrity', 'npm installed dependencies without recording their sources and integrity');
    return;
  }
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    if (entry.inBundle) continue;
    if (entry.link) throw new PrepareError('unsupported', `a dependency is a link (${path}); only registry packages are installed`);
    if (!entry.resolved?.startsWith(registry)) throw new PrepareError('unsupported', `${path} did not come from the registry ${registry} (${entry.resolved ?? 'no source'})`);
    if (!entry.integrity) throw new PrepareError('integrity', `${path} has no integrity in the registry, so it cannot be verified`);
  }
}
