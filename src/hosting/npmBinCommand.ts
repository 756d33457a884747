/**
 * What `npx <package>` would run, as argv inside the sandbox: Node and the package's
 * `bin` file under `/pkg`. Like npx, a single bin is used whatever its name; with
 * several, the one named after the package (without its scope).
 */
import { posix } from 'node:path';
import { PrepareError } from './prepareFailure.js';

/** Where the sandbox mounts the prepared package (hostingTypes.ts, `PreparedPackage.root`). */
export const SANDBOX_PACKAGE_ROOT = '/pkg';

export function npmBinPath(manifest: Record<string, unknown>): string {
  const name = typeof manifest.name === 'string' ? manifest.name : '';
  const unscoped = name.replace(/^@[^/]+\//, '');
  const bin = manifest.bin;
  let file: unknown;
  if (typeof bin === 'string') file = bin;
  else if (typeof bin === 'object' && bin !== null) {
    const entries = Object.entries(bin as Record<string, unknown>);
    if (entries.length === 1) file = entries[0]![1];
    else file = (bin as Record<string, unknown>)[unscoped];
    if (file === undefined && entries.length > 1) {
      throw new PrepareError('unsupported', `the package has several bin entries (${entries.map(([k]) => k).join(', ')}) and none is named ${unscoped}, so there is no one command to run`);
    }
  }
  if (typeof file !== 'string' || file.trim() === '') throw new PrepareError('unsupported', `the package ${name} has no bin entry, so there is no command to run`);
  const normalized = posix.normalize(file.replace(/\\/g, '/'));
  if (normalized.startsWith('/') || normalized === '..' || normalized.startsWith('../')) {
    throw new PrepareError('unsupported', `the bin entry ${file.slice(0, 200)} points outside the package`);
  }
  return normalized;
}

/** argv inside the sandbox: the Node running Toolshed (the sandbox binds the system read-only) and the bin file. */
export function npmCommand(binPath: string): string[] {
  return [process.execPath, posix.join(SANDBOX_PACKAGE_ROOT, binPath)];
}
