/**
 * MCPB: the bundle at `identifier` downloaded through the outbound guard, checked
 * against `fileSha256`, unpacked by `unpackZip` and kept under `mcpb/<sha256>/` of the
 * cache; its command comes from `manifest.json` (`mcpbCommand`). The digest is known
 * before the download, so a cached bundle is never fetched again.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Package } from '../catalog/index.js';
import { downloadToFile } from './downloadToFile.js';
import type { PreparedPackage } from './hostingTypes.js';
import { mcpbCommand } from './mcpbCommand.js';
import { SANDBOX_PACKAGE_ROOT } from './npmBinCommand.js';
import { PrepareError } from './prepareFailure.js';
import type { PreparerDeps } from './preparerDeps.js';
import { unpackZip } from './unpackZip.js';

export function resolveMcpbPackage(d: PreparerDeps, pkg: Package): { key: string; run: () => Promise<PreparedPackage> } {
  const url = pkg.identifier ?? '';
  const hex = (pkg.fileSha256 ?? '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new PrepareError('integrity', 'an MCPB package needs fileSha256 (64 hex digits) to be verified before it runs');
  if (!/^https?:\/\//i.test(url)) throw new PrepareError('missing', `the MCPB identifier must be the bundle's download URL, not ${url.slice(0, 200)}`);
  return { key: `mcpb/${hex}`, run: () => prepareMcpb(d, url, hex, pkg.version ?? '') };
}

async function prepareMcpb(d: PreparerDeps, url: string, hex: string, version: string): Promise<PreparedPackage> {
  const cached = await d.cache.lookup('mcpb', hex);
  if (cached) return { ...cached, identifier: url, version };
  const scratch = await d.cache.scratch();
  try {
    const bundle = join(scratch, 'bundle.mcpb');
    const got = await downloadToFile(d.outbound, url, bundle, { maxBytes: d.limits.packageMaxBytes, timeoutMs: d.limits.timeoutMs });
    if (got.sha256 !== hex) throw new PrepareError('integrity', `the bundle does not match its fileSha256 (expected ${hex.slice(0, 16)}…, got ${got.sha256.slice(0, 16)}…)`);
    const root = join(scratch, 'root');
    await unpackZip(bundle, root, { maxBytes: d.limits.unpackedMaxBytes, maxEntries: d.limits.maxEntries, timeoutMs: d.limits.timeoutMs });
    let manifest: unknown;
    try {
      manifest = JSON.parse(await readFile(join(root, 'manifest.json'), 'utf8'));
    } catch {
      throw new PrepareError('unsupported', 'the bundle has no readable manifest.json');
    }
    const command = mcpbCommand(manifest);
    return await d.cache.commit('mcpb', hex, root, { registryType: 'mcpb', identifier: url, version, integrity: `sha256:${hex}`, command, cwd: SANDBOX_PACKAGE_ROOT });
  } finally {
    await d.cache.discard(scratch);
  }
}
