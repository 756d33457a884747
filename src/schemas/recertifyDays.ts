/**
 * TOOLSHED_RECERTIFY_DAYS: how long a re-certification (or a trust decision) holds,
 * per trust level, as `level=days` pairs (`verified=180,internal=365`). A level left
 * out (and `blocked`, which is not certified) gets no due date.
 */
import { TRUST_LEVELS, type TrustLevel } from './governance.js';

export const DEFAULT_RECERTIFY_DAYS = 'verified=180,internal=365,community=90,experimental=30';

export type RecertifyDays = Partial<Record<TrustLevel, number>>;

/** The pairs, or the problem with them (one line to show at start-up). */
export function parseRecertifyDays(text: string): { ok: true; value: RecertifyDays } | { ok: false; problem: string } {
  const value: RecertifyDays = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([a-z]+)\s*=\s*(\d{1,5})$/.exec(part);
    if (!m) return { ok: false, problem: `"${part}" is not level=days (for example verified=180)` };
    const level = m[1] as TrustLevel;
    if (!TRUST_LEVELS.includes(level) || level === 'blocked') return { ok: false, problem: `"${m[1]}" is not a trust level that is re-certified (verified, internal, community, experimental)` };
    const days = Number(m[2]);
    if (days < 1 || days > 3650) return { ok: false, problem: `${level}: days must be from 1 to 3650` };
    value[level] = days;
  }
  return { ok: true, value };
}
