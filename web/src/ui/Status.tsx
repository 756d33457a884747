/**
 * The states every view shows the same way: loading, an API error in words (with the
 * field-level details), and an empty result with what to do about it.
 */
import type { ReactNode } from 'react';
import { ApiError } from '../api/apiClient.js';

export function Loading({ what }: { what: string }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

export function ErrorNotice({ error, action }: { error: unknown; action?: ReactNode }) {
  const problem = error instanceof ApiError ? error.problem : { message: 'Something went wrong in this page. Reload it and try again.', details: [] as string[] };
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{problem.message}</p>
      {problem.details.length > 0 && (
        <ul>
          {problem.details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
      {action}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty" role="status">
      <p className="state-title">{title}</p>
      {children}
    </div>
  );
}
