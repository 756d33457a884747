/**
 * The bubblewrap command line of one instance: a read-only view of the system
 * (/usr and its merged-usr links, a few files of /etc), the prepared package
 * read-only at /pkg, a private tmpfs home and /tmp, its own user, PID, IPC, UTS
 * and cgroup namespaces, no network unless allowed, a new session (no terminal),
 * and death with its parent. Nothing else of the host is visible: not Toolshed's
 * data directory, its keys, nor other instances' files.
 *
 * Secret values never appear here: the process's environment is given to
 * bwrap's own environment (spawn's `env`), which bwrap passes on unchanged, so
 * no `--setenv` puts a value on a command line other processes can read.
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
}

export function sandboxArgs(spec: SandboxSpec): string[] {
  const args = ['--unshare-user', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup', '--die-with-parent', '--new-session'];
  if (!spec.network) args.push('--unshare-net');
  args.push('--ro-bind', '/usr', '/usr');
  for (const link of ROOT_LINKS) if (existsSync(`/${link}`)) args.push('--symlink', `usr/${link}`, `/${link}`);
  for (const file of ETC_FILES) if (existsSync(file)) args.push('--ro-bind', file, file);
  args.push('--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp', '--tmpfs', '/home', '--dir', SANDBOX_HOME);
  args.push('--ro-bind', spec.root, '/pkg', '--chdir', spec.cwd, '--hostname', 'mcp', '--');
  args.push(...spec.argv);
  return args;
}
