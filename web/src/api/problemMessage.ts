/**
 * Turns what the API answered (an RFC 9457 problem+json body, a status, or a network
 * failure) into one sentence a person can act on, plus the field-level details.
 * Pure: no fetch, no DOM, so it is unit-tested beside this file.
 */

export interface ProblemBody {
  title?: string;
  status?: number;
  detail?: string;
  /** The error catalogue's code (docs/errors.md): what to branch on, rather than the wording. */
  code?: string;
  errors?: Array<{ message?: string; location?: string; value?: unknown }>;
}

export interface ReadableProblem {
  /** One sentence for a heading or an alert. */
  message: string;
  /** Field-level issues from `errors[]`, each as "where: what". */
  details: string[];
  status: number;
  /** The server's error code, when it sent one. */
  code?: string;
}

const STATUS_WORDS: Record<number, string> = {
  400: 'The request was not understood.',
  401: 'You need to sign in to do this.',
  403: 'You are signed in, but not allowed to do this.',
  404: 'Nothing was found here.',
  409: 'This conflicts with the current state; reload and try again.',
  413: 'What you sent is too large.',
  422: 'Some of what you sent is not valid.',
  429: 'Too many requests right now; wait a moment and try again.',
  502: 'An upstream service failed; try again later.',
  503: 'The registry is temporarily unavailable; try again shortly.',
};

function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const first = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/** "body.remotes[0].url" → "remotes[0].url"; "query.limit" → "limit". */
function place(location: string | undefined): string {
  if (!location) return '';
  return location.replace(/^(body|query|path|header)\./, '');
}

export function readProblem(status: number, body: unknown): ReadableProblem {
  const problem = (body && typeof body === 'object' ? body : {}) as ProblemBody;
  const details = Array.isArray(problem.errors)
    ? problem.errors.filter((e) => e && typeof e.message === 'string').map((e) => (place(e.location) ? `${place(e.location)}: ${e.message}` : String(e.message)))
    : [];
  let message: string;
  if (status === 401) message = STATUS_WORDS[401]!;
  else if (typeof problem.detail === 'string' && problem.detail.trim() && problem.detail !== 'validation failed') {
    message = sentence(problem.detail);
  } else message = STATUS_WORDS[status] ?? (status >= 500 ? 'The registry failed to answer; try again later.' : `The request failed (${problem.title ?? `HTTP ${status}`}).`);
  if (status === 401 && typeof problem.detail === 'string' && problem.detail.trim()) details.unshift(sentence(problem.detail));
  return { message, details, status, ...(typeof problem.code === 'string' ? { code: problem.code } : {}) };
}

/** A fetch that never reached the server (offline, refused, CORS, aborted by a timeout). */
export function networkProblem(error: unknown): ReadableProblem {
  const why = error instanceof Error && error.message ? ` (${error.message})` : '';
  return { message: `Could not reach the registry. Check your connection and try again${why}.`, details: [], status: 0 };
}
