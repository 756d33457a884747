/**
 * MCPB: the bundle URL must be a release asset on an allowed host and answer a
 * HEAD (200, or a 3xx with a Location, unfollowed). As upstream, this proves the
 * file is reachable, not who owns it, and `fileSha256` is not checked against the
 * file here: clients verify the hash when they download the bundle.
 *
 * A `mcpbHosts` entry is a host name (https), or `http://host:port` for a private
 * plain-HTTP server (the tests use one on loopback).
 */
import { pickHost } from './allowedHosts.js';
import { header, registryFetch, type OwnershipDeps, type PackageCheck } from './registryFetch.js';

const GITHUB_RELEASE = /^\/([a-zA-Z0-9]([a-zA-Z0-9-]{0,37}[a-zA-Z0-9])?)\/([a-zA-Z0-9._-]+)\/releases\/download\/([^/]+)\/([^/]+)$/;
const GITLAB_RELEASE = /^\/([a-zA-Z0-9._-]+(?:\/[a-zA-Z0-9._-]+)*)\/-\/releases\/([^/]+)\/downloads\/([^/]+)$/;
const GITLAB_PACKAGE = /^\/([a-zA-Z0-9._-]+(?:\/[a-zA-Z0-9._-]+)*)\/-\/package_files\/([0-9]+)\/download$/;

function releasePathError(host: string, path: string): string | undefined {
  const github = GITHUB_RELEASE.test(path);
  const gitlab = GITLAB_RELEASE.test(path) || GITLAB_PACKAGE.test(path);
  if (host === 'github.com' || host === 'www.github.com') {
    return github ? undefined : "GitHub MCPB packages must be release assets following the pattern '/owner/repo/releases/download/tag/filename'";
  }
  if (host === 'gitlab.com' || host === 'www.gitlab.com') {
    return gitlab ? undefined : "GitLab MCPB packages must be release assets following patterns '/owner/repo/-/releases/tag/downloads/filename' or '/owner/repo/-/package_files/id/download'";
  }
  // Other configured hosts are GitHub Enterprise or self-managed GitLab: either release form.
  return github || gitlab
    ? undefined
    : "MCPB packages must be release assets following the GitHub pattern '/owner/repo/releases/download/tag/filename' or the GitLab patterns '/owner/repo/-/releases/tag/downloads/filename' or '/owner/repo/-/package_files/id/download'";
}

export function verifyMcpbPackage({ outbound, config }: OwnershipDeps): PackageCheck {
  return async (pkg) => {
    const id = pkg.identifier ?? '';
    if ((pkg.fileSha256 ?? '') === '') return 'must include a fileSha256 hash for integrity verification';
    if (id === '') return 'package identifier is required for MCPB packages';
    if ((pkg.registryBaseUrl ?? '') !== '') {
      return "MCPB packages must not have 'registryBaseUrl' field - use the full download URL in 'identifier' instead";
    }
    let url: URL;
    try {
      url = new URL(id);
    } catch {
      return `invalid MCPB package URL: ${id}`;
    }
    const host = url.host.toLowerCase();
    const allowed = pickHost(config.mcpbHosts, host);
    if (!allowed) {
      return `MCPB packages must be hosted on allowlisted providers (${config.mcpbHosts.join(', ')}). Host '${host}' is not allowed`;
    }
    const pathError = releasePathError(host, url.pathname);
    if (pathError) return pathError;
    const plainHttpOk = allowed.scheme === 'http' && url.protocol === 'http:';
    if (url.protocol !== 'https:' && !plainHttpOk) return `invalid MCPB package URL, must use HTTPS: ${id}`;
    if (!id.toLowerCase().includes('mcp')) return `MCPB package URL must contain 'mcp': ${id}`;

    const res = await registryFetch(outbound, url.href, { method: 'HEAD', timeoutMs: 10_000, maxBytes: 64 * 1024 });
    if ('error' in res) return `failed to verify MCPB package accessibility: ${res.error}`;
    // Release downloads redirect to a signed CDN URL; that redirect is the file's existence.
    if (res.status === 200 || (res.status >= 300 && res.status < 400 && header(res, 'location'))) return undefined;
    return `MCPB package '${id}' is not publicly accessible (status: ${res.status})`;
  };
}
