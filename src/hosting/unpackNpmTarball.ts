/**
 * Unpacks an npm tarball (gzip'd tar) into `dir` the way npm does: the first path
 * segment (`package/`) is dropped, only regular files and directories are written
 * (symlinks, hard links and devices are skipped, as pacote does), and no name may
 * leave `dir` (absolute paths and `..` segments are refused, not rewritten). The
 * unpacked size and the entry count are bounded, so a gzip bomb ends as `too-large`
 * while it is being read. Files are written 0644 (0755 when any execute bit is set).
 */
import { createReadStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { createGunzip } from 'node:zlib';
import { PrepareError } from './prepareFailure.js';

export interface UnpackLimits {
  maxBytes: number;
  maxEntries: number;
}

const BLOCK = 512;

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}

function octal(header: Buffer, start: number, length: number): number {
  const raw = header.subarray(start, start + length);
  // GNU base-256 for sizes past 8 GiB: never a package we accept.
  if ((raw[0]! & 0x80) !== 0) return Number.POSITIVE_INFINITY;
  const text = field(header, start, length).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function paxPath(body: Buffer): string | undefined {
  let path: string | undefined;
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    if (space === -1) break;
    const length = parseInt(body.subarray(at, space).toString('utf8'), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = body.subarray(space + 1, at + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (record.slice(0, eq) === 'path') path = record.slice(eq + 1);
    at += length;
  }
  return path;
}

/** The path below `dir` for a tar member name, or undefined for the top folder itself. Throws on an escape. */
function targetOf(name: string): string | undefined {
  if (name.includes('\0') || name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw new PrepareError('integrity', `the tarball has an absolute path: ${name.slice(0, 200)}`);
  const parts = name.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new PrepareError('integrity', `the tarball has a path that leaves the package: ${name.slice(0, 200)}`);
  const rest = parts.slice(1);
  return rest.length === 0 ? undefined : posix.join(...rest);
}

export async function unpackNpmTarball(file: string, dir: string, limits: UnpackLimits): Promise<{ bytes: number; entries: number }> {
  let buffered: Buffer = Buffer.alloc(0);
  let bytes = 0;
  let entries = 0;
  let longName: string | undefined;
  let paxName: string | undefined;
  /** The member being read: how many body bytes remain, and where they go. */
  let member: { remaining: number; padding: number; sink: 'file' | 'pax' | 'long' | 'skip'; handle?: import('node:fs/promises').FileHandle; collected?: Buffer[] } | undefined;
  let ended = false;

  async function finishMember() {
    const m = member!;
    member = undefined;
    if (m.sink === 'file') await m.handle!.close();
    if (m.sink === 'pax') paxName = paxPath(Buffer.concat(m.collected!));
    if (m.sink === 'long') longName = field(Buffer.concat(m.collected!), 0, Buffer.concat(m.collected!).length);
  }

  async function startMember(header: Buffer) {
    const type = String.fromCharCode(header[156]!);
    const size = octal(header, 124, 12);
    const mode = octal(header, 100, 8);
    const prefix = field(header, 345, 155);
    const rawName = field(header, 0, 100);
    const name = paxName ?? longName ?? (prefix ? `${prefix}/${rawName}` : rawName);
    const padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (type === 'x' || type === 'g' || type === 'L') {
      if (size > 1024 * 1024) throw new PrepareError('too-large', 'the tarball has an oversized extended header');
      member = { remaining: size, padding, sink: type === 'g' ? 'skip' : type === 'x' ? 'pax' : 'long', collected: [] };
      return;
    }
    paxName = undefined;
    longName = undefined;
    entries += 1;
    if (entries > limits.maxEntries) throw new PrepareError('too-large', `the package has more than ${limits.maxEntries} files`);
    const target = targetOf(name);
    if (type === '0' || type === '\0' || type === '7') {
      bytes += size;
      if (bytes > limits.maxBytes) throw new PrepareError('too-large', `the unpacked package is more than ${limits.maxBytes} bytes (TOOLSHED_PACKAGE_UNPACKED_MAX_MB)`);
      if (target === undefined) throw new PrepareError('integrity', 'the tarball has a file where its top folder should be');
      const path = join(dir, target);
      await mkdir(dirname(path), { recursive: true });
      const handle = await open(path, 'w', (mode & 0o111) !== 0 ? 0o755 : 0o644);
      member = { remaining: size, padding, sink: 'file', handle };
      return;
    }
    if (type === '5' && target !== undefined) await mkdir(join(dir, target), { recursive: true });
    member = { remaining: size, padding, sink: 'skip' };
  }

  async function consume() {
    for (;;) {
      if (member) {
        const take = Math.min(member.remaining, buffered.length);
        if (take > 0) {
          const chunk = buffered.subarray(0, take);
          if (member.sink === 'file') await member.handle!.write(chunk);
          else if (member.sink !== 'skip') member.collected!.push(Buffer.from(chunk));
          member.remaining -= take;
          buffered = buffered.subarray(take);
        }
        if (member.remaining > 0) return;
        if (buffered.length < member.padding) return;
        buffered = buffered.subarray(member.padding);
        await finishMember();
        continue;
      }
      if (ended || buffered.length < BLOCK) return;
      const header = buffered.subarray(0, BLOCK);
      buffered = buffered.subarray(BLOCK);
      if (header.every((b) => b === 0)) {
        ended = true;
        return;
      }
      await startMember(Buffer.from(header));
    }
  }

  const gunzip = createGunzip();
  const input = createReadStream(file).pipe(gunzip);
  try {
    for await (const chunk of input) {
      buffered = buffered.length === 0 ? (chunk as Buffer) : Buffer.concat([buffered, chunk as Buffer]);
      await consume();
      if (ended) break;
    }
  } catch (err) {
    if (err instanceof PrepareError) throw err;
    throw new PrepareError('integrity', `the tarball cannot be unpacked: ${(err as Error).message}`);
  } finally {
    input.destroy();
    if (member?.sink === 'file') await member.handle!.close().catch(() => undefined);
  }
  if (member) throw new PrepareError('integrity', 'the tarball ends in the middle of a file');
  return { bytes, entries };
}
