/**
 * The catalog people browse: ranked search as you type, filters, and the list of
 * servers (each one's latest version) loaded page by page with the API's cursor as
 * the reader scrolls, so 10,000+ servers never load at once. All state lives in the
 * address bar, so a view can be shared and the back button works.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { listServers } from '../api/apiClient.js';
import { TOTAL_METADATA_KEY, type ServerResponse } from '../api/catalogTypes.js';
import { Badges } from '../ui/Badges.js';
import { ServerIcon } from '../ui/ServerIcon.js';
import { ShownText } from '../ui/ShownText.js';
import { Empty, ErrorNotice, Loading } from '../ui/Status.js';
import {
  EMPTY_FILTERS,
  PACKAGE_TYPES,
  STATUSES,
  TRANSPORTS,
  TRUST_LEVELS,
  filtersFromParams,
  listQuery,
  orderOf,
  paramsFromFilters,
  splitList,
  toggle,
  type CatalogFilters,
  type Sort,
} from './catalogQuery.js';
import { serverPath } from './serverPath.js';
import { summarize } from './serverSummary.js';

/** Delay between the last keystroke and the request: long enough to skip mid-word requests, short enough to feel instant. */
const TYPING_DELAY_MS = 60;

interface Results {
  key: string;
  items: ServerResponse[];
  nextCursor?: string;
  /** How many the whole list holds (from the first page), when the server says. */
  total?: number;
  state: 'loading' | 'ready' | 'more' | 'error';
  error?: unknown;
}

function CheckboxGroup({ legend, options, selected, onToggle }: { legend: string; options: readonly string[]; selected: string[]; onToggle: (value: string) => void }) {
  return (
    <fieldset className="filter-group">
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option} className="check">
          <input type="checkbox" checked={selected.includes(option)} onChange={() => onToggle(option)} />
          {option}
        </label>
      ))}
    </fieldset>
  );
}

function ServerRow({ item }: { item: ServerResponse }) {
  const s = summarize(item);
  return (
    <li className="server-row">
      <ServerIcon icon={s.icon} name={s.name} />
      <div className="server-row-body">
        <h2 className="server-row-title">
          <Link to={serverPath(s.name)}>
            <ShownText text={s.displayName} />
          </Link>
        </h2>
        <p className="server-row-name">
          <code>
            <ShownText text={s.name} />
          </code>{' '}
          <span className="muted">v{s.version}</span>
        </p>
        <p className="server-row-description">
          <ShownText text={s.description} />
        </p>
        <Badges badges={s.badges} />
        {(s.packageTypes.length > 0 || s.transports.length > 0) && (
          <p className="chips" aria-label="Packages and remotes">
            {s.packageTypes.map((t) => (
              <span key={`p:${t}`} className="chip">
                {t}
              </span>
            ))}
            {s.transports.map((t) => (
              <span key={`r:${t}`} className="chip chip-remote">
                remote · {t}
              </span>
            ))}
          </p>
        )}
      </div>
    </li>
  );
}

const number = new Intl.NumberFormat();
const servers = (n: number) => `${number.format(n)} server${n === 1 ? '' : 's'}`;

/** "1,234 servers" when the total is known, else what is loaded ("50 or more servers"). */
function countText(r: Results): string {
  if (r.total !== undefined) return servers(r.total);
  return r.nextCursor ? `${number.format(r.items.length)} or more servers` : servers(r.items.length);
}

/** "50 of 1,234 servers" while more remain to load, "all 12 servers" once loaded. */
function shownText(r: Results): string {
  if (r.total === undefined) return `${number.format(r.items.length)}${r.nextCursor ? '+' : ''} servers`;
  return r.items.length < r.total ? `${number.format(r.items.length)} of ${servers(r.total)}` : `all ${servers(r.total)}`;
}

export default function CatalogPage() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const [text, setText] = useState(filters.q);
  const [more, setMore] = useState(() => ({ sources: filters.sources.join(', '), tags: filters.tags.join(', ') }));
  const tagId = useId();
  const searchId = useId();
  // Open beside the list on a wide screen; folded above it on a narrow one.
  const [filtersOpen, setFiltersOpen] = useState(() => window.matchMedia('(min-width: 45rem)').matches);
  const sourceId = useId();

  // Keep the box in step when the address changes from outside (back button, a link).
  const pushedQ = useRef(filters.q);
  useEffect(() => {
    if (filters.q !== pushedQ.current) {
      pushedQ.current = filters.q;
      setText(filters.q);
    }
  }, [filters.q]);

  // What the controls show: the address bar's filters, ahead of it by the change just made
  // (the router applies a navigation a moment later; a checkbox must not flicker back meanwhile).
  const [shown, setShown] = useState(filters);
  useEffect(() => setShown(filters), [filters]);
  const update = useCallback(
    (next: Partial<CatalogFilters>) => {
      setShown({ ...filters, ...next });
      setParams(paramsFromFilters({ ...filters, ...next }), { replace: true });
    },
    [filters, setParams],
  );

  useEffect(() => {
    if (text === filters.q) return undefined;
    const timer = setTimeout(() => {
      pushedQ.current = text;
      update({ q: text });
    }, TYPING_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, filters.q, update]);

  const queryKey = listQuery(filters);
  const [results, setResults] = useState<Results>({ key: '', items: [], state: 'loading' });
  const inFlight = useRef<AbortController | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    setResults((r) => ({ key: queryKey, items: r.items, state: 'loading' }));
    listServers(queryKey, controller.signal).then(
      (page) => {
        if (controller.signal.aborted) return;
        const total = page.metadata[TOTAL_METADATA_KEY];
        setResults({
          key: queryKey,
          items: page.servers,
          ...(page.metadata.nextCursor ? { nextCursor: page.metadata.nextCursor } : {}),
          ...(total !== undefined ? { total } : {}),
          state: 'ready',
        });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setResults({ key: queryKey, items: [], state: 'error', error });
      },
    );
    return () => controller.abort();
  }, [queryKey, attempt]);

  const current = useRef(results);
  current.current = results;
  const loadMore = useCallback(() => {
    const r = current.current;
    if (r.state !== 'ready' || !r.nextCursor) return;
    const controller = new AbortController();
    inFlight.current = controller;
    const key = r.key;
    setResults({ ...r, state: 'more' });
    listServers(listQuery(filters, r.nextCursor), controller.signal).then(
      (page) => {
        if (controller.signal.aborted) return;
        setResults((prev) =>
          prev.key !== key
            ? prev
            : {
                key,
                items: [...prev.items, ...page.servers],
                ...(page.metadata.nextCursor ? { nextCursor: page.metadata.nextCursor } : {}),
                ...(prev.total !== undefined ? { total: prev.total } : {}),
                state: 'ready',
              },
        );
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setResults((prev) => (prev.key !== key ? prev : { ...prev, state: 'error', error }));
      },
    );
  }, [filters]);

  // Load the next page before the reader reaches the end of the list.
  const sentinel = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    const node = sentinel.current;
    if (!node || results.state !== 'ready' || !results.nextCursor) return undefined;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) loadMore();
      },
      { rootMargin: '800px 0px' },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [results.state, results.nextCursor, loadMore]);

  const filtered = filters.packageTypes.length + filters.transports.length + filters.statuses.length + filters.sources.length + filters.trusts.length + filters.tags.length > 0;
  const searching = filters.q.trim() !== '';
  const stale = results.key !== queryKey || results.state === 'loading';

  return (
    <div className="catalog">
      <div className="search-bar" role="search">
        <label htmlFor={searchId} className="search-label">
          Search servers
        </label>
        <input
          id={searchId}
          className="search-input"
          type="search"
          value={text}
          placeholder="weather, github, postgres…"
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
          aria-describedby={`${searchId}-hint`}
        />
        <p id={`${searchId}-hint`} className="muted small">
          Matches names, titles and descriptions, best match first.
        </p>
      </div>

      <div className="catalog-layout">
        <details className="filters" open={filtersOpen} onToggle={(e) => setFiltersOpen(e.currentTarget.open)}>
          <summary>Filters{filtered ? ' (active)' : ''}</summary>
          <CheckboxGroup legend="Package type" options={PACKAGE_TYPES} selected={shown.packageTypes} onToggle={(v) => update({ packageTypes: toggle(filters.packageTypes, v) })} />
          <CheckboxGroup legend="Remote transport" options={TRANSPORTS} selected={shown.transports} onToggle={(v) => update({ transports: toggle(filters.transports, v) })} />
          <CheckboxGroup legend="Status" options={STATUSES} selected={shown.statuses} onToggle={(v) => update({ statuses: toggle(filters.statuses, v as (typeof STATUSES)[number]) })} />
          <CheckboxGroup legend="Trust level" options={TRUST_LEVELS} selected={shown.trusts} onToggle={(v) => update({ trusts: toggle(filters.trusts, v) })} />
          <form
            className="filter-group more-filters"
            aria-label="Source and tags"
            onSubmit={(e) => {
              e.preventDefault();
              update({ sources: splitList(more.sources.toLowerCase()), tags: splitList(more.tags) });
            }}
          >
            <p className="muted small">Comma-separated; exact values.</p>
            <label htmlFor={sourceId}>Source</label>
            <input id={sourceId} value={more.sources} onChange={(e) => setMore({ ...more, sources: e.target.value })} aria-describedby={`${sourceId}-hint`} />
            <p className="muted small" id={`${sourceId}-hint`}>
              <code>local</code> for servers published here, or federation source names.
            </p>
            <label htmlFor={tagId}>Tags</label>
            <input id={tagId} value={more.tags} onChange={(e) => setMore({ ...more, tags: e.target.value })} />
            <button type="submit">Apply</button>
          </form>
          {filtered && (
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setMore({ sources: '', tags: '' });
                update({ ...EMPTY_FILTERS, q: filters.q, sort: filters.sort });
              }}
            >
              Clear filters
            </button>
          )}
        </details>

        <section className="results" aria-labelledby="results-heading" aria-busy={stale}>
          <div className="results-top">
            <h1 id="results-heading" className="results-heading">
              {searching ? <>Results for “{filters.q.trim()}”</> : 'All servers'}
            </h1>
            <label className="sort">
              Sort by{' '}
              <select value={orderOf(filters)} disabled={searching} onChange={(e) => update({ sort: e.target.value as Sort })} aria-describedby={searching ? `${searchId}-sort-hint` : undefined}>
                {searching && <option value="relevance">best match</option>}
                <option value="name">name (A–Z)</option>
                <option value="updated">recently updated</option>
              </select>
              {searching && (
                <span id={`${searchId}-sort-hint`} className="visually-hidden">
                  Search results are ordered by relevance; clear the search to sort otherwise.
                </span>
              )}
            </label>
          </div>
          <p className="visually-hidden" role="status" aria-live="polite">
            {results.state === 'ready' && !stale ? (results.items.length ? `${countText(results)} found` : 'No servers found') : ''}
          </p>
          {results.state === 'error' && results.items.length === 0 ? (
            <ErrorNotice
              error={results.error}
              action={
                <button type="button" onClick={() => setAttempt((n) => n + 1)}>
                  Try again
                </button>
              }
            />
          ) : results.state === 'loading' && results.items.length === 0 ? (
            <Loading what="servers" />
          ) : results.state === 'ready' && results.items.length === 0 ? (
            <Empty title={searching ? `No servers match “${filters.q.trim()}”${filtered ? ' with these filters' : ''}.` : 'No servers match these filters.'}>
              <p>Try fewer words{filtered ? ' or clear the filters' : ''}.</p>
            </Empty>
          ) : (
            <>
              <p className="muted small" data-testid="result-count">
                Showing {shownText(results)}
              </p>
              <ol className={`server-list${stale ? ' is-stale' : ''}`} aria-label="Servers">
                {results.items.map((item) => (
                  <ServerRow key={`${item.server.name}@${item.server.version}`} item={item} />
                ))}
              </ol>
              {results.state === 'error' && (
                <ErrorNotice
                  error={results.error}
                  action={
                    <button type="button" onClick={() => setResults((r) => ({ ...r, state: 'ready' }))}>
                      Try again
                    </button>
                  }
                />
              )}
              {results.nextCursor && results.state !== 'error' && (
                <div ref={sentinel} className="load-more">
                  {results.state === 'more' ? (
                    <Loading what="more servers" />
                  ) : (
                    <button type="button" onClick={loadMore}>
                      Load more servers
                    </button>
                  )}
                </div>
              )}
              {!results.nextCursor && results.state === 'ready' && <p className="muted small end-of-list">End of the list.</p>}
            </>
          )}
        </section>
      </div>
    </div>
  );
}
