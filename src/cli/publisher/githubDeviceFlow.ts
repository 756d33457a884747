/**
 * `login github` without a token: GitHub's OAuth device flow with the client id
 * the registry advertises on `/v0/health`, as upstream's CLI does. The GitHub base
 * URL is TOOLSHED_GITHUB_URL when set (GitHub Enterprise, tests).
 */
import { callRegistry, callUrl, isObject } from './registryClient.js';
import { refusedError, usageError } from './publisherError.js';

const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';
const MAX_WAIT_SECONDS = 900;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function githubDeviceFlow(registry: string): Promise<string> {
  const health = await callRegistry(registry, 'GET', '/v0/health');
  const clientId = isObject(health.body) ? health.body.github_client_id : undefined;
  if (typeof clientId !== 'string' || !clientId) {
    throw usageError('no GitHub token: pass --token or set MCP_GITHUB_TOKEN (this registry advertises no github_client_id for the device flow)');
  }
  const github = (process.env.TOOLSHED_GITHUB_URL || 'https://github.com').replace(/\/+$/, '');
  const code = await callUrl(`${github}/login/device/code`, 'POST', { body: { client_id: clientId, scope: 'read:org read:user' } });
  if (code.status !== 200 || !isObject(code.body) || typeof code.body.device_code !== 'string') {
    throw refusedError(`GitHub refused the device code request (HTTP ${code.status}): ${code.text.slice(0, 300)}`);
  }
  const { device_code: deviceCode, user_code: userCode, verification_uri: uri } = code.body;
  process.stdout.write(`To authenticate, open ${String(uri)} and enter the code: ${String(userCode)}\n`);
  let interval = Math.max(1, Number(code.body.interval) || 5);
  const deadline = Date.now() + Math.min(Number(code.body.expires_in) || MAX_WAIT_SECONDS, MAX_WAIT_SECONDS) * 1000;
  // At most one poll per second until the deadline.
  for (let attempt = 0; attempt <= MAX_WAIT_SECONDS && Date.now() < deadline; attempt++) {
    await sleep(interval * 1000);
    const poll = await callUrl(`${github}/login/oauth/access_token`, 'POST', {
      body: { client_id: clientId, device_code: deviceCode, grant_type: GRANT_TYPE },
    });
    const body = isObject(poll.body) ? poll.body : {};
    if (typeof body.access_token === 'string' && body.access_token) return body.access_token;
    if (body.error === 'authorization_pending') continue;
    if (body.error === 'slow_down') {
      interval = Math.max(interval + 5, Number(body.interval) || 0);
      continue;
    }
    throw refusedError(`GitHub device flow failed: ${String(body.error_description ?? body.error ?? `HTTP ${poll.status}`)}`);
  }
  throw refusedError('the GitHub device code expired before it was authorised; run `toolshed login github` again');
}
