/**
 * The bubblewrap command line of one instance: a read-only view of the system
 * (/usr and its merged-usr links, a few files of /etc), the prepared package
 * read-only at /pkg, a private tmpfs home and /tmp, its own user, PID, IPC, UTS
 * and cgroup namespaces, no network unless allowed, a new session (no terminal),
 * and death with its parent. Nothing else of the host is visible: not Toolshed's
 * data directory, its keys, nor other instances' files.
 *
 * Secret values never appear here, nor in the environment of any host-side
 * process: the server's environment reaches bwrap over a pipe (`--args`, see
 * `envArgsBlock`), after `--clearenv`, so no command line other processes can
 * read holds a value, and no variable a publisher declares (`LD_PRELOAD`, say)
 * reaches the host's /bin/sh or bwrap, where the dynamic loader would obey it
 * outside the sandbox.
 */
import { existsSync } from 'node:fs';

export const SANDBOX_HOME = '/home/mcp';

/** What /etc the sandbox sees: name resolution and TLS roots, nothing with secrets. */
const ETC_FILES = ['/etc/resolv.conf', '/etc/hosts', '/etc/nsswitch.conf', '/etc/localtime', '/etc/ssl', '/etc/ca-certificates', '/etc/alternatives'];
/** Merged-usr links at the root, made as links so the layout matches the host's. */
const ROOT_LINKS = ['bin', 'lib', 'lib64', 'sbin'];

export interface SandboxSpec {
  /** Host folder of the prepared package, mounted read-only at /pkg. */
  root: string;
  cwd: string;
  /** argv inside the sandbox. */
  argv: readonly string[];
  network: boolean;
  /** A file descriptor bwrap reads more NUL-separated arguments from (the server's environment), before the rest. */
  argsFd?: number;
}

/** The host-side environment of the cgroup shell and bwrap: fixed, never the server's. */
export const HOST_SIDE_ENV: Readonly<Record<string, string>> = { PATH: '/usr/bin:/bin' };

/**
 * The server's environment as bwrap arguments for its `--args` pipe: `--clearenv`, then
 * `--setenv NAME VALUE` for each, NUL-separated. A name bwrap or the kernel cannot take
 * (empty, with `=` or NUL) or a value with NUL is refused by the caller's validation
 * (`packageLaunch.ts`); here it would only ever be skipped.
 */
export function envArgsBlock(env: Readonly<Record<string, string>>): Buffer {
  const parts = ['--clearenv'];
  for (const [name, value] of Object.entries(env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || value.includes('\0')) continue;
    parts.push('--setenv', name, value);
  }
  return Buffer.from(`${parts.join('\0')}\0`);
}

export function sandboxArgs(spec: SandboxSpec): string[] {
  const args = spec.argsFd === undefined ? [] : ['--args', String(spec.argsFd)];
  args.push('--unshare-user', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup', '--die-with-parent', '--new-session');
  if (!spec.network) args.push('--unshare-net');
  args.push('--ro-bind', '/usr', '/usr');
  for (const link of ROOT_LINKS) if (existsSync(`/${link}`)) args.push('--symlink', `usr/${link}`, `/${link}`);
  for (const file of ETC_FILES) if (existsSync(file)) args.push('--ro-bind', file, file);
  args.push('--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp', '--tmpfs', '/home', '--dir', SANDBOX_HOME);
  args.push('--ro-bind', spec.root, '/pkg', '--chdir', spec.cwd, '--hostname', 'mcp', '--');
  args.push(...spec.argv);
  return args;
}
