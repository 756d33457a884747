/**
 * The registry audit trail (GET /api/admin/registry-events): every publish, edit and
 * status change, newest first, filtered by server name, action, actor and date, and
 * paged with the API's cursor. Filters live in the address bar.
 */
import { useId } from 'react';
import { Link } from 'react-router';
import { useConsole } from './consoleContext.js';
import { serverPath } from '../catalog/serverPath.js';
import { usePaged, withCursor } from '../ui/usePaged.js';
import { PagedTable } from '../ui/PagedTable.js';
import { utcTime } from '../ui/utcTime.js';
import { signInAgainOn401 } from '../ui/signInAgain.js';
import { eventsQuery, listEvents, type RegistryEvent } from './adminApi.js';
import { dayBound } from '../ui/dayBound.js';
import { useUrlFilters } from '../ui/useUrlFilters.js';
import { DateFilter } from '../ui/DateFilter.js';
import { ShownText } from '../ui/ShownText.js';

function change(event: RegistryEvent): string {
  const value = event.newValue as Record<string, unknown> | null;
  if (event.action === 'status' && value && typeof value === 'object') {
    const old = event.oldValue as Record<string, unknown> | null;
    const message = typeof value.statusMessage === 'string' ? ` (“${value.statusMessage}”)` : '';
    return `${String(old?.status ?? '?')} → ${String(value.status ?? '?')}${message}`;
  }
  if (event.action === 'publish') return 'published';
  return 'document edited';
}

const KEYS = ['name', 'action', 'actor', 'since'] as const;

export default function AuditLogPage() {
  const { token } = useConsole();
  const { filters, draft, setDraft, submit } = useUrlFilters(KEYS);
  const ids = { name: useId(), action: useId(), actor: useId() };
  const query = eventsQuery({ ...filters, since: dayBound(filters.since, false) ?? '' });
  const [events, loadMore] = usePaged<RegistryEvent>(query, async (cursor, signal) => {
    const body = await listEvents(token, withCursor(query, cursor), signal);
    return { items: body.events, ...(body.metadata.nextCursor ? { next: body.metadata.nextCursor } : {}) };
  });

  return (
    <section aria-labelledby="audit-heading">
      <h1 id="audit-heading">Audit log</h1>
      <p className="muted">Every publish, edit and status change in this registry, newest first.</p>
      <form className="audit-filters" onSubmit={submit} aria-label="Filter events">
        <div>
          <label htmlFor={ids.name}>Server name</label>
          <input id={ids.name} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} placeholder="io.github.acme/weather" />
        </div>
        <div>
          <label htmlFor={ids.action}>Action</label>
          <select id={ids.action} value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })}>
            <option value="">any</option>
            <option value="publish">publish</option>
            <option value="edit">edit</option>
            <option value="status">status</option>
          </select>
        </div>
        <div>
          <label htmlFor={ids.actor}>Actor</label>
          <input id={ids.actor} value={draft.actor} onChange={(e) => setDraft({ ...draft, actor: e.target.value })} />
        </div>
        <DateFilter label="Since" value={draft.since} onChange={(since) => setDraft({ ...draft, since })} />
        <div className="audit-filter-actions">
          <button type="submit">Show events</button>
        </div>
      </form>

      <PagedTable
        paged={events}
        loadMore={loadMore}
        what="events"
        emptyTitle="No events match these filters."
        moreLabel="Load older events"
        errorAction={signInAgainOn401}
        className="audit-table"
        caption="Registry events, newest first"
        columns={['When (UTC)', 'Action', 'Server and version', 'Change', 'By']}
        rowKey={(e) => e.id}
        cells={(e) => (
          <>
            <td>{utcTime(e.at)}</td>
            <td>{e.action}</td>
            <td>
              <Link to={`${serverPath(e.name)}?version=${encodeURIComponent(e.version)}`}>
                <ShownText text={e.name} />
              </Link>{' '}
              <span className="muted">
                <ShownText text={e.version} />
              </span>
            </td>
            <td>{change(e)}</td>
            <td>
              <ShownText text={e.actor.subject} /> <span className="muted small">({e.actor.method})</span>
            </td>
          </>
        )}
      />
    </section>
  );
}
