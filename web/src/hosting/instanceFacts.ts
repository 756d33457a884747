/**
 * How the console shows a hosted instance's facts: whose it is (a person, or everyone
 * for a shared instance), its state in words, its restarts and the memory it uses.
 * Pure; unit-tested beside this file.
 */
export type InstanceState = 'starting' | 'running' | 'stopping' | 'crashed';

const STATE_LABELS: Record<InstanceState, string> = {
  starting: 'Starting',
  running: 'Running',
  stopping: 'Stopping',
  crashed: 'Crashed (starts again on the next request after its backoff)',
};

/** A per-person instance names its person; a shared one serves everyone. */
export const ownerLabel = (person: string | null): string => person ?? 'Everyone (shared)';

export const stateLabel = (state: string): string => STATE_LABELS[state as InstanceState] ?? state;

export const restartsLabel = (restarts: number): string => (restarts === 0 ? 'none' : restarts === 1 ? '1 restart' : `${restarts} restarts`);

/** Memory in binary units, one decimal from MiB up; absent when the sandbox does not measure it. */
export function memoryLabel(bytes: number | undefined): string {
  if (bytes === undefined) return '—';
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KiB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(1)} GiB`;
}
