/**
 * `toolshed publish [file]`: `POST {registry}/v0/publish` with the stored token.
 * When the registry refuses the document (422), asks `/v0/validate` why and
 * prints the issues, as upstream's CLI does.
 */
import type { Command } from 'commander';
import { readServerJson } from './readServerJson.js';
import { refusedError, runAction } from './publisherError.js';
import { callRegistry, describeProblem, isObject } from './registryClient.js';
import { loginAgainHint, storedLogin } from './storedLogin.js';
import { validateRemotely } from './validateCommand.js';

export function publishCommand(program: Command): Command {
  return program
    .command('publish')
    .description('Publish a server.json to the registry you logged in to')
    .argument('[file]', 'the server.json to publish', 'server.json')
    .action(
      runAction(async (file: string) => {
        const doc = readServerJson(file);
        const login = storedLogin();
        process.stdout.write(`Publishing to ${login.registry}...\n`);
        const res = await callRegistry(login.registry, 'POST', '/v0/publish', { body: doc, token: login.token });
        if (res.status === 401) throw refusedError(`publish failed: ${describeProblem(res)}\n${loginAgainHint(login)}`);
        if (res.status === 422) {
          let issues: string[] = [];
          try {
            issues = (await validateRemotely(login.registry, doc)).lines;
          } catch {
            // /validate refuses what failed the shape check; the publish answer below says why.
          }
          throw refusedError(issues.length ? [`publish failed: ${describeProblem(res, false)}`, 'Validation issues:', ...issues].join('\n') : `publish failed: ${describeProblem(res)}`);
        }
        if (res.status !== 200 && res.status !== 201) throw refusedError(`publish failed: ${describeProblem(res)}`);
        const server = isObject(res.body) && isObject(res.body.server) ? res.body.server : isObject(doc) ? doc : {};
        process.stdout.write(`✓ Successfully published\n✓ Server ${String(server.name)} version ${String(server.version)}\n`);
      }),
    );
}
