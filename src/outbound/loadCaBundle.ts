/**
 * TOOLSHED_CA_FILE: a PEM bundle of certificate authorities trusted for every
 * outbound TLS connection in addition to Node's bundled roots (a company CA for
 * internal upstreams, registries and identity providers). Read once at start-up;
 * a file that cannot be read or holds no valid certificate stops the server.
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { X509Certificate } from 'node:crypto';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The roots to trust: Node's bundled ones and the file's. Throws an Error saying what is wrong with the file. */
export function loadCaBundle(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const pems = text.match(PEM_CERTIFICATE) ?? [];
  if (pems.length === 0) throw new Error(`${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  pems.forEach((pem, i) => {
    try {
      new X509Certificate(pem);
    } catch (err) {
      throw new Error(`certificate ${i + 1} in ${path} is not valid: ${(err as Error).message}`);
    }
  });
  return [...rootCertificates, ...pems];
}
