/**
 * Console — the access change log (GET /api/admin/access/changes): who changed which
 * rule, person, group, token, connection or secret, when, newest first; filtered by
 * kind, target, actor, action and date, paged with the API's cursor.
 */
import { useEffect, useId } from 'react';
import { useConsole } from '../admin/consoleContext.js';
import { usePaged, withCursor } from '../ui/usePaged.js';
import { PagedTable } from '../ui/PagedTable.js';
import { utcTime } from '../ui/utcTime.js';
import { listChanges, type AccessChange } from './accessApi.js';
import { dayBound } from '../ui/dayBound.js';
import { useUrlFilters } from '../ui/useUrlFilters.js';
import { DateFilter } from '../ui/DateFilter.js';

const KEYS = ['kind', 'target', 'actor', 'action', 'since'] as const;

function summary(value: unknown): string {
  if (value === null || value === undefined) return '—';
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

export default function AccessChangesPage() {
  const { token } = useConsole();
  const { filters, draft, setDraft, submit } = useUrlFilters(KEYS);
  const id = useId();
  useEffect(() => {
    document.title = 'Access changes · Toolshed';
  }, []);
  const q = new URLSearchParams();
  for (const k of KEYS) if (filters[k]) q.set(k, k === 'since' ? (dayBound(filters[k], false) ?? filters[k]) : filters[k]);
  q.set('limit', '50');
  const query = q.toString();
  const [changes, loadMore] = usePaged<AccessChange>(query, async (cursor, signal) => {
    const body = await listChanges(token, withCursor(query, cursor), signal);
    return { items: body.changes, ...(body.metadata.nextCursor ? { next: body.metadata.nextCursor } : {}) };
  });

  return (
    <section aria-labelledby="changes-heading">
      <h1 id="changes-heading">Access changes</h1>
      <p className="muted">Every change to rules, people, groups, tokens, connections and upstream secrets, newest first.</p>
      <form className="audit-filters" onSubmit={submit} aria-label="Filter access changes">
        <div>
          <label htmlFor={`${id}-kind`}>Kind</label>
          <select id={`${id}-kind`} value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value })}>
            <option value="">any</option>
            {['rule', 'user', 'group', 'member', 'token', 'connection', 'upstream-secret'].map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-target`}>Target</label>
          <input id={`${id}-target`} value={draft.target} onChange={(e) => setDraft({ ...draft, target: e.target.value })} />
        </div>
        <div>
          <label htmlFor={`${id}-actor`}>Actor</label>
          <input id={`${id}-actor`} value={draft.actor} onChange={(e) => setDraft({ ...draft, actor: e.target.value })} />
        </div>
        <div>
          <label htmlFor={`${id}-action`}>Change</label>
          <input id={`${id}-action`} value={draft.action} placeholder="create, update, delete…" onChange={(e) => setDraft({ ...draft, action: e.target.value })} />
        </div>
        <DateFilter label="Since" value={draft.since} onChange={(since) => setDraft({ ...draft, since })} />
        <div className="audit-filter-actions">
          <button type="submit">Show changes</button>
        </div>
      </form>
      <PagedTable
        paged={changes}
        loadMore={loadMore}
        what="changes"
        emptyTitle="No changes match these filters."
        moreLabel="Load older changes"
        className="changes-table"
        caption="Access changes, newest first"
        columns={['When (UTC)', 'Kind', 'Target', 'Change', 'By', 'Before', 'After']}
        rowKey={(c) => c.id}
        cells={(c) => (
          <>
            <td>{utcTime(c.at)}</td>
            <td>{c.targetKind}</td>
            <td>
              <code>{c.target}</code>
            </td>
            <td>{c.action}</td>
            <td>{c.actor}</td>
            <td className="small">
              <code>{summary(c.oldValue)}</code>
            </td>
            <td className="small">
              <code>{summary(c.newValue)}</code>
            </td>
          </>
        )}
      />
    </section>
  );
}
