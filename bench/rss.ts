/** Resident set size of a process, from /proc/<pid>/status (Linux), in MiB. */
import { readFileSync } from 'node:fs';

export function readRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS line in /proc/${pid}/status`);
  return Math.round((Number(match[1]) / 1024) * 10) / 10;
}
