/**
 * OCI image references as go-containerregistry's `name.ParseReference` reads them
 * (upstream's parser): `[registry/]repository[:tag][@sha256:digest]`, registry
 * `docker.io` and tag `latest` by default, `library/` for official Docker Hub
 * images. The first path part is a registry only if it has a `.` or a `:`.
 */

export interface ImageReference {
  /** As written or defaulted: `docker.io`, `ghcr.io`, `127.0.0.1:5000`. */
  registry: string;
  repository: string;
  /** A tag or a `sha256:` digest: what `/v2/<repo>/manifests/<reference>` takes. */
  reference: string;
}

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REPOSITORY = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const REGISTRY = /^[a-zA-Z0-9.-]+(?::[0-9]{1,5})?$/;

export function parseImageReference(input: string): ImageReference | { error: string } {
  const bad = (why: string) => ({ error: `could not parse reference: ${input} (${why})` });
  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return bad('the digest must be sha256: and 64 lowercase hex digits');
  }
  let tag = 'latest';
  const colon = rest.lastIndexOf(':');
  // A colon before the last slash is a registry port, not a tag.
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return bad('invalid tag');
  }
  let registry = 'docker.io';
  const slash = rest.indexOf('/');
  if (slash > 0 && /[.:]/.test(rest.slice(0, slash))) {
    registry = rest.slice(0, slash);
    rest = rest.slice(slash + 1);
    if (!REGISTRY.test(registry)) return bad('invalid registry');
  }
  const dockerHub = ['docker.io', 'index.docker.io', 'registry-1.docker.io'].includes(registry.toLowerCase());
  if (dockerHub && !rest.includes('/')) rest = `library/${rest}`;
  if (!REPOSITORY.test(rest)) return bad('repository names are lowercase letters, digits and separators');
  return { registry, repository: rest, reference: digest ?? tag };
}
