/**
 * Unpacks an MCPB bundle (a zip) with the system's Info-ZIP `unzip` (no zip library
 * is installed; Debian package `unzip`). The listing is checked before anything is
 * written: every name relative and without `..` (zip-slip), no symlink entries (a link
 * followed by a name through it is the other escape), at most `maxEntries` entries and
 * `maxBytes` declared uncompressed bytes (zip bombs; unzip itself refuses an entry
 * whose data outruns its declared size or CRC). The written tree is measured again.
 */
import { mkdir } from 'node:fs/promises';
import type { UnpackLimits } from './unpackNpmTarball.js';
import { sizeOfTree } from './packageCache.js';
import { PrepareError } from './prepareFailure.js';
import { findTool, runTool } from './runTool.js';

export async function unpackZip(file: string, dir: string, limits: UnpackLimits & { timeoutMs: number }): Promise<void> {
  const unzip = findTool('unzip');
  if (!unzip) throw new PrepareError('runtime-missing', 'unzip is not installed on this machine; MCPB bundles need it (Debian: apt-get install unzip)');
  const names = await runTool(unzip, ['-Z1', file], { timeoutMs: limits.timeoutMs });
  if (names.code !== 0) throw new PrepareError('integrity', `the bundle is not a readable zip file: ${names.stderr.trim().slice(0, 300) || names.stdout.trim().slice(0, 300)}`);
  const entries = names.stdout.split('\n').filter((n) => n !== '');
  if (entries.length > limits.maxEntries) throw new PrepareError('too-large', `the bundle has more than ${limits.maxEntries} files`);
  for (const name of entries) {
    if (/[\u0000-\u001f]/.test(name) || name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.split(/[\\/]/).includes('..')) {
      throw new PrepareError('integrity', `the bundle has a file that would be written outside its folder: ${name.slice(0, 200)}`);
    }
  }
  const long = await runTool(unzip, ['-Z', file], { timeoutMs: limits.timeoutMs });
  const rows = long.stdout.split('\n').filter((l) => /^[-dlbcps?][-rwxsStT?]{9}\s/.test(l));
  if (long.code !== 0 || rows.length !== entries.length) throw new PrepareError('integrity', 'the bundle’s listing cannot be read consistently');
  const link = rows.findIndex((r) => r.startsWith('l'));
  if (link !== -1) throw new PrepareError('integrity', `the bundle has a symbolic link (${entries[link]!.slice(0, 200)}); bundles may hold only files and folders`);
  const total = /([0-9]+) bytes uncompressed/.exec((await runTool(unzip, ['-Zt', file], { timeoutMs: limits.timeoutMs })).stdout);
  if (!total || Number(total[1]) > limits.maxBytes) {
    throw new PrepareError('too-large', `the bundle unpacks to ${total ? `${total[1]} bytes` : 'an unknown size'}, more than the limit of ${limits.maxBytes} (TOOLSHED_PACKAGE_UNPACKED_MAX_MB)`);
  }
  await mkdir(dir, { recursive: true });
  const out = await runTool(unzip, ['-qq', '-o', file, '-d', dir], { timeoutMs: limits.timeoutMs });
  if (out.timedOut) throw new PrepareError('too-large', 'unpacking the bundle took too long');
  if (out.code !== 0 && out.code !== 1) throw new PrepareError('integrity', `the bundle cannot be unpacked: ${out.stderr.trim().slice(0, 300)}`);
  await sizeOfTree(dir, limits.maxBytes);
}
