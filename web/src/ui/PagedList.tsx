/**
 * A cursor-paged list's states, the same on every log page: loading, an error
 * before anything arrived (with an optional way out, such as signing in again),
 * empty, or the items (drawn by the page) followed by a later error and the button
 * that loads the next page.
 */
import type { ReactNode } from 'react';
import { Empty, ErrorNotice, Loading } from './Status.js';
import type { Paged } from './usePaged.js';

export function PagedList<T>({
  paged,
  loadMore,
  what,
  emptyTitle,
  moreLabel,
  errorAction,
  children,
}: {
  paged: Paged<T>;
  loadMore: () => void;
  /** What is loading, for the loading state ("events"). */
  what: string;
  emptyTitle: string;
  /** The next-page button's label ("Load older events"). */
  moreLabel: string;
  /** What to offer beside an error shown instead of the list. */
  errorAction?: (error: unknown) => ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  if (paged.state === 'loading') return <Loading what={what} />;
  if (paged.state === 'error' && paged.items.length === 0) return <ErrorNotice error={paged.error} action={errorAction?.(paged.error)} />;
  if (paged.items.length === 0) return <Empty title={emptyTitle} />;
  return (
    <>
      {children(paged.items)}
      {paged.state === 'error' && <ErrorNotice error={paged.error} />}
      {paged.next && paged.state !== 'error' && (
        <p>
          <button type="button" onClick={loadMore} disabled={paged.state === 'more'}>
            {paged.state === 'more' ? 'Loading…' : moreLabel}
          </button>
        </p>
      )}
    </>
  );
}
