/**
 * CPU time a process (and, with `withChildren`, its direct children: nginx's
 * workers) has used so far, from /proc/<pid>/stat (Linux), in microseconds; and
 * that of its main thread alone (/proc/<pid>/task/<pid>/stat), which for a Node
 * process is the event loop, the thread a Node proxy's throughput is bound by.
 * Read before and after a load run, they tell what each process spent per call,
 * which does not depend on how the scheduler shared the cores out.
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

function cpuMicrosOf(statFile: string): number {
  const stat = readFileSync(statFile, 'utf8');
  // Fields after the command name (which may hold spaces) start at state; utime and stime are the 12th and 13th of those.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1e6;
}

const ownCpuMicros = (pid: number) => cpuMicrosOf(`/proc/${pid}/stat`);

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export function readCpuMicros(pid: number, withChildren = false): number {
  let total = ownCpuMicros(pid);
  if (withChildren) for (const child of childrenOf(pid)) total += ownCpuMicros(child);
  return total;
}

/** The main thread's CPU time (a Node process's event loop), in microseconds. */
export const readMainThreadCpuMicros = (pid: number): number => cpuMicrosOf(`/proc/${pid}/task/${pid}/stat`);
