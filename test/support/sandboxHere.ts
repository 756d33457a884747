/**
 * Why hosted instances cannot be sandboxed on this machine (bubblewrap missing or
 * refused, cgroup controllers not writable), or undefined when they can. Tests that
 * start instances are reported as skipped where Toolshed itself would refuse them
 * (`.ci/run` installs bubblewrap, so CI runs them).
 */
import { sandboxProblem } from '../../src/hosting/sandboxAvailability.js';

export const NO_SANDBOX: string | undefined = sandboxProblem('/usr/bin/bwrap');
