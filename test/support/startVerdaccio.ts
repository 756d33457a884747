/**
 * A real npm registry on loopback: Verdaccio as a child process, with no uplinks
 * (offline), htpasswd auth and its storage in a temp dir, and one user whose token
 * `publish` uses to run the real `npm publish`.
 */
import { execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './freePort.js';

const run = promisify(execFile);

export interface Verdaccio {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  /** The registry user's token, for publishing through the registry API directly. */
  token: string;
  /** `npm publish` of the package in `packageDir`, as the registry's user. */
  publish(packageDir: string): Promise<void>;
  close(): void;
}

/** `dir` holds the config, storage, npm cache and .npmrc; the caller removes it. */
export async function startVerdaccio(dir: string): Promise<Verdaccio> {
  const port = await freePort();
  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    [
      `storage: ${join(dir, 'storage')}`,
      'auth:',
      `  htpasswd: { file: ${join(dir, 'htpasswd')}, max_users: 10 }`,
      'uplinks: {}',
      'packages:',
      "  '**': { access: $all, publish: $authenticated }",
      'log: { type: stdout, format: pretty, level: error }',
    ].join('\n'),
  );
  const child = spawn(join(process.cwd(), 'node_modules/.bin/verdaccio'), ['--config', config, '--listen', `127.0.0.1:${port}`], {
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  let up = false;
  for (let i = 0; i < 150 && !up; i++) {
    try {
      up = (await fetch(`${url}/-/ping`)).ok;
    } catch {
      // not listening yet
    }
    if (!up) await new Promise((r) => setTimeout(r, 100));
  }
  if (!up) {
    child.kill();
    throw new Error('verdaccio did not start');
  }

  const user = await fetch(`${url}/-/user/org.couchdb.user:publisher`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'publisher', password: 'correct-horse-battery' }),
  });
  const { token } = (await user.json()) as { token: string };
  const npmrc = join(dir, '.npmrc');
  writeFileSync(npmrc, `//127.0.0.1:${port}/:_authToken=${token}\n`);
  // The npm running this test may have set npm_config_* for itself; the publish must not inherit them.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_config_')));

  return {
    url,
    token,
    async publish(packageDir) {
      await run('npm', ['publish', '--registry', `${url}/`, '--userconfig', npmrc, '--cache', join(dir, 'npm-cache'), '--access', 'public'], {
        cwd: packageDir,
        env: { ...env, npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false' },
      });
    },
    close() {
      child.kill();
    },
  };
}
