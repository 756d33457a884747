/**
 * The command of an unpacked MCPB bundle from its `manifest.json`: `server.mcp_config`
 * (`command` and `args`, with `${__dirname}` as the bundle's folder, `/pkg` in the
 * sandbox), or else `server.type` and `server.entry_point` (node: Node and the entry;
 * python: python3 and the entry; binary: the entry itself). `node` is the Node
 * running Toolshed. Other `${...}` placeholders (user_config) are left for the instance.
 */
import { existsSync } from 'node:fs';
import { posix } from 'node:path';
import { SANDBOX_PACKAGE_ROOT } from './npmBinCommand.js';
import { PrepareError } from './prepareFailure.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function inBundle(entry: string): string {
  const normalized = posix.normalize(entry.replace(/\\/g, '/'));
  if (normalized.startsWith('/') || normalized === '..' || normalized.startsWith('../')) throw new PrepareError('unsupported', `the bundle's entry point ${entry.slice(0, 200)} is outside the bundle`);
  return posix.join(SANDBOX_PACKAGE_ROOT, normalized);
}

function runtimeOf(command: string): string {
  if (command === 'node') return process.execPath;
  if (command === 'python' || command === 'python3') {
    const python = ['/usr/bin/python3', '/usr/local/bin/python3'].find((p) => existsSync(p));
    if (!python) throw new PrepareError('runtime-missing', 'the bundle is a Python server and python3 is not installed on this machine (Debian: apt-get install python3)');
    return python;
  }
  if (command === 'uv' || command === 'uvx')
    throw new PrepareError('runtime-missing', 'the bundle runs with uv, which is not installed on this machine (https://docs.astral.sh/uv/getting-started/installation/)');
  return command;
}

export function mcpbCommand(manifest: unknown): string[] {
  const server = isObject(manifest) ? manifest.server : undefined;
  if (!isObject(server)) throw new PrepareError('unsupported', 'the bundle’s manifest.json has no server section');
  const config = server.mcp_config;
  const expand = (s: string) => s.split('${__dirname}').join(SANDBOX_PACKAGE_ROOT);
  if (isObject(config) && typeof config.command === 'string' && config.command !== '') {
    const args = Array.isArray(config.args) ? config.args : [];
    if (!args.every((a): a is string => typeof a === 'string')) throw new PrepareError('unsupported', 'the bundle’s mcp_config.args are not all strings');
    const command = expand(config.command);
    if (command.startsWith(SANDBOX_PACKAGE_ROOT)) inBundle(posix.relative(SANDBOX_PACKAGE_ROOT, command));
    return [runtimeOf(command), ...args.map(expand)];
  }
  const entry = typeof server.entry_point === 'string' ? server.entry_point : '';
  if (entry === '') throw new PrepareError('unsupported', 'the bundle’s manifest.json names neither mcp_config.command nor server.entry_point');
  switch (server.type) {
    case 'node':
      return [runtimeOf('node'), inBundle(entry)];
    case 'python':
      return [runtimeOf('python3'), inBundle(entry)];
    case 'binary':
      return [inBundle(entry)];
    default:
      throw new PrepareError('unsupported', `the bundle's server type ${String(server.type).slice(0, 50)} is not hosted (node, python or binary)`);
  }
}
