/** The failed half of `PrepareResult`, built in one place so every module words it alike. */
import type { PrepareProblem, PrepareResult } from './hostingTypes.js';

export type PrepareFailure = Extract<PrepareResult, { ok: false }>;

export function prepareFailure(problem: PrepareProblem, reason: string): PrepareFailure {
  return { ok: false, problem, reason: reason.slice(0, 1000) };
}

/** Thrown inside a preparation to end it with a named failure (caught by the preparer, never escapes it). */
export class PrepareError extends Error {
  constructor(
    readonly problem: PrepareProblem,
    message: string,
  ) {
    super(message);
  }
}
