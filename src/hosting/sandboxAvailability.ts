/**
 * Whether instances can be sandboxed here, checked once: bwrap present and able
 * to start a process with every namespace the sandbox uses, and the cgroup
 * controllers the limits need writable. Any failure is the reason for a
 * `sandbox-unavailable` refusal: instances fail closed, never unsandboxed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cgroupsUsable, sweepLeftoverCgroups } from './cgroupLimits.js';
import { sandboxArgs } from './sandboxCommand.js';

export function sandboxProblem(bwrap: string): string | undefined {
  if (!existsSync(bwrap)) return `bubblewrap is not installed at ${bwrap} (Debian package bubblewrap)`;
  // The very command line an instance gets, with the system's /usr as its package.
  const run = spawnSync(bwrap, sandboxArgs({ root: '/usr', cwd: '/', argv: ['/usr/bin/true'], network: false }), { timeout: 10_000, env: {} });
  if (run.error || run.status !== 0) {
    const said = run.error?.message ?? (run.stderr?.toString().trim().split('\n')[0] || `exit code ${run.status}`);
    return `bubblewrap cannot start a sandbox here: ${said.slice(0, 300)}`;
  }
  const cgroups = cgroupsUsable();
  if (cgroups === undefined) sweepLeftoverCgroups();
  return cgroups;
}
