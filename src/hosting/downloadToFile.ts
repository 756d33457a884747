/**
 * Streams one package file (an npm tarball, an MCPB bundle) to disk through the
 * outbound guard: every URL, redirects included, passes `checkUrl`, and the connection
 * goes through the guarded dispatcher (its DNS lookup refuses blocked addresses).
 * Redirects may leave the origin (GitHub release assets redirect to a CDN) because the
 * caller verifies the bytes against a digest it got elsewhere. Bounded in size and time;
 * the digests are computed while writing, so a file is read once.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { request } from 'undici';
import { OutboundError, type Outbound } from '../outbound/index.js';
import { PrepareError } from './prepareFailure.js';

export interface Downloaded {
  bytes: number;
  /** base64 sha512 (npm's SRI form without the prefix). */
  sha512: string;
  /** hex sha256 (MCPB's `fileSha256`). */
  sha256: string;
}

const MAX_REDIRECTS = 5;

export async function downloadToFile(outbound: Outbound, url: string, file: string, limits: { maxBytes: number; timeoutMs: number }): Promise<Downloaded> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let current: URL;
  try {
    current = outbound.checkUrl(url);
  } catch (err) {
    throw new PrepareError('fetch-failed', `cannot fetch ${url}: ${(err as Error).message}`);
  }
  for (let hop = 0; ; hop++) {
    let res;
    try {
      res = await request(current, { method: 'GET', dispatcher: outbound.dispatcher, signal, headers: { 'user-agent': 'Toolshed/0.1 (package preparation)' } });
    } catch (err) {
      throw new PrepareError('fetch-failed', `could not download ${current.host}${current.pathname}: ${describe(err)}`);
    }
    const location = res.headers.location;
    if (res.statusCode >= 300 && res.statusCode < 400 && typeof location === 'string') {
      res.body.dump().catch(() => undefined);
      if (hop >= MAX_REDIRECTS) throw new PrepareError('fetch-failed', `too many redirects downloading ${url}`);
      try {
        current = outbound.checkUrl(new URL(location, current));
      } catch (err) {
        throw new PrepareError('fetch-failed', `${current.host} redirected to a URL that may not be fetched: ${(err as Error).message}`);
      }
      continue;
    }
    if (res.statusCode === 404) {
      res.body.dump().catch(() => undefined);
      throw new PrepareError('missing', `${current.host}${current.pathname} answered 404: the file does not exist`);
    }
    if (res.statusCode !== 200) {
      res.body.dump().catch(() => undefined);
      throw new PrepareError('fetch-failed', `${current.host}${current.pathname} answered ${res.statusCode}`);
    }
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      res.body.dump().catch(() => undefined);
      throw new PrepareError('too-large', `the file is ${declared} bytes, more than the limit of ${limits.maxBytes} (TOOLSHED_PACKAGE_MAX_MB)`);
    }
    const sha512 = createHash('sha512');
    const sha256 = createHash('sha256');
    const out = createWriteStream(file, { mode: 0o600 });
    let bytes = 0;
    try {
      for await (const chunk of res.body) {
        const buf = chunk as Buffer;
        bytes += buf.length;
        if (bytes > limits.maxBytes) {
          throw new PrepareError('too-large', `the file is more than the limit of ${limits.maxBytes} bytes (TOOLSHED_PACKAGE_MAX_MB)`);
        }
        sha512.update(buf);
        sha256.update(buf);
        if (!out.write(buf)) await once(out, 'drain');
      }
    } catch (err) {
      out.destroy();
      if (err instanceof PrepareError) throw err;
      throw new PrepareError('fetch-failed', `downloading ${current.host}${current.pathname} failed: ${describe(err)}`);
    }
    out.end();
    await once(out, 'close');
    return { bytes, sha512: sha512.digest('base64'), sha256: sha256.digest('hex') };
  }
}

function describe(err: unknown): string {
  if (err instanceof OutboundError) return err.message;
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timed out';
  if (e?.code === 'EBLOCKED' || e?.cause?.code === 'EBLOCKED') return 'the host resolves only to private, loopback or otherwise blocked addresses';
  return e?.code ?? e?.cause?.code ?? e?.message ?? 'network error';
}
