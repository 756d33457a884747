/**
 * A cursor-paged list from the API: the first page loads when the key changes (the
 * previous request aborted), `loadMore()` appends the next page, and an answer for an
 * outdated key never lands.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Page<T> {
  items: T[];
  next?: string;
}

export interface Paged<T> {
  key: string;
  items: T[];
  next?: string;
  state: 'loading' | 'ready' | 'more' | 'error';
  error?: unknown;
}

/** An API list query asking for the page after `cursor` (the first page without one). */
export function withCursor(query: string, cursor: string | undefined): string {
  return cursor ? `${query}&cursor=${encodeURIComponent(cursor)}` : query;
}

export function usePaged<T>(key: string, loadPage: (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>): [Paged<T>, () => void] {
  const [paged, setPaged] = useState<Paged<T>>({ key, items: [], state: 'loading' });
  const latest = useRef(paged);
  latest.current = paged;
  const load = useRef(loadPage);
  load.current = loadPage;
  const controller = useRef<AbortController | null>(null);

  useEffect(() => {
    controller.current?.abort();
    const c = new AbortController();
    controller.current = c;
    setPaged({ key, items: [], state: 'loading' });
    load.current(undefined, c.signal).then(
      (page) => {
        if (!c.signal.aborted) setPaged({ key, items: page.items, ...(page.next ? { next: page.next } : {}), state: 'ready' });
      },
      (error: unknown) => {
        if (!c.signal.aborted) setPaged({ key, items: [], state: 'error', error });
      },
    );
    return () => c.abort();
  }, [key]);

  const loadMore = useCallback(() => {
    const current = latest.current;
    if (current.state !== 'ready' || !current.next) return;
    const c = new AbortController();
    controller.current = c;
    setPaged({ ...current, state: 'more' });
    load.current(current.next, c.signal).then(
      (page) => {
        if (c.signal.aborted) return;
        setPaged((p) => (p.key !== current.key ? p : { key: p.key, items: [...p.items, ...page.items], ...(page.next ? { next: page.next } : {}), state: 'ready' }));
      },
      (error: unknown) => {
        if (!c.signal.aborted) setPaged((p) => (p.key !== current.key ? p : { ...p, state: 'error', error }));
      },
    );
  }, []);

  return [paged, loadMore];
}
