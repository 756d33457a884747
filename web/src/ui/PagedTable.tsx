/**
 * A log page's table, the same on every log (registry events, access changes, gateway
 * calls): the paged list's states (PagedList), then a scrolling table with a caption for
 * screen readers, one header per column and one row per item, and the next-page button.
 */
import type { ReactNode } from 'react';
import { PagedList } from './PagedList.js';
import type { Paged } from './usePaged.js';

export function PagedTable<T>({
  paged,
  loadMore,
  what,
  emptyTitle,
  moreLabel,
  errorAction,
  className,
  caption,
  columns,
  rowKey,
  cells,
}: {
  paged: Paged<T>;
  loadMore: () => void;
  /** What is loading, for the loading state ("events"). */
  what: string;
  emptyTitle: string;
  /** The next-page button's label ("Load older events"). */
  moreLabel: string;
  /** What to offer beside an error shown instead of the table. */
  errorAction?: (error: unknown) => ReactNode;
  className: string;
  /** The table's caption, read by screen readers only. */
  caption: string;
  columns: string[];
  rowKey: (item: T) => string | number;
  /** One item's cells, in the order of `columns`. */
  cells: (item: T) => ReactNode;
}) {
  return (
    <PagedList paged={paged} loadMore={loadMore} what={what} emptyTitle={emptyTitle} moreLabel={moreLabel} {...(errorAction ? { errorAction } : {})}>
      {(items) => (
        <div className="table-scroll">
          <table className={className}>
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={rowKey(item)}>{cells(item)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </PagedList>
  );
}
