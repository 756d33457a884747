/**
 * OCI: the image config's label `io.modelcontextprotocol.server.name` must equal
 * the server name. The image is pulled anonymously over the distribution v2 API,
 * as `docker pull` does for a public image: manifest (an index resolves to
 * linux/amd64, else its first entry), then the config blob. A registry that
 * challenges with `WWW-Authenticate: Bearer realm=…` gets the anonymous token
 * handshake; one that still refuses holds a private image, which is refused.
 * A 429 refuses the publish (upstream once skipped the check on 429, letting a
 * rate-limited registry wave anything through).
 */
import { createHash } from 'node:crypto';
import type { OutboundResponse } from '../../outbound/index.js';
import { pickHost } from './allowedHosts.js';
import { parseImageReference, type ImageReference } from './parseImageReference.js';
import { header, isObject, parseJson, registryFetch, type OwnershipDeps, type PackageCheck } from './registryFetch.js';

export const OCI_NAME_LABEL = 'io.modelcontextprotocol.server.name';

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');
const BUDGET_MS = 30_000;
const MAX_DOC = 4 * 1024 * 1024;

/** Thrown inside one check to end it with the message. */
class Refusal extends Error {}

export function verifyOciPackage({ outbound, config }: OwnershipDeps): PackageCheck {
  return async (pkg, serverName) => {
    const id = pkg.identifier ?? '';
    if (id === '') return 'package identifier is required for OCI packages';
    if ((pkg.registryBaseUrl ?? '') !== '') {
      return "OCI packages must not have 'registryBaseUrl' field - use canonical reference in 'identifier' instead (e.g., 'docker.io/owner/image:1.0.0')";
    }
    if ((pkg.version ?? '') !== '') {
      return "OCI packages must not have 'version' field - include version in 'identifier' instead (e.g., 'docker.io/owner/image:1.0.0')";
    }
    if ((pkg.fileSha256 ?? '') !== '') return "OCI packages must not have 'fileSha256' field";
    const ref = parseImageReference(id);
    if ('error' in ref) return `invalid OCI reference: ${ref.error}`;
    const allowed = pickHost(config.ociRegistries, ref.registry);
    if (!allowed) return `unsupported OCI registry: ${ref.registry} (allowed: ${config.ociRegistries.join(', ')})`;
    // Docker Hub predates the standard and serves its API on another host.
    const apiHost = /^(index\.)?docker\.io$/i.test(ref.registry) ? 'registry-1.docker.io' : ref.registry;
    try {
      const labels = await pullConfigLabels(`${allowed.scheme}://${apiHost}`, ref);
      const name = labels[OCI_NAME_LABEL];
      if (name === undefined) {
        return `OCI image '${id}' is missing required annotation. Add this to your Dockerfile: LABEL ${OCI_NAME_LABEL}="${serverName}"`;
      }
      if (name !== serverName) {
        return `OCI image ownership validation failed. Expected annotation '${OCI_NAME_LABEL}' = '${serverName}', got '${name}'`;
      }
      return undefined;
    } catch (err) {
      if (err instanceof Refusal) return err.message;
      throw err;
    }

    async function pullConfigLabels(origin: string, image: ImageReference): Promise<Record<string, string>> {
      const deadline = Date.now() + BUDGET_MS;
      let authorization: string | undefined;

      async function get(url: string, accept?: string): Promise<OutboundResponse> {
        const timeoutMs = deadline - Date.now();
        if (timeoutMs <= 0) throw new Refusal(`failed to fetch OCI image: ${image.registry} did not answer within ${BUDGET_MS / 1000} s`);
        const sameOrigin = new URL(url).origin === origin;
        const headers: Record<string, string> = {
          ...(accept ? { accept } : {}),
          // Blob downloads redirect to storage hosts; the registry token is not theirs.
          ...(authorization && sameOrigin ? { authorization } : {}),
        };
        const res = await registryFetch(outbound, url, { headers, timeoutMs, maxBytes: MAX_DOC });
        if ('error' in res) throw new Refusal(`failed to fetch OCI image: ${res.error}`);
        return res;
      }

      /** GET on the registry, with the anonymous token handshake and redirects (bounded). */
      async function registryGet(path: string, accept?: string): Promise<OutboundResponse> {
        let res = await get(`${origin}${path}`, accept);
        if (res.status === 401 && authorization === undefined) {
          authorization = await anonymousToken(header(res, 'www-authenticate'));
          res = await get(`${origin}${path}`, accept);
        }
        for (let hop = 0; res.status >= 300 && res.status < 400 && hop < 5; hop++) {
          const location = header(res, 'location');
          if (!location) break;
          res = await get(new URL(location, `${origin}${path}`).href, accept);
        }
        if (res.status === 429) {
          throw new Refusal(`OCI registry ${image.registry} is rate-limiting validations (status: 429). Retry the publish later`);
        }
        if (res.status === 401 || res.status === 403) {
          throw new Refusal('OCI image is private or requires authentication. Only public images are supported');
        }
        if (res.status === 404) throw new Refusal(`OCI image '${id}' does not exist in the registry`);
        if (res.status !== 200) throw new Refusal(`failed to fetch OCI image: ${image.registry} answered status ${res.status}`);
        return res;
      }

      async function anonymousToken(challenge: string | undefined): Promise<string> {
        const privateImage = new Refusal('OCI image is private or requires authentication. Only public images are supported');
        if (!challenge || !/^bearer\s/i.test(challenge)) throw privateImage;
        const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!.toLowerCase(), m[2]!]));
        if (!params.realm) throw privateImage;
        const url = new URL(params.realm);
        if (params.service) url.searchParams.set('service', params.service);
        url.searchParams.set('scope', `repository:${image.repository}:pull`);
        const res = await get(url.href);
        if (res.status === 429) {
          throw new Refusal(`OCI registry ${image.registry} is rate-limiting validations (status: 429). Retry the publish later`);
        }
        if (res.status !== 200) throw privateImage;
        const body = parseJson(res.body);
        const token = 'value' in body && isObject(body.value) ? (body.value.token ?? body.value.access_token) : undefined;
        if (typeof token !== 'string' || token === '') throw new Refusal('failed to fetch OCI image: the token service returned no token');
        return `Bearer ${token}`;
      }

      function json(res: OutboundResponse, what: string): Record<string, unknown> {
        const parsed = parseJson(res.body);
        if ('error' in parsed || !isObject(parsed.value)) throw new Refusal(`failed to fetch OCI image: ${what} is not a JSON object`);
        return parsed.value;
      }

      let manifest = json(await registryGet(`/v2/${image.repository}/manifests/${image.reference}`, MANIFEST_TYPES), 'the manifest');
      if (Array.isArray(manifest.manifests)) {
        const entries = manifest.manifests.filter(isObject);
        const platform = (m: Record<string, unknown>) => (isObject(m.platform) ? m.platform : {});
        const pick = entries.find((m) => platform(m).os === 'linux' && platform(m).architecture === 'amd64') ?? entries[0];
        if (!pick || typeof pick.digest !== 'string') throw new Refusal('failed to fetch OCI image: the image index lists no manifests');
        manifest = json(await registryGet(`/v2/${image.repository}/manifests/${pick.digest}`, MANIFEST_TYPES), 'the manifest');
      }
      const digest = isObject(manifest.config) ? manifest.config.digest : undefined;
      if (typeof digest !== 'string' || !/^sha256:[a-f0-9]{64}$/.test(digest)) {
        throw new Refusal('failed to get image config: the manifest names no sha256 config digest');
      }
      const blob = await registryGet(`/v2/${image.repository}/blobs/${digest}`);
      if (`sha256:${createHash('sha256').update(blob.body, 'utf8').digest('hex')}` !== digest) {
        throw new Refusal('failed to get image config: the config blob does not match its digest');
      }
      const imageConfig = json(blob, 'the image config');
      const labels = isObject(imageConfig.config) && isObject(imageConfig.config.Labels) ? imageConfig.config.Labels : {};
      return Object.fromEntries(Object.entries(labels).filter((e): e is [string, string] => typeof e[1] === 'string'));
    }
  };
}
