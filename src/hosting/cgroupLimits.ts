/**
 * Memory and process-count limits of one instance, enforced by the kernel
 * through cgroup v1 controllers (`memory.limit_in_bytes`, `pids.max`) in a group
 * of the instance's own. The sandbox's first process joins the group before it
 * runs bwrap (a `/bin/sh` prefix writes its own pid to `cgroup.procs`, then
 * execs), so every process of the instance is counted from its first fork. A
 * host without writable v1 controllers gets no instances: limits that cannot be
 * enforced are not pretended (see docs/hosting.md).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = '/sys/fs/cgroup';
const CONTROLLERS = ['memory', 'pids'] as const;

export interface CgroupLimits {
  /** argv that joins the groups and then runs `argv`. */
  wrap(argv: readonly string[]): string[];
  /** Memory the instance's processes use now (their pages and page cache, its tmpfs included), in bytes. */
  memoryBytes(): number | undefined;
  /** Whether the kernel killed a process of the group for passing the memory limit. */
  oomKilled(): boolean;
  /** Removes the groups once no process is left in them (waiting a few seconds at most for the last ones to go). */
  remove(): Promise<void>;
}

/** Whether both controllers can be written here: a group made and removed again. */
export function cgroupsUsable(): string | undefined {
  const probe = `toolshed-probe-${process.pid}`;
  for (const controller of CONTROLLERS) {
    const dir = join(ROOT, controller, probe);
    try {
      if (!existsSync(join(ROOT, controller))) return `the cgroup v1 ${controller} controller is not mounted at ${ROOT}/${controller}`;
      mkdirSync(dir);
      rmdirSync(dir);
    } catch (err) {
      return `the cgroup v1 ${controller} controller cannot be written (${(err as Error).message})`;
    }
  }
  return undefined;
}

/** Removes the empty groups a killed Toolshed left (`kill -9` runs no clean-up); a group with a process in it is busy and stays. */
export function sweepLeftoverCgroups(): void {
  for (const controller of CONTROLLERS) {
    let entries: string[];
    try {
      entries = readdirSync(join(ROOT, controller)).filter((e) => e.startsWith('toolshed-hi'));
    } catch {
      continue;
    }
    for (const entry of entries) {
      try {
        rmdirSync(join(ROOT, controller, entry));
      } catch {
        // In use by a live instance (of this or another Toolshed on the host).
      }
    }
  }
}

export function createCgroupLimits(name: string, limits: { memoryBytes: number; maxProcesses: number }): CgroupLimits {
  const dirs = CONTROLLERS.map((c) => join(ROOT, c, `toolshed-${name}`));
  for (const dir of dirs) mkdirSync(dir, { recursive: true });
  writeFileSync(join(dirs[0]!, 'memory.limit_in_bytes'), String(limits.memoryBytes));
  try {
    writeFileSync(join(dirs[0]!, 'memory.memsw.limit_in_bytes'), String(limits.memoryBytes));
  } catch {
    // No swap accounting here: the memory limit alone holds (swap is not counted).
  }
  writeFileSync(join(dirs[1]!, 'pids.max'), String(limits.maxProcesses));
  return {
    wrap(argv) {
      const joins = dirs.map((d) => `echo $$ > '${d}/cgroup.procs'`).join(' && ');
      return ['/bin/sh', '-c', `${joins} && exec "$@"`, 'sandbox', ...argv];
    },
    memoryBytes() {
      try {
        return Number(readFileSync(join(dirs[0]!, 'memory.usage_in_bytes'), 'utf8').trim());
      } catch {
        return undefined;
      }
    },
    oomKilled() {
      try {
        return /^oom_kill [1-9]/m.test(readFileSync(join(dirs[0]!, 'memory.oom_control'), 'utf8'));
      } catch {
        return false;
      }
    },
    async remove() {
      // The sandbox's last processes die just after bwrap (their PID namespace ends with it): a busy group is tried again shortly.
      let left = [...dirs];
      for (let tries = 0; tries < 25; tries++) {
        left = left.filter((dir) => {
          try {
            rmdirSync(dir);
            return false;
          } catch (err) {
            return (err as NodeJS.ErrnoException).code !== 'ENOENT';
          }
        });
        if (!left.length) return;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
  };
}
